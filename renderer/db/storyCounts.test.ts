import { describe, expect, it } from 'vitest';
import { buildStory } from '../../tests/support/buildStory';
import { modulePageForTests } from '../../tests/support/modulePage';
import type { Story } from '../../shared/story/story';
import type * as Database from './db';
import type * as DexieModule from 'dexie';
import type YDexie from 'y-dexie';

/** What the test bundle puts on the page's window. */
interface CountsApi {
  WorkstationDb: typeof Database.WorkstationDb;
  Dexie: typeof DexieModule.Dexie;
  yDexie: typeof YDexie;
}

declare global {
  interface Window {
    countsApi: CountsApi;
  }
}

const { page } = modulePageForTests({
  contents: `
    import { Dexie } from 'dexie';
    import yDexie from 'y-dexie';
    import { WorkstationDb } from './db';
    window.countsApi = { WorkstationDb, Dexie, yDexie };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

function story(index: number, overrides: Partial<Story> = {}): Story {
  return buildStory({
    id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    state: index % 3 === 0 ? 'submitted' : 'draft',
    section: index % 2 === 0 ? 'news' : 'business',
    ...overrides,
  });
}

/** The counts as the test compares them: `state section` → count. */
type Counts = Record<string, number>;

describe('the story counts', () => {
  it('follow every kind of write of the stories, and a write that fails or rolls back leaves them be', async () => {
    const seeds = Array.from({ length: 12 }, (_, index) => story(index));
    const steps = await page().evaluate(async (stories) => {
      const database = new window.countsApi.WorkstationDb('counts-writes');
      async function snapshot(): Promise<{ kept: Counts; counted: Counts }> {
        const kept: Counts = {};
        for (const row of await database.storyCounts.toArray()) {
          kept[`${row.state} ${row.section}`] = row.count;
        }
        const counted: Counts = {};
        for (const row of await database.stories.toArray()) {
          const key = `${row.state} ${row.section}`;
          counted[key] = (counted[key] ?? 0) + 1;
        }
        return { kept, counted };
      }
      const rows = stories.map((row) => ({ ...row, searchTerms: [] }));
      const [first, second, third] = rows;
      if (first === undefined || second === undefined || third === undefined) {
        throw new Error('The test needs three stories');
      }
      const result: Record<string, { kept: Counts; counted: Counts }> = {};
      await database.stories.bulkAdd(rows);
      result.added = await snapshot();
      await database.stories.update(first.id, { state: 'published' });
      await database.stories.update(second.id, { section: 'travel', headline: 'Moved' });
      await database.stories.update(third.id, { headline: 'Only the headline' });
      result.updated = await snapshot();
      await database.stories.bulkPut([
        { ...first, state: 'spiked' },
        { ...first, id: '0190a000-0000-7000-8000-999999999999', state: 'approved' },
      ]);
      result.put = await snapshot();
      await database.stories
        .where('state')
        .equals('draft')
        .modify((row) => {
          row.state = 'in_edit';
        });
      result.modified = await snapshot();
      await database.stories.bulkDelete([first.id, second.id]);
      result.deleted = await snapshot();
      await database
        .transaction('rw', database.stories, async () => {
          await database.stories.update(third.id, { state: 'returned' });
          throw new Error('rolled back on purpose');
        })
        .catch(() => undefined);
      await database.transaction('rw', database.stories, async () => {
        // Two rows exist already: the other two are added, and only they are counted.
        await database.stories
          .bulkAdd([
            { ...third, state: 'scheduled' },
            { ...third, id: '0190a000-0000-7000-8000-888888888888', state: 'scheduled' },
            { ...third, id: '0190a000-0000-7000-8000-777777777777', state: 'scheduled' },
            { ...first, id: '0190a000-0000-7000-8000-999999999999' },
          ])
          .catch(() => undefined);
      });
      result.failed = await snapshot();
      await database.stories.clear();
      result.cleared = await snapshot();
      database.close();
      return result;
    }, seeds);
    expect(Object.keys(steps)).toEqual([
      'added',
      'updated',
      'put',
      'modified',
      'deleted',
      'failed',
      'cleared',
    ]);
    for (const step of Object.values(steps)) expect(step.kept).toEqual(step.counted);
    expect(steps.added?.kept).toEqual({
      'submitted news': 2,
      'submitted business': 2,
      'draft news': 4,
      'draft business': 4,
    });
    expect(steps.failed?.kept).toEqual({
      'submitted news': 1,
      'submitted business': 2,
      'approved news': 1,
      'in_edit news': 4,
      'in_edit business': 3,
      'scheduled news': 2,
    });
    expect(steps.cleared?.kept).toEqual({});
  });

  it('are counted from the stories already there when a database of the version before opens', async () => {
    const seeds = Array.from({ length: 7 }, (_, index) => story(index));
    const counts = await page().evaluate(async (stories) => {
      const { Dexie, yDexie, WorkstationDb } = window.countsApi;
      // The schema as it was before the counts (version 3), written to by that version.
      const before = new Dexie('counts-upgrade', { addons: [yDexie] });
      before.version(3).stores({
        stories:
          'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, [state+updatedAt], body: Y.Doc',
        versions: 'id, storyId, [storyId+createdAt]',
        events: 'id, storyId, [storyId+at]',
        notes: 'id, storyId, [storyId+at]',
        outbox: '++seq, storyId',
        newsroomCopies: 'id',
        syncOutcomes: 'id, storyId',
        syncMeta: 'key',
      });
      await before.table('stories').bulkAdd(stories.map((row) => ({ ...row, searchTerms: [] })));
      before.close();
      const database = new WorkstationDb('counts-upgrade');
      const rows = await database.storyCounts.orderBy('key').toArray();
      database.close();
      return rows;
    }, seeds);
    expect(counts).toEqual([
      { key: 'draft\u0000business', state: 'draft', section: 'business', count: 2 },
      { key: 'draft\u0000news', state: 'draft', section: 'news', count: 2 },
      { key: 'submitted\u0000business', state: 'submitted', section: 'business', count: 1 },
      { key: 'submitted\u0000news', state: 'submitted', section: 'news', count: 2 },
    ]);
  });

  it('are counted again when the database opens after stories were written past Dexie', async () => {
    const seeds = Array.from({ length: 5 }, (_, index) => story(index));
    const counts = await page().evaluate(async (stories) => {
      const { WorkstationDb } = window.countsApi;
      const first = new WorkstationDb('counts-bypassed');
      await first.stories.bulkAdd(stories.slice(0, 2).map((row) => ({ ...row, searchTerms: [] })));
      first.close();
      // Three more stories written straight into IndexedDB, as a tool or an old build might.
      const raw = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('counts-bypassed');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = raw.transaction('stories', 'readwrite');
        for (const row of stories.slice(2)) {
          transaction.objectStore('stories').put({ ...row, searchTerms: [] });
        }
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
      });
      raw.close();
      const reopened = new WorkstationDb('counts-bypassed');
      const rows = await reopened.storyCounts.orderBy('key').toArray();
      reopened.close();
      return rows;
    }, seeds);
    expect(counts).toEqual([
      { key: 'draft\u0000business', state: 'draft', section: 'business', count: 1 },
      { key: 'draft\u0000news', state: 'draft', section: 'news', count: 2 },
      { key: 'submitted\u0000business', state: 'submitted', section: 'business', count: 1 },
      { key: 'submitted\u0000news', state: 'submitted', section: 'news', count: 1 },
    ]);
  });
});
