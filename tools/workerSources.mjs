// Worker threads of main's services, embedded in the bundles that start them. Each worker is
// bundled by esbuild into one CommonJS script and handed to the code as a string constant
// (`define`), which starts it with `new Worker(source, { eval: true })`. So the worker needs no
// file of its own beside the bundle: it runs the same from dist/main (Electron, inside app.asar),
// dist/web, dist/server, the bench and vitest (vitest.config.ts defines the same constants).
import { build, buildSync } from 'esbuild';

/** Constant name → the worker's entry file (relative to the repository). */
export const WORKER_ENTRIES = {
  __MEDIA_WORKER_SOURCE__: 'main/services/media/mediaWorker.ts',
};

function workerOptions(root, entry) {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'warning',
  };
}

function collect(results) {
  const define = {};
  const inputs = new Set();
  for (const [name, result] of results) {
    define[name] = JSON.stringify(result.outputFiles[0]?.text ?? '');
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
  }
  return { define, inputs: [...inputs] };
}

/** The worker constants for esbuild's `define`, and the source files they were made from. */
export async function bundleWorkerSources(root) {
  return collect(
    await Promise.all(
      Object.entries(WORKER_ENTRIES).map(async ([name, entry]) => [
        name,
        await build(workerOptions(root, entry)),
      ]),
    ),
  );
}

/** The same, synchronously (vitest's configuration). */
export function bundleWorkerSourcesSync(root) {
  return collect(
    Object.entries(WORKER_ENTRIES).map(([name, entry]) => [
      name,
      buildSync(workerOptions(root, entry)),
    ]),
  );
}

/**
 * An esbuild plugin defining the worker constants in the bundle it builds, and listing the
 * workers' sources among the bundle's inputs (its metafile), so a staleness check sees them.
 * `sources` (from `bundleWorkerSources`) may be shared by the bundles of one build.
 */
export function workerSourcesPlugin(sources) {
  return {
    name: 'worker-sources',
    async setup(bundle) {
      const { define, inputs } = await sources;
      bundle.initialOptions.define = { ...bundle.initialOptions.define, ...define };
      bundle.onEnd((result) => {
        if (result.metafile === undefined) return;
        for (const input of inputs) result.metafile.inputs[input] ??= { bytes: 0, imports: [] };
      });
    },
  };
}
