import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumExecutable } from './browser';
import { findElectronBinary } from '../../tools/electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Checks the build exists and says, once, which browser runs and why Electron may be skipped. */
export default function globalSetup(): void {
  if (
    !existsSync(path.join(root, 'dist/web/cli.mjs')) ||
    !existsSync(path.join(root, 'dist/renderer/index.html'))
  ) {
    throw new Error(
      'dist/ is missing: run `npm run test:e2e` (it builds first) or `node tools/build.mjs`.',
    );
  }
  console.info(`End-to-end: browser mode in ${chromiumExecutable()}`);
  const electron = findElectronBinary();
  console.info(
    'path' in electron
      ? `End-to-end: Electron app at ${electron.path}`
      : `Electron project skipped: ${electron.reason}`,
  );
}
