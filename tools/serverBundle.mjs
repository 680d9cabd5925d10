// The newsroom server's bundle: one ESM file for Node with its dependencies inside (loading one
// file instead of a few hundred modules halves the start here), only native packages left to
// node_modules. A require() shim lets the bundled CommonJS packages (pg, ioredis) load Node's
// built-in modules from ESM. Shared by
// tools/build.mjs (every build) and tools/server.mjs (which rebuilds only this bundle, and only
// when a source it was made from is newer than it). The list of those sources is written beside
// the bundle at each build, from esbuild's metafile.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file listing the bundle's sources (paths relative to the repository). */
export const SERVER_INPUTS = 'dist/server/inputs.json';

/** esbuild options of the server bundle (build.mjs adds the common ones). */
export const SERVER_BUNDLE = {
  entryPoints: ['server/cli/main.ts'],
  outfile: 'dist/server/newsroom.mjs',
  format: 'esm',
  // ssh2 may load an optional native addon (its install script is not run here); left to Node.
  external: ['@node-rs/argon2', 'pg-native', 'ssh2', 'cpu-features'],
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  metafile: true,
  plugins: [
    {
      name: 'record-server-inputs',
      setup(build) {
        build.onEnd((result) => {
          if (result.metafile === undefined) return;
          const root = build.initialOptions.absWorkingDir ?? process.cwd();
          mkdirSync(path.join(root, 'dist/server'), { recursive: true });
          writeFileSync(
            path.join(root, SERVER_INPUTS),
            JSON.stringify(Object.keys(result.metafile.inputs)),
          );
        });
      },
    },
  ],
};
