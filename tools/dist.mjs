// `npm run dist [-- --linux | --win | --mac]`: builds the desktop installers (electron-builder.yml)
// for this machine's system, or the named ones: AppImage and deb on Linux, NSIS on Windows, dmg on
// macOS. electron-builder downloads Electron for the target and its packaging tools from GitHub;
// where that cannot happen it says so in one paragraph and exits non-zero, with no stack trace.
import { spawnSync } from 'node:child_process';
import { rmdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORMS = new Set(['--linux', '--win', '--mac']);

const unknown = process.argv.slice(2).filter((argument) => !PLATFORMS.has(argument));
if (unknown.length > 0) {
  console.error(
    `Unknown option ${unknown.map((item) => `"${item}"`).join(', ')}. Use --linux, --win or --mac (default: this system).`,
  );
  process.exit(2);
}
const chosen = process.argv.slice(2).map((argument) => argument.slice(2));

/** The error's own words, first line only: what a person needs, not a stack. */
function reasonOf(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? 'no reason given';
}

const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|dial tcp|net::ERR_|socket hang up|Unable to download|cannot download/i;

function isNetworkError(error) {
  const parts = [error instanceof Error ? `${error.message} ${error.code ?? ''}` : String(error)];
  if (error instanceof Error && error.cause) parts.push(String(error.cause));
  return NETWORK_ERROR.test(parts.join(' '));
}

function explainOffline(reason) {
  // The builder made an empty release/ before it failed; leave no trace of a build that did not happen.
  try {
    rmdirSync(path.join(root, 'release'));
  } catch {
    // Not there, or it holds installers from an earlier build: leave it.
  }
  console.error(
    [
      '',
      'The installers cannot be built on this machine: electron-builder downloads the Electron',
      'runtime for each target system and its packaging tools (AppImage, NSIS, dmg) from GitHub,',
      `and this machine cannot reach it (${reason}). No installer was made. On a computer with`,
      "internet access, `npm run dist` builds this system's installers, and the CI workflow",
      '.github/workflows/installers.yml builds all three (Linux, Windows, macOS). Meanwhile the',
      'whole workstation runs in a browser: `npm run web`.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const built = spawnSync(process.execPath, [path.join(root, 'tools/build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  console.error('The build failed (see above), so no installer was made.');
  process.exit(built.status ?? 1);
}

let builder;
try {
  builder = await import('electron-builder');
} catch (error) {
  console.error(
    `electron-builder is not installed here (${reasonOf(error)}): run \`npm ci\` first.`,
  );
  process.exit(1);
}

try {
  const artifacts = await builder.build({
    projectDir: root,
    publish: 'never',
    ...Object.fromEntries(chosen.map((platform) => [platform, []])),
  });
  console.info(
    `Installers written:\n${artifacts
      .filter((file) => !file.endsWith('.blockmap') && !file.endsWith('.yml'))
      .map((file) => `  ${path.relative(root, file)}`)
      .join('\n')}`,
  );
} catch (error) {
  if (isNetworkError(error)) explainOffline(reasonOf(error));
  console.error(`The installers could not be built: ${reasonOf(error)}`);
  process.exit(1);
}
