// `npm run web -- --port P --data-dir D`: builds, then starts browser mode in this process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [path.join(root, 'tools/build.mjs')], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) {
  console.error('The build failed (see above), so browser mode did not start.');
  process.exit(built.status ?? 1);
}
await import(path.join(root, 'dist/web/cli.mjs'));
