// Finds the Electron binary without importing `electron` (whose index.js downloads it on import).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.join(root, 'node_modules', 'electron');

/** @returns {{ path: string } | { reason: string }} where the binary is, or why there is none. */
export function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(candidate)
      ? { path: candidate }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${candidate}).` };
  }
  if (!existsSync(packageDir))
    return { reason: 'the electron package is not installed (run npm ci).' };
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason:
        'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing); it is fetched by `npm start` on a connected machine.',
    };
  }
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { path: binary }
    : { reason: `the Electron binary named in path.txt is missing (${binary}).` };
}

/** Where `npm install-electron` would write; used by `npm start` to fetch the binary. */
export const electronInstallScript = path.join(packageDir, 'install.js');
