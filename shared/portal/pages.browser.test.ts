import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchHeadlessChromium } from '../../tests/support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_STRINGS } from '../../tests/support/portal/attacks';
import { renderAttackPages } from '../../tests/support/portal/attackSite';
import { renderWuxiGoldenPages } from '../../tests/support/portal/goldenPages';
import {
  PUNCTUATED_PATH,
  renderSchemeSite,
  SCHEME_PATH,
  schemeProfile,
} from '../../tests/support/portal/schemeSite';
import { absoluteUrl } from './paths';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let browser: Browser;

beforeAll(async () => {
  browser = await launchHeadlessChromium();
});

afterAll(async () => {
  await browser.close();
});

/** What a page did and holds that an injected payload would change. */
interface PageFindings {
  isPwned: boolean;
  dialogs: string[];
  scripts: string[];
  styleCount: number;
  eventHandlerAttributes: string[];
  scriptUrls: string[];
  foreignElements: string[];
}

async function inspect(page: Page, html: string): Promise<PageFindings> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setContent(html, { waitUntil: 'load' });
  // Give focus, hover and timer-driven payloads a chance to fire.
  await page.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll('a, img, p, h1, span'))) {
      element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      if (element instanceof HTMLElement) element.focus();
    }
  });
  await page.waitForTimeout(50);
  const findings = await page.evaluate(() => {
    const elements = Array.from(document.querySelectorAll('*'));
    return {
      isPwned: (window as unknown as { __pwned?: unknown }).__pwned !== undefined,
      scripts: Array.from(document.scripts).map((script) => script.type),
      styleCount: document.querySelectorAll('style').length,
      eventHandlerAttributes: elements.flatMap((element) =>
        element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
      ),
      scriptUrls: elements.flatMap((element) =>
        ['href', 'src', 'srcset', 'action', 'data', 'formaction']
          .map((name) => element.getAttribute(name) ?? '')
          .filter((value) => /^\s*(javascript|data|vbscript):/i.test(value)),
      ),
      foreignElements: elements
        .map((element) => element.localName)
        .filter((name) =>
          [
            'iframe',
            'object',
            'embed',
            'svg',
            'math',
            'base',
            'form',
            'input',
            'video',
            'marquee',
            'noscript',
            'textarea',
            'details',
            'button',
          ].includes(name),
        ),
    };
  });
  return { ...findings, dialogs };
}

function cleanFindings(): PageFindings {
  return {
    isPwned: false,
    dialogs: [],
    scripts: [],
    styleCount: 1,
    eventHandlerAttributes: [],
    scriptUrls: [],
    foreignElements: [],
  };
}

describe('the portal pages in Chromium', () => {
  it(`run none of ${ATTACK_STRINGS.length} attack strings put in every field, caption and link, and show them as text`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const [index, attack] of ATTACK_STRINGS.entries()) {
      const pages = renderAttackPages(attack, index);
      const shown = attack.replace(/\0/g, '');
      for (const [name, html] of Object.entries(pages.html)) {
        const findings = await inspect(page, html);
        const expectedScripts =
          name === 'article' || name === 'preview' ? ['application/ld+json'] : [];
        const expected = { ...cleanFindings(), scripts: expectedScripts };
        if (!isDeepStrictEqual(findings, expected)) {
          failures.push(`${JSON.stringify(attack)} ${name}: ${JSON.stringify(findings)}`);
        }
        const texts = await page.evaluate(() => ({
          heading: document.querySelector('h1')?.textContent ?? '',
          captions: Array.from(
            document.querySelectorAll('figcaption'),
            (caption) => caption.textContent ?? '',
          ),
          links: Array.from(
            document.querySelectorAll('main a[href]'),
            (link) => link.textContent ?? '',
          ),
        }));
        if (name === 'article' || name === 'preview') {
          const expectedTexts = {
            heading: shown,
            captions: [`${shown.trim()} ${shown.trim()}`, `${shown.trim()} ${shown.trim()}`],
          };
          const actual = { heading: texts.heading, captions: texts.captions };
          if (!isDeepStrictEqual(actual, expectedTexts)) {
            failures.push(`${JSON.stringify(attack)} ${name} text: ${JSON.stringify(actual)}`);
          }
        } else if (!texts.links.some((text) => text === shown)) {
          failures.push(`${JSON.stringify(attack)} ${name}: no link shows the headline as text`);
        }
      }
      for (const [name, xml] of Object.entries(pages.xml)) {
        const titles = await page.evaluate((source) => {
          const document = new DOMParser().parseFromString(source, 'application/xml');
          if (document.querySelector('parsererror') !== null) return null;
          return Array.from(
            document.getElementsByTagNameNS('*', 'title'),
            (title) => title.textContent ?? '',
          );
        }, xml);
        const inXml = attack.replace(/[\0\u2028\u2029]/g, (character) =>
          character === '\0' ? '' : character,
        );
        if (titles === null || !titles.includes(inXml)) {
          failures.push(`${JSON.stringify(attack)} ${name}: ${JSON.stringify(titles)}`);
        }
      }
    }
    await context.close();
    expect(failures).toEqual([]);
  }, 180_000);

  it('shows axe-core no serious or critical violation on the Wuxi pages, on a desktop and on a phone', async () => {
    const pages = {
      ...renderWuxiGoldenPages(),
      attack: renderAttackPages(ATTACK_STRINGS[0] ?? '', 0).html.article,
    };
    const violations: string[] = [];
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 740 },
    ]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const [name, html] of Object.entries(pages)) {
        await page.setContent(html, { waitUntil: 'load' });
        await page.addScriptTag({ content: axeSource });
        const found = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run(): Promise<{
                  violations: Array<{ id: string; impact: string | null; nodes: unknown[] }>;
                }>;
              };
            }
          ).axe;
          const result = await axe.run();
          return result.violations
            .filter(
              (violation) => violation.impact === 'serious' || violation.impact === 'critical',
            )
            .map(
              (violation) =>
                `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes)`,
            );
        });
        violations.push(...found.map((violation) => `${viewport.width}px ${name}: ${violation}`));
      }
      await context.close();
    }
    expect(violations).toEqual([]);
  }, 120_000);
});

/** Every URL a page's elements point to, resolved as a browser would from the page's own URL. */
async function resolvedUrls(page: Page, html: string, pageUrl: string): Promise<string[]> {
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate((base) => {
    const values = Array.from(document.querySelectorAll('*')).flatMap((element) => [
      ...['href', 'src', 'action', 'formaction', 'data', 'poster', 'cite'].flatMap((name) => {
        const value = element.getAttribute(name);
        return value === null ? [] : [value];
      }),
      ...(element.getAttribute('srcset') ?? '')
        .split(',')
        .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
        .filter((url) => url !== ''),
    ]);
    return values.map((value) => new URL(value, base).href);
  }, pageUrl);
}

/** The URLs a feed or sitemap lists. */
async function listedUrls(page: Page, xml: string): Promise<string[]> {
  return page.evaluate((source) => {
    const document = new DOMParser().parseFromString(source, 'application/xml');
    // By qualified name: a CSS `link` selector would match `atom:link` too.
    return [
      ...['loc', 'link', 'guid'].flatMap((name) =>
        Array.from(document.getElementsByTagName(name), (node) => node.textContent),
      ),
      ...Array.from(document.getElementsByTagName('atom:link'), (node) =>
        node.getAttribute('href'),
      ),
    ].map((url) => url ?? '');
  }, xml);
}

describe('links on a site whose paths and section ids read as schemes', () => {
  it('all resolve to http, https or mailto, and still reach every published story', async () => {
    const profile = schemeProfile();
    const site = renderSchemeSite();
    const context = await browser.newContext();
    const page = await context.newPage();
    const schemes = new Set<string>();
    const reachedPaths = new Set<string>();
    const origin = new URL(profile.baseUrl).origin;
    function note(url: string): void {
      const parsed = new URL(url);
      if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) schemes.add(url);
      if (parsed.origin === origin && parsed.search === '' && parsed.hash === '') {
        reachedPaths.add(decodeURIComponent(parsed.pathname.slice(1)));
      }
    }
    for (const { path, html } of Object.values(site.html)) {
      for (const url of await resolvedUrls(page, html, absoluteUrl(profile, path))) note(url);
    }
    for (const xml of Object.values(site.xml)) {
      for (const url of await listedUrls(page, xml)) note(url);
    }
    await context.close();
    const childPath = Object.values(site.html)
      .map((sitePage) => sitePage.path)
      .find((path) => path.startsWith(`${profile.sections[0]?.id ?? ''}/x/`));
    expect({
      schemes: [...schemes],
      reaches: [SCHEME_PATH, PUNCTUATED_PATH, childPath].map(
        (path) => path !== undefined && reachedPaths.has(path),
      ),
    }).toEqual({ schemes: [], reaches: [true, true, true] });
  }, 60_000);
});
