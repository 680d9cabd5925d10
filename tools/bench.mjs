// `npm run bench [-- --quick]`: the speed the newsroom feels, each figure beside a baseline measured
// in the same run. Builds the bench page (the real renderer modules, into dist/bench, never into the
// shipped dist/renderer), browser mode and the Node runner, then runs them (browser mode and
// Chromium started by the e2e tests' harness, tests/support); prints the table and writes
// bench/results.json. Exits non-zero only when a benchmark could not run, never for a missed target:
// speed is judged by people reading the table, not by a flaky assertion in `npm test`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { buildNodeBundles } from './build.mjs';
import { bundleWorkerSources, workerSourcesPlugin } from './workerSources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isQuick = process.argv.includes('--quick');
// `--profile` also writes V8 CPU profiles of the story view (typing, opening) and the stories list to dist/bench/profiles.
// `--only=typing,open,saves,checking,list,photoImport,media,portal,server,collab,newsroomPhotos,targets,newsroom`
// runs just those (to re-measure a fix).
const onlyArgument = process.argv.find((argument) => argument.startsWith('--only='));
const only = onlyArgument === undefined ? null : new Set(onlyArgument.slice(7).split(','));
const profileDir = process.argv.includes('--profile')
  ? path.join(root, 'dist/bench/profiles')
  : null;

async function buildBench() {
  // The newsroom part drives the real workstation: browser mode serving the app's renderer (the
  // newsroom server rebuilds itself when started, if its sources changed).
  const needsApp = only === null || only.has('newsroom');
  await Promise.all([
    ...(needsApp
      ? [viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' })]
      : []),
    // Browser mode itself, which the harness starts to serve the bench page.
    buildNodeBundles(['dist/web/cli.mjs']),
    esbuild({
      absWorkingDir: root,
      entryPoints: ['bench/node/run.ts'],
      outfile: 'dist/bench/run.mjs',
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
      define: { __APP_VERSION__: JSON.stringify('bench') },
      plugins: [workerSourcesPlugin(bundleWorkerSources(root))],
    }),
    viteBuild({
      configFile: false,
      root: path.join(root, 'bench/page'),
      base: '/',
      plugins: [react()],
      logLevel: 'warn',
      build: {
        outDir: path.join(root, 'dist/bench/page'),
        emptyOutDir: true,
        target: 'chrome120',
        // Profiles are read by people: keep names when profiling, ship-like minified code otherwise.
        minify: profileDir === null,
        sourcemap: true,
        chunkSizeWarningLimit: 4000,
      },
    }),
  ]);
}

try {
  await buildBench();
  /** @type {{ BENCH_PARTS: readonly string[], runBench(options: { root: string, isQuick: boolean, profileDir: string | null, only: Set<string> | null }): Promise<{ broken: unknown[] }>, renderTable(results: unknown): string }} */
  const runner = await import(pathToFileURL(path.join(root, 'dist/bench/run.mjs')).href);
  const unknownParts = [...(only ?? [])].filter((part) => !runner.BENCH_PARTS.includes(part));
  if (unknownParts.length > 0) {
    console.error(
      `--only knows no benchmark named ${unknownParts.map((part) => `"${part}"`).join(', ')}. Choose from: ${runner.BENCH_PARTS.join(', ')}.`,
    );
    process.exit(2);
  }
  if (profileDir !== null) mkdirSync(profileDir, { recursive: true });
  const results = await runner.runBench({ root, isQuick, profileDir, only });
  console.info(`\n${runner.renderTable(results)}\n\nWrote bench/results.json`);
  if (results.broken.length > 0) {
    console.error(`${results.broken.length} benchmark(s) broke (see BROKEN above).`);
    process.exit(1);
  }
} catch (error) {
  console.error('A benchmark could not run:', error);
  process.exit(1);
}
