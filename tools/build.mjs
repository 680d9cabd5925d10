// Builds everything the app runs: the renderer with Vite, and main, preload and the command-line
// entries with esbuild. Neither needs the Electron binary, so this works where none can be had.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { SERVER_BUNDLE } from './serverBundle.mjs';
import { bundleWorkerSources, workerSourcesPlugin } from './workerSources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const define = { __APP_VERSION__: JSON.stringify(version) };

const bundles = [
  // Electron main: CommonJS, electron and the native sharp left to Node's require.
  {
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main/index.cjs',
    format: 'cjs',
    external: ['electron', 'sharp'],
  },
  // The sandboxed preload must be one CommonJS file: only `electron` may be required.
  {
    entryPoints: ['main/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  },
  // Browser mode and command-line tools: plain Node, dependencies from node_modules.
  {
    entryPoints: ['main/web/cli.ts'],
    outfile: 'dist/web/cli.mjs',
    format: 'esm',
    packages: 'external',
  },
  {
    entryPoints: ['main/cli/rebuildSite.ts'],
    outfile: 'dist/cli/rebuildSite.mjs',
    format: 'esm',
    packages: 'external',
  },
  SERVER_BUNDLE,
];

/** Bundles the Node entry points whose output file is one of `outfiles` (all by default). */
export async function buildNodeBundles(outfiles = bundles.map((bundle) => bundle.outfile)) {
  // The worker threads main's services start, bundled once and embedded in each bundle.
  const workers = bundleWorkerSources(root);
  await Promise.all(
    bundles
      .filter((options) => outfiles.includes(options.outfile))
      .map((options) =>
        esbuild({
          absWorkingDir: root,
          bundle: true,
          platform: 'node',
          // The oldest Node that runs them: engines (22.12), and Electron's own (newer).
          target: 'node22',
          sourcemap: true,
          logLevel: 'warning',
          define,
          ...options,
          plugins: [workerSourcesPlugin(workers), ...(options.plugins ?? [])],
        }),
      ),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await Promise.all([
    buildNodeBundles(),
    viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' }),
  ]);
  console.info('Built dist/ (renderer, main, preload, browser mode, newsroom server).');
}
