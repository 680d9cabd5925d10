// `npm run bench [-- --quick]`: the speed the newsroom feels, each figure beside a baseline measured
// in the same run. Builds the bench page (the real renderer modules, into dist/bench, never into the
// shipped dist/renderer) and the Node runner, then runs them; prints the table and writes
// bench/results.json. Exits non-zero only when a benchmark could not run, never for a missed target:
// speed is judged by people reading the table, not by a flaky assertion in `npm test`.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isQuick = process.argv.includes('--quick');

async function buildBench() {
  await Promise.all([
    esbuild({
      absWorkingDir: root,
      entryPoints: ['bench/node/run.ts'],
      outfile: 'dist/bench/run.mjs',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
      define: { __APP_VERSION__: JSON.stringify('bench') },
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
        sourcemap: true,
        chunkSizeWarningLimit: 4000,
      },
    }),
  ]);
}

try {
  await buildBench();
  /** @type {{ runBench(options: { root: string, isQuick: boolean }): Promise<unknown>, renderTable(results: unknown): string }} */
  const runner = await import(pathToFileURL(path.join(root, 'dist/bench/run.mjs')).href);
  const results = await runner.runBench({ root, isQuick });
  console.info(`\n${runner.renderTable(results)}\n\nWrote bench/results.json`);
} catch (error) {
  console.error('A benchmark could not run:', error);
  process.exit(1);
}
