import { describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../tests/support/modulePage';

/** What the test bundle puts on the page's window. */
interface UseLiveApi {
  /** Puts a row of the test table (a new id adds one, an existing id rewrites it). */
  put(id: string): Promise<void>;
  /** How many answers a second live query of the same count has had. */
  answers(): number;
  /** How many times the component showing the count has been committed to the page. */
  renders(): number;
  shown(): string;
}

declare global {
  interface Window {
    useLiveApi: UseLiveApi;
  }
}

/** useLive in a React component in real Chromium over real IndexedDB. */
const { page } = modulePageForTests({
  contents: `
      import Dexie, { liveQuery } from 'dexie';
      import { createElement, useEffect } from 'react';
      import { createRoot } from 'react-dom/client';
      import { useLive } from './useLive';
      const db = new Dexie('use-live-test');
      db.version(1).stores({ rows: 'id' });
      let renders = 0;
      let answers = 0;
      liveQuery(() => db.rows.count()).subscribe({ next: () => (answers += 1) });
      function Count() {
        // Counted after each commit: a render React throws away (the same state) counts nothing.
        useEffect(() => {
          renders += 1;
        });
        const count = useLive(() => db.rows.count(), []);
        return createElement('output', null, count === undefined ? '…' : String(count));
      }
      createRoot(document.body.appendChild(document.createElement('div'))).render(
        createElement(Count),
      );
      window.useLiveApi = {
        put: (id) => db.rows.put({ id, at: Date.now() }).then(() => undefined),
        answers: () => answers,
        renders: () => renders,
        shown: () => document.querySelector('output')?.textContent ?? '',
      };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

describe('useLive', () => {
  it('renders again for a new answer, not for the same answer given again', async () => {
    await page().evaluate(() => window.useLiveApi.put('a'));
    await page().waitForFunction(() => window.useLiveApi.shown() === '1');
    const rendersAtOne = await page().evaluate(() => window.useLiveApi.renders());
    expect(rendersAtOne).toBeGreaterThan(0);

    // Rewriting the same row makes the count query answer again, with the same number.
    const answersBefore = await page().evaluate(() => window.useLiveApi.answers());
    for (let index = 0; index < 5; index += 1) {
      await page().evaluate(() => window.useLiveApi.put('a'));
      await page().waitForFunction(
        (count) => window.useLiveApi.answers() >= count,
        answersBefore + index + 1,
      );
    }
    // The component's own subscription answered in the same tick as the counting one.
    await page().evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page().evaluate(() => window.useLiveApi.renders())).toBe(rendersAtOne);

    await page().evaluate(() => window.useLiveApi.put('b'));
    await page().waitForFunction(() => window.useLiveApi.shown() === '2');
    expect(await page().evaluate(() => window.useLiveApi.renders())).toBe(rendersAtOne + 1);
  });
});
