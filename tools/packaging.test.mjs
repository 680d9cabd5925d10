// The installer configuration, read back and validated by electron-builder's own loader (the
// installers themselves need downloads this machine cannot make: see tools/dist.mjs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { APP_DIR_NAME } from '../main/paths';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function loadConfig() {
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('the installer configuration', () => {
  it('flips the Electron fuses that turn the packaged app into nothing but itself', async () => {
    expect((await loadConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('builds AppImage and deb, NSIS and dmg from the app in an ASAR archive', async () => {
    const config = await loadConfig();
    expect({
      asar: config.asar,
      linux: config.linux?.target,
      win: config.win?.target,
      mac: config.mac?.target,
      files: config.files,
    }).toEqual({
      asar: true,
      linux: ['AppImage', 'deb'],
      win: 'nsis',
      mac: 'dmg',
      files: [{ filter: ['dist/main/**', 'dist/renderer/**', 'package.json'] }],
    });
  });

  it('names the app, and so its data folder, as the README and browser mode do', async () => {
    const config = await loadConfig();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect([config.productName, pkg.productName]).toEqual([APP_DIR_NAME, APP_DIR_NAME]);
  });
});

describe('the installers workflow of a connected CI', () => {
  it('runs npm run dist on Linux, Windows and macOS and keeps every installer', () => {
    const workflow = load(
      readFileSync(path.join(root, '.github/workflows/installers.yml'), 'utf8'),
    );
    const job = workflow.jobs.installers;
    expect({
      systems: job.strategy.matrix.include,
      commands: job.steps.filter((step) => step.run).map((step) => step.run),
      kept: job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))?.with.path,
    }).toEqual({
      systems: [
        { os: 'ubuntu-latest', platform: '--linux' },
        { os: 'windows-latest', platform: '--win' },
        { os: 'macos-latest', platform: '--mac' },
      ],
      commands: ['npm ci --no-audit --no-fund', 'npm run dist -- ${{ matrix.platform }}'],
      kept: 'release/*.AppImage\nrelease/*.deb\nrelease/*.exe\nrelease/*.dmg\n',
    });
  });
});
