import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchHeadlessChromium } from './browser';

/** TypeScript that imports renderer modules and puts what a test calls on `window`. */
export interface ModuleSource {
  contents: string;
  /** Where the source's relative imports resolve from (the test file's folder). */
  resolveDir: string;
}

/**
 * A page of real Chromium running renderer modules, for unit tests of code that needs the real
 * browser (IndexedDB, Dexie, y-dexie): `source` is bundled by esbuild as the app bundles it and
 * run on a page with an http origin, since IndexedDB is not available on about:blank. Pages opened
 * from one browser context share their IndexedDB, as two windows of the workstation do.
 */
export async function openModulePage(
  opener: { newPage(): Promise<Page> },
  source: ModuleSource,
): Promise<Page> {
  const bundle = await build({
    stdin: { contents: source.contents, resolveDir: source.resolveDir, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    // Components as Vite builds them (React's automatic JSX runtime), less the styles they import.
    jsx: 'automatic',
    loader: { '.css': 'empty' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const page = await opener.newPage();
  await page.route('http://modules.test/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>modules</title>' }),
  );
  await page.goto('http://modules.test/');
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
  return page;
}

/**
 * Starts headless Chromium before the tests of a file and closes it after them; the returned
 * functions give the browser and a page running `source` (one per file, opened before the tests).
 */
export function modulePageForTests(source: ModuleSource): { page(): Page; browser(): Browser } {
  let browser: Browser | null = null;
  let page: Page | null = null;
  beforeAll(async () => {
    browser = await launchHeadlessChromium();
    // A context of its own, so a test can open a second window of the same profile in it.
    page = await openModulePage(await browser.newContext(), source);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    page() {
      if (page === null) throw new Error('The module page is opened before the tests run');
      return page;
    },
    browser() {
      if (browser === null) throw new Error('Chromium is started before the tests run');
      return browser;
    },
  };
}
