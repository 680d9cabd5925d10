import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStory } from '../../../tests/support/buildStory';
import { modulePageForTests, openModulePage } from '../../../tests/support/modulePage';
import type * as Database from '../../db/db';
import type * as ListIndex from './listIndex';
import type * as Remote from './remote';
import type * as Stories from './stories';
import { compareEntries, selectIds, type ListEntry } from './listIndex';

function entry(id: string, updatedAt: number, overrides: Partial<ListEntry> = {}): ListEntry {
  return { id, updatedAt, state: 'draft', section: 'news', terms: [], ...overrides };
}

describe('selectIds', () => {
  const entries = [
    entry('c', 300, { state: 'submitted', section: 'business', terms: ['wuxi', 'reaps'] }),
    entry('b', 200, { section: 'news/sports', terms: ['marathon', 'wuxi'] }),
    entry('a', 100, { state: 'submitted', terms: ['物联网', '物', '联', '网'] }),
  ];

  it('keeps every entry in order when nothing narrows the list', () => {
    expect(selectIds(entries, { state: '', section: '', search: '' }, null)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('narrows by state, by a section with its sub-sections, and by every search term as a prefix', () => {
    expect({
      submitted: selectIds(entries, { state: 'submitted', section: '', search: '' }, null),
      news: selectIds(
        entries,
        { state: '', section: 'news', search: '' },
        new Set(['news', 'news/sports']),
      ),
      wuxiMara: selectIds(entries, { state: '', section: '', search: 'WUXI mara' }, null),
      chinese: selectIds(entries, { state: '', section: '', search: '联网' }, null),
      none: selectIds(entries, { state: 'submitted', section: '', search: 'marathon' }, null),
    }).toEqual({
      submitted: ['c', 'a'],
      news: ['b', 'a'],
      wuxiMara: ['b'],
      chinese: ['a'],
      none: [],
    });
  });
});

describe('compareEntries', () => {
  it('orders newest first and, at the same time, by id descending as the index does', () => {
    expect(
      [entry('a', 100), entry('b', 300), entry('c', 100), entry('d', 200)]
        .sort(compareEntries)
        .map((item) => item.id),
    ).toEqual(['b', 'd', 'c', 'a']);
  });
});

/** What the test bundle puts on the page's window. */
interface ListApi {
  WorkstationDb: typeof Database.WorkstationDb;
  createStoryListIndex: typeof ListIndex.createStoryListIndex;
  applyRemoteChanges: typeof Remote.applyRemoteChanges;
  createStory: typeof Stories.createStory;
  writeStoryEdit: typeof Stories.writeStoryEdit;
  /** The index under test on this page, once started. */
  index?: ListIndex.StoryListIndex;
}

declare global {
  interface Window {
    listApi: ListApi;
  }
}

const source = {
  contents: `
    import { WorkstationDb } from '../../db/db';
    import { createStoryListIndex } from './listIndex';
    import { applyRemoteChanges } from './remote';
    import { createStory, writeStoryEdit } from './stories';
    window.listApi = { WorkstationDb, createStoryListIndex, applyRemoteChanges, createStory,
      writeStoryEdit };`,
  resolveDir: new URL('.', import.meta.url).pathname,
};

const modules = modulePageForTests(source);
let otherWindow: Page;

beforeAll(async () => {
  // A second window of the same profile: it shares the first page's IndexedDB.
  otherWindow = await openModulePage(modules.page().context(), source);
});

function page(): Page {
  return modules.page();
}

/** Waits in the page until the index is ready (with `firstId` first, if given), then describes it. */
async function waitForIndex(
  firstId: string | null = null,
): Promise<{ isReady: boolean; count: number; first: string[]; isSorted: boolean }> {
  return page().evaluate(async (expectedFirst) => {
    const index = window.listApi.index;
    if (index === undefined) throw new Error('No index started');
    function holds(): boolean {
      const snapshot = index?.snapshot();
      return (
        snapshot !== undefined &&
        snapshot.isReady &&
        (expectedFirst === null || snapshot.entries[0]?.id === expectedFirst)
      );
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${expectedFirst} never came first`)),
        10_000,
      );
      const stop = index.subscribe(() => {
        if (!holds()) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
      if (holds()) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
    const { isReady, entries } = index.snapshot();
    return {
      isReady,
      count: entries.length,
      first: entries.slice(0, 2).map((item) => item.id),
      isSorted: entries.every(
        (item, position) =>
          position === 0 || (entries[position - 1]?.updatedAt ?? Infinity) >= item.updatedAt,
      ),
    };
  }, firstId);
}

describe('the story list index', () => {
  it('reads every story in chunks, then follows edits and stories added in another window', async () => {
    const stories = Array.from({ length: 2500 }, (_, index) =>
      buildStory({
        id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
        headline: `Story ${index}`,
        state: index % 2 === 0 ? 'draft' : 'submitted',
        createdAt: index * 10,
        updatedAt: index * 10,
      }),
    );
    const seeded = await page().evaluate(async (seeds) => {
      const api = window.listApi;
      const database = new api.WorkstationDb('list-index');
      await api.applyRemoteChanges(
        seeds.map((story) => ({ kind: 'story:create', story, body: new Uint8Array([0, 0]) })),
        database,
      );
      api.index = api.createStoryListIndex(database);
      api.index.start();
      return seeds.length;
    }, stories);
    const built = await waitForIndex();

    await page().evaluate(async () => {
      const database = new window.listApi.WorkstationDb('list-index');
      await window.listApi.writeStoryEdit(
        {
          storyId: '0190a000-0000-7000-8000-000000000000',
          body: null,
          fields: { headline: 'The oldest, edited now' },
          wordCount: null,
          touchesRow: true,
          now: 1_000_000,
        },
        database,
      );
    });
    const edited = await waitForIndex('0190a000-0000-7000-8000-000000000000');

    const addedId = await otherWindow.evaluate(() =>
      window.listApi.createStory({
        author: 'Li Qiang',
        now: 2_000_000,
        database: new window.listApi.WorkstationDb('list-index'),
      }),
    );
    const added = await waitForIndex(addedId);

    expect({ seeded, built, edited, added }).toEqual({
      seeded: 2500,
      built: {
        isReady: true,
        count: 2500,
        first: ['0190a000-0000-7000-8000-000000002499', '0190a000-0000-7000-8000-000000002498'],
        isSorted: true,
      },
      edited: {
        isReady: true,
        count: 2500,
        first: ['0190a000-0000-7000-8000-000000000000', '0190a000-0000-7000-8000-000000002499'],
        isSorted: true,
      },
      added: {
        isReady: true,
        count: 2501,
        first: [addedId, '0190a000-0000-7000-8000-000000000000'],
        isSorted: true,
      },
    });
  });
});
