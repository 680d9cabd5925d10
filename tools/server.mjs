// `npm run server -- …`: runs the built newsroom server (dist/server/newsroom.mjs). It rebuilds
// that one bundle first only when it is missing, or older than a source it was made from (the
// list esbuild recorded at the last build) or than package-lock.json: once built, it starts at once.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, SERVER_INPUTS } from './serverBundle.mjs';
import { bundleWorkerSources, workerSourcesPlugin } from './workerSources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, SERVER_BUNDLE.outfile);

function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function isStale() {
  const inputsFile = path.join(root, SERVER_INPUTS);
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true;
  const builtAt = modifiedAt(bundle);
  const inputs = [...JSON.parse(readFileSync(inputsFile, 'utf8')), 'package-lock.json'];
  return inputs.some((input) => modifiedAt(path.join(root, input)) > builtAt);
}

if (isStale()) {
  const { build } = await import('esbuild');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      target: 'node22',
      sourcemap: true,
      logLevel: 'error',
      define: { __APP_VERSION__: JSON.stringify(version) },
      ...SERVER_BUNDLE,
      plugins: [workerSourcesPlugin(bundleWorkerSources(root)), ...SERVER_BUNDLE.plugins],
      write: false,
    });
  } catch {
    console.error('The newsroom server could not be built (see above).');
    process.exit(1);
  }
  // Written aside and renamed into place: another `npm run server` starting at the same moment
  // loads either the old bundle or the new one, never half of one.
  mkdirSync(path.dirname(bundle), { recursive: true });
  for (const file of result.outputFiles) {
    const staging = `${file.path}.${process.pid}.tmp`;
    writeFileSync(staging, file.contents);
    renameSync(staging, file.path);
  }
}
await import(pathToFileURL(bundle).href);
