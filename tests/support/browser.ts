import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';

/** Flags for Chromium on this machine: no network chatter, no first-run UI; no sandbox as root. */
export const CHROMIUM_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter',
  '--password-store=basic',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** The Chromium to drive: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own. */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(
    (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
  );
  return found ?? chromium.executablePath();
}

/** `Chromium 156.0.… built on Debian…` as the binary reports itself (the bench names its machine). */
export function chromiumVersion(): string {
  const run = spawnSync(chromiumExecutable(), ['--version'], { encoding: 'utf8' });
  return (run.stdout ?? '').trim().split('\n').at(-1) ?? 'unknown';
}

/** A headless Chromium for tests that need a real browser but no workstation (unit tests of DOM code). */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_FLAGS });
}

/** A Chromium process we started ourselves, so a test can SIGKILL it like a crash. */
export interface LaunchedBrowser {
  process: ChildProcess;
  browser: Browser;
  context: BrowserContext;
  /** Kills the whole browser at once, no clean shutdown (SIGKILL). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on a profile folder and connects to it over CDP: the one way the e2e
 * tests and the bench start it. Its flags keep it from doing anything on its own (network chatter,
 * component updates, first-run UI) that would change a test or land inside a measurement.
 */
export async function launchChromium(profileDir: string): Promise<LaunchedBrowser> {
  const child = spawn(
    chromiumExecutable(),
    [
      ...CHROMIUM_FLAGS,
      '--headless=new',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      '--window-size=1400,1000',
      'about:blank',
    ],
    // Its own process group, so the zygote and renderers die with it and leave the profile alone.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  function killGroup(signal: NodeJS.Signals) {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}:\n${output}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const [context] = browser.contexts();
  if (context === undefined) throw new Error('Chromium has no default context');
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    process: child,
    browser,
    context,
    async kill() {
      killGroup('SIGKILL');
      await exited;
    },
    async close() {
      await browser.close().catch(() => undefined);
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      killGroup('SIGKILL');
      await exited;
    },
  };
}
