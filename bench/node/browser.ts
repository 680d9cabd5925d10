import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';

/** The Chromium the benchmarks drive: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(
    (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
  );
  return found ?? chromium.executablePath();
}

/** `Chromium 156.0.… built on Debian…` as the binary reports itself. */
export function chromiumVersion(): string {
  const run = spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' });
  return (run.stdout ?? '').trim().split('\n').at(-1) ?? 'unknown';
}

/** A headless Chromium we started, connected over CDP. */
export interface BenchBrowser {
  browser: Browser;
  context: BrowserContext;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on its own profile folder. The flags keep it from doing anything on its
 * own (network chatter, component updates, first-run UI) that would land inside a measurement.
 */
export async function launchBenchBrowser(profileDir: string): Promise<BenchBrowser> {
  const child = spawn(
    chromiumPath(),
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      '--password-store=basic',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      '--window-size=1400,1000',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
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
    browser,
    context,
    process: child,
    async close() {
      await browser.close().catch(() => undefined);
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
