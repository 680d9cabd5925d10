import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  _electron,
  type ElectronApplication,
  expect,
  type Page,
  test as base,
} from '@playwright/test';
import { launchChromium, type LaunchedBrowser } from './browser';
import { findElectronBinary } from '../../tools/electronBinary.mjs';
import { type ServerHandle, startServer } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Which workstation a spec drives: browser mode in Chromium, or the Electron app. */
export type Target = 'browser' | 'electron';

/** The workstation under test, with a fresh data folder and browser profile of its own. */
export interface WorkstationUnderTest {
  target: Target;
  /** The app page; after a relaunch, read it again. */
  page: Page;
  dataDir: string;
  profileDir: string;
  /** Browser mode's server (null for Electron). */
  server: ServerHandle | null;
  /** Stops the services, runs `beforeStart` (e.g. to damage a file), starts them again, reopens the app. */
  restartServices(beforeStart?: () => void | Promise<void>): Promise<Page>;
  /** SIGKILLs the browser (or the Electron app) with no clean shutdown and starts it again on the same profile. */
  crashAndRelaunch(): Promise<Page>;
}

/** Cleanup is best effort: a folder a helper process still holds is reported, never a test failure. */
function removeTemporaryFolder(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.warn(
      `Could not remove ${folder}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function openApp(page: Page, url: string, hash = ''): Promise<Page> {
  await page.goto(url + hash);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return page;
}

async function browserWorkstation(
  dataDir: string,
  profileDir: string,
): Promise<{ handle: WorkstationUnderTest; dispose(): Promise<void> }> {
  let server = await startServer(dataDir);
  let browser: LaunchedBrowser = await launchChromium(profileDir);
  const handle: WorkstationUnderTest = {
    target: 'browser',
    page: await openApp(await browser.context.newPage(), server.readyUrl),
    dataDir,
    profileDir,
    server,
    async restartServices(beforeStart) {
      const hash = new URL(handle.page.url()).hash;
      await server.stop();
      await beforeStart?.();
      server = await startServer(dataDir, { port: server.port });
      handle.server = server;
      handle.page = await openApp(handle.page, server.readyUrl, hash);
      return handle.page;
    },
    async crashAndRelaunch() {
      const hash = new URL(handle.page.url()).hash;
      await browser.kill();
      browser = await launchChromium(profileDir);
      handle.page = await openApp(await browser.context.newPage(), server.readyUrl, hash);
      return handle.page;
    },
  };
  return {
    handle,
    async dispose() {
      await browser.close();
      await server.stop();
    },
  };
}

async function electronWorkstation(
  dataDir: string,
  binary: string,
): Promise<{ handle: WorkstationUnderTest; dispose(): Promise<void> }> {
  async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
    const app = await _electron.launch({
      executablePath: binary,
      args: [path.join(root, 'dist/main/index.cjs'), '--data-dir', dataDir],
      cwd: root,
    });
    const page = await app.firstWindow();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    return { app, page };
  }
  let running = await launch();
  const handle: WorkstationUnderTest = {
    target: 'electron',
    page: running.page,
    dataDir,
    profileDir: dataDir,
    server: null,
    async restartServices(beforeStart) {
      await running.app.close();
      await beforeStart?.();
      running = await launch();
      handle.page = running.page;
      return handle.page;
    },
    async crashAndRelaunch() {
      running.app.process().kill('SIGKILL');
      await new Promise((resolve) => running.app.process().once('exit', resolve));
      running = await launch();
      handle.page = running.page;
      return handle.page;
    },
  };
  return { handle, dispose: () => running.app.close() };
}

/** Playwright's `test` with a fresh workstation per test; `page` is its app page. */
export const test = base.extend<{ target: Target; workstation: WorkstationUnderTest }>({
  target: ['browser', { option: true }],
  workstation: async ({ target }, use, testInfo) => {
    const parent = mkdtempSync(path.join(tmpdir(), 'workstation-e2e-'));
    const dataDir = path.join(parent, 'data');
    const profileDir = path.join(parent, 'profile');
    let opened: { handle: WorkstationUnderTest; dispose(): Promise<void> };
    if (target === 'electron') {
      const binary = findElectronBinary();
      test.skip(
        'reason' in binary,
        `Electron project skipped: ${'reason' in binary ? binary.reason : ''}`,
      );
      if (!('path' in binary)) return;
      opened = await electronWorkstation(dataDir, binary.path);
    } else {
      opened = await browserWorkstation(dataDir, profileDir);
    }
    await use(opened.handle);
    await opened.dispose();
    if (testInfo.status === testInfo.expectedStatus) removeTemporaryFolder(parent);
  },
  page: async ({ workstation }, use) => {
    await use(workstation.page);
  },
});

export { expect };
