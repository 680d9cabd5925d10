import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../tests/support/modulePage';
import { HEADLINE_PLACES } from './headlineFit';

const here = fileURLToPath(new URL('.', import.meta.url));
const golden = (name: string) =>
  readFileSync(new URL(`../portal/__golden__/${name}`, import.meta.url), 'utf8');
const arimoBold = readFileSync(
  createRequire(import.meta.url).resolve('@fontsource/arimo/files/arimo-latin-700-normal.woff2'),
).toString('base64');

/** The counting code as the app bundles it, on a page of real Chromium. */
const { page, browser } = modulePageForTests({
  contents:
    "import { fitHeadline, withSquareCjk } from './headlineFit'; Object.assign(window, { fitHeadline, withSquareCjk });",
  resolveDir: here,
});

/** Arimo Bold loaded from its bytes, under the name the counting code measures with. */
beforeAll(async () => {
  await page().evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const face = new FontFace('Headline Arimo', bytes, { weight: '700' });
    document.fonts.add(await face.load());
  }, arimoBold);
});

/** Lines the counting code gives, and lines Chromium lays out, for a headline in every place. */
function countBoth(headline: string) {
  return page().evaluate((text) => {
    const api = window as unknown as {
      fitHeadline(
        text: string,
        measure: (text: string, fontPx: number) => number,
      ): Array<{ place: { id: string; fontPx: number; widthPx: number }; lines: number }>;
      withSquareCjk(
        measure: (text: string, fontPx: number) => number,
      ): (text: string, fontPx: number) => number;
    };
    const context = document.createElement('canvas').getContext('2d');
    if (context === null) throw new Error('no canvas');
    const measure = api.withSquareCjk((part, fontPx) => {
      context.font = `700 ${fontPx}px "Headline Arimo"`;
      return context.measureText(part).width;
    });
    return api.fitHeadline(text, measure).map((fit) => {
      const heading = document.createElement('h1');
      heading.textContent = text;
      heading.style.cssText = `font: 700 ${fit.place.fontPx}px/1.25 "Headline Arimo"; width: ${fit.place.widthPx}px; margin: 0; padding: 0`;
      document.body.append(heading);
      const laidOut = Math.round(
        heading.getBoundingClientRect().height / (fit.place.fontPx * 1.25),
      );
      heading.remove();
      return { place: fit.place.id, counted: fit.lines, laidOut };
    });
  }, headline);
}

describe('headline places', () => {
  it('match the portal pages: the h1 at 1280 and 375 px, the home page card at 1280', async () => {
    const found: Array<{ id: string; fontPx: number; widthPx: number }> = [];
    for (const [id, file, selector, width] of [
      ['desktop', 'wuxi-article.html', 'h1', 1280],
      ['mobile', 'wuxi-article.html', 'h1', 375],
      ['card', 'wuxi-home.html', '.story-list h2, .story-list h3', 1280],
    ] as const) {
      const portal = await browser().newPage({ viewport: { width, height: 900 } });
      await portal.setContent(golden(file));
      const box = await portal
        .locator(selector)
        .first()
        .evaluate((element) => ({
          widthPx: element.clientWidth,
          fontPx: Number.parseFloat(getComputedStyle(element).fontSize),
          weight: getComputedStyle(element).fontWeight,
          family: getComputedStyle(element).fontFamily,
        }));
      expect(box.weight).toBe('700');
      expect(box.family.startsWith('Arial')).toBe(true);
      found.push({ id, fontPx: box.fontPx, widthPx: box.widthPx });
      await portal.close();
    }
    expect(found).toEqual(
      HEADLINE_PLACES.map(({ id, fontPx, widthPx }) => ({ id, fontPx, widthPx })),
    );
  });
});

describe('counting headline lines in the bundled font', () => {
  it('agrees with Chromium laying out the same headline, in every place', async () => {
    for (const headline of [
      'Wuxi reaps strong partnership to push forward IoT industry',
      'Wuxi signs deal',
      'China Electronics Technology Hik Group will invest 10 billion yuan ($1.5 billion) in IoT projects in Wuxi, Jiangsu province',
      '无锡与中国电子科技集团签署战略合作协议，推动物联网产业发展',
    ]) {
      const results = await countBoth(headline);
      expect(results.map((result) => result.counted)).toEqual(
        results.map((result) => result.laidOut),
      );
    }
  });

  it('finds a headline that wraps to four lines on a phone, and a short one that does not', async () => {
    const long = await countBoth(
      'China Electronics Technology Hik Group will invest 10 billion yuan in Wuxi IoT projects',
    );
    expect(long.find((result) => result.place === 'mobile')?.counted).toBe(4);
    const short = await countBoth('Wuxi signs deal');
    expect(short.map((result) => result.counted)).toEqual([1, 1, 1]);
  });
});
