// `npm start`: fetches the Electron binary if this machine lacks it, builds, and opens the app.
// Where the binary cannot be had, it says so in one paragraph and exits non-zero: no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronInstallScript, findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function explainAndExit(reason) {
  console.error(
    [
      '',
      'Newsroom Workstation cannot open as a desktop app here: the Electron runtime is not on this',
      `machine and could not be downloaded (${reason}). On a computer with internet access, \`npm start\``,
      'downloads it once and opens the app. Without it you can use the full workstation in a browser:',
      'run `npm run web` and open the address it prints in Chromium or Chrome.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

let binary = findElectronBinary();
if ('reason' in binary) {
  console.info('Downloading the Electron runtime (once)…');
  const install = spawnSync(process.execPath, [electronInstallScript], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  const output = `${install.stdout ?? ''}\n${install.stderr ?? ''}`;
  if (install.status !== 0) {
    const firstError = /^(\w*Error): (.*)$/m.exec(output);
    explainAndExit(
      firstError
        ? `${firstError[1]}: ${firstError[2]}`
        : (install.error?.message ?? `the download exited with ${install.status}`),
    );
  }
  binary = findElectronBinary();
  if ('reason' in binary) explainAndExit(binary.reason);
}

const built = spawnSync(process.execPath, [path.join(root, 'tools/build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  console.error('The build failed (see above), so the app did not start.');
  process.exit(built.status ?? 1);
}

const app = spawn(binary.path, [path.join(root, 'dist/main/index.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
