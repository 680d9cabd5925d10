import { describe, expect, it } from 'vitest';
import { buildStory } from '../../../tests/support/buildStory';
import { modulePageForTests } from '../../../tests/support/modulePage';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import { STORY_STATES, type Story } from '../../../shared/story/story';
import { queryTerms, storySearchTerms } from '../../../shared/text/search';
import type * as DexieModule from 'dexie';
import type YDexie from 'y-dexie';
import type * as Database from '../../db/db';
import { searchPrefixes, SEARCH_PREFIX_LENGTH } from '../../db/searchKeys';
import type * as Lists from './lists';
import type * as Remote from './remote';
import type * as Stories from './stories';
import { sectionIds, type StoryFilter } from './lists';

/** What the test bundle puts on the page's window. */
interface ListsApi {
  Dexie: typeof DexieModule.Dexie;
  yDexie: typeof YDexie;
  WorkstationDb: typeof Database.WorkstationDb;
  lists: typeof Lists;
  applyRemoteChanges: typeof Remote.applyRemoteChanges;
  writeStoryEdit: typeof Stories.writeStoryEdit;
}

declare global {
  interface Window {
    listsApi: ListsApi;
  }
}

const { page } = modulePageForTests({
  contents: `
    import { Dexie } from 'dexie';
    import yDexie from 'y-dexie';
    import { WorkstationDb } from '../../db/db';
    import * as lists from './lists';
    import { applyRemoteChanges } from './remote';
    import { writeStoryEdit } from './stories';
    window.listsApi = { Dexie, yDexie, WorkstationDb, lists, applyRemoteChanges, writeStoryEdit };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

const SECTIONS = ['news', 'news/sports', 'business', 'travel'];
const STATES = ['draft', 'submitted', 'published'] as const;
const WORDS = [
  'canal',
  'canals',
  'cancel',
  'museum',
  'museums',
  'metro',
  'park',
  'internationalisation',
  'internationally',
  'Wuxi',
  '无锡物联网',
  '科技创新',
];

/** A fixed sequence of numbers in [0, 1), so every run seeds the same stories. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** The id of the story `index`, sortable as the workstation's UUIDv7 ids are. */
function idOf(index: number): string {
  return `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`;
}

/**
 * 600 stories of two to five words drawn from words that share prefixes (`canal`, `canals`,
 * `cancel`; two words alike in their first twelve letters) and Chinese runs; states, sections
 * and times vary, and many stories share their time with others, so the order of ties is
 * checked too.
 */
function seedStories(): Story[] {
  const random = sequence(12);
  return Array.from({ length: 600 }, (_, index) => {
    const words = Array.from(
      { length: 2 + Math.floor(random() * 4) },
      () => WORDS[Math.floor(random() * WORDS.length)] ?? 'park',
    );
    return buildStory({
      id: idOf(index),
      headline: `${words.join(' ')} ${index}`,
      slug: `story-${index}`,
      keywords: index % 5 === 0 ? ['Taihu'] : [],
      state: STATES[Math.floor(random() * STATES.length)] ?? 'draft',
      section: SECTIONS[Math.floor(random() * SECTIONS.length)] ?? 'news',
      updatedAt: Math.floor(random() * 200) * 1000,
    });
  });
}

/** Headline edits made through the repository after seeding: each moves its story to the top. */
const EDITS = [
  { index: 17, headline: 'Zebra crossing on the canal bridge', now: 500_000 },
  { index: 230, headline: 'Metro line six opens', now: 500_001 },
  { index: 599, headline: '无锡 museums stay open', now: 500_002 },
];

/** Stories written straight into IndexedDB, past the app's Dexie: they have no search keys. */
const RAW_WRITTEN = [600, 601, 602].map((index) =>
  buildStory({
    id: idOf(index),
    headline: `Canal zebra park ${index}`,
    slug: `raw-${index}`,
    state: 'submitted',
    section: 'business',
    updatedAt: 100_500,
  }),
);

/** The stories after the edits: seeded and edited through Dexie, then those written past it. */
const EDITED: Story[] = seedStories().map((story, index) => {
  const edit = EDITS.find((candidate) => candidate.index === index);
  return edit === undefined ? story : { ...story, headline: edit.headline, updatedAt: edit.now };
});
/** A story deleted straight from IndexedDB, past the app's Dexie: its search keys stay behind. */
const RAW_DELETED = idOf(5);
const ALL: Story[] = [...EDITED.filter((story) => story.id !== RAW_DELETED), ...RAW_WRITTEN];

const TERMS = new Map(
  [...EDITED, ...RAW_WRITTEN].map((story) => [story.id, storySearchTerms(story)]),
);

/** What the list of some stories must show for a filter, worked out the slow, obvious way. */
function expected(filter: StoryFilter, stories: readonly Story[] = ALL): string[] {
  const sections =
    filter.section === '' ? null : sectionIds(DEFAULT_PORTAL_PROFILE, filter.section);
  const terms = queryTerms(filter.search);
  return stories
    .filter((story) => filter.state === '' || story.state === filter.state)
    .filter((story) => sections === null || sections.includes(story.section))
    .filter((story) => {
      const known = TERMS.get(story.id) ?? [];
      return terms.every((term) => known.some((word) => word.startsWith(term)));
    })
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1))
    .map((story) => story.id);
}

const PAGE = 20;
const COUNT_LIMIT = 50;

/**
 * The first page a filter must give, from the whole list: a page and the exact count without a
 * search; the whole list while a search matches at most the count limit; past it, the limit and
 * `isMore`, with the page (one indexed term alone) or every id up to the limit (all else).
 */
function firstPageWanted(filter: StoryFilter, stories: readonly Story[] = ALL) {
  const ids = expected(filter, stories);
  const terms = queryTerms(filter.search);
  const rowIds = ids.slice(0, PAGE);
  if (terms.length === 0) return { ids: rowIds, total: ids.length, isMore: false, rowIds };
  if (ids.length <= COUNT_LIMIT) return { ids, total: ids.length, isMore: false, rowIds };
  const isOneIndexedTerm =
    filter.state === '' &&
    filter.section === '' &&
    terms.length === 1 &&
    [...(terms[0] ?? '')].length <= SEARCH_PREFIX_LENGTH;
  return {
    ids: ids.slice(0, isOneIndexedTerm ? PAGE : COUNT_LIMIT),
    total: COUNT_LIMIT,
    isMore: true,
    rowIds,
  };
}

const SEARCHES = [
  '',
  'c',
  'cana',
  'canal',
  'CANALS',
  'museums metro',
  'internationalis',
  'internationally',
  'wuxi park',
  '无锡',
  '物联',
  'taihu',
  'zebra',
];

/** Every search alone. */
const SEARCH_FILTERS: StoryFilter[] = SEARCHES.map((search) => ({
  state: '',
  section: '',
  search,
}));

/** Any state, one, and one no story is in × any section, a tree, a section × every search. */
const FILTERS: StoryFilter[] = ['', 'draft', 'spiked'].flatMap((state) =>
  ['', 'news', 'travel'].flatMap((section) =>
    SEARCHES.map((search) => ({
      state: STORY_STATES.find((known) => known === state) ?? '',
      section,
      search,
    })),
  ),
);

/** What the reads give for each filter, as the page reports them. */
interface Answer {
  filter: StoryFilter;
  first: { ids: readonly string[]; total: number; isMore: boolean; rowIds: string[] };
  cut: string[];
}

function wanted(filters: readonly StoryFilter[], stories: readonly Story[]): Answer[] {
  return filters.map((filter) => ({
    filter,
    first: firstPageWanted(filter, stories),
    cut: expected(filter, stories),
  }));
}

/** Stories deleted after the reopening: by id, and a range of ids (then all, cleared). */
const DELETED_ONE_BY_ONE = [idOf(17), idOf(601)];
const DELETED_RANGE = [idOf(100), idOf(199)] as const;
const LEFT: Story[] = ALL.filter(
  (story) =>
    !DELETED_ONE_BY_ONE.includes(story.id) &&
    (story.id < DELETED_RANGE[0] || story.id > DELETED_RANGE[1]),
);

/** The stories of a database upgraded from version 6: a third of them, enough for every kind. */
const UPGRADED: Story[] = ALL.filter((_, index) => index % 3 === 0);

/** The schema of version 6, which kept the search keys in the story rows. */
const VERSION_6 = {
  stories:
    'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, [state+updatedAt], ' +
    '[section+updatedAt], [state+section+updatedAt], *searchKeys, body: Y.Doc',
  versions: 'id, storyId, [storyId+createdAt]',
  events: 'id, storyId, [storyId+at]',
  notes: 'id, storyId, [storyId+at]',
  outbox: '++seq, storyId, [account+seq]',
  newsroomCopies: 'id',
  syncOutcomes: 'id, storyId',
  syncMeta: 'key',
  storyCounts: 'key',
};

/** The rows and the counts a database of version 6 holds for some stories. */
function version6Data(stories: readonly Story[]) {
  const counts = new Map<string, { key: string; state: string; section: string; count: number }>();
  for (const { state, section } of stories) {
    const key = `${state}\u0000${section}`;
    const row = counts.get(key) ?? { key, state, section, count: 0 };
    counts.set(key, { ...row, count: row.count + 1 });
  }
  return {
    rows: stories.map((story) => {
      const searchTerms = storySearchTerms(story);
      return {
        ...story,
        searchTerms,
        searchKeys: searchPrefixes(searchTerms).map((prefix) => [prefix, story.updatedAt]),
      };
    }),
    counts: [...counts.values()],
  };
}

describe('the stories list’s reads', () => {
  it(
    'give every filter and search its first page, rows and count as the whole list does, through edits, deletes, rows written past Dexie and the upgrade from version 6',
    {
      timeout: 60_000,
    },
    async () => {
      const answers = await page().evaluate(
        async ({
          seeds,
          edits,
          raw,
          rawDeleted,
          deletedOneByOne,
          deletedRange,
          version6,
          version6Schema,
          searchFilters,
          filters,
          profile,
          pageSize,
          countLimit,
        }) => {
          const api = window.listsApi;
          async function readAll(
            database: Database.WorkstationDb,
            wanted: StoryFilter[],
          ): Promise<Answer[]> {
            const result: Answer[] = [];
            for (const filter of wanted) {
              const first = await api.lists.firstPageOf(
                filter,
                profile,
                pageSize,
                database,
                countLimit,
              );
              result.push({
                filter,
                first: {
                  ids: first.ids,
                  total: first.total,
                  isMore: first.isMore,
                  rowIds: [...first.rows.keys()],
                },
                cut: await api.lists.readListIds(filter, profile, database),
              });
            }
            return result;
          }
          /** Whether each story has its search keys, and only they (a sorted comparison). */
          async function keyedAsStored(database: Database.WorkstationDb): Promise<boolean> {
            const [stories, keyed] = await Promise.all([
              database.stories.toCollection().primaryKeys(),
              database.searchKeys.toCollection().primaryKeys(),
            ]);
            return JSON.stringify(stories) === JSON.stringify(keyed);
          }
          const name = 'lists-brute-force';
          let database = new api.WorkstationDb(name);
          await api.applyRemoteChanges(
            seeds.map((story) => ({ kind: 'story:create', story, body: new Uint8Array([0, 0]) })),
            database,
          );
          for (const edit of edits) {
            await api.writeStoryEdit(
              {
                storyId: seeds[edit.index]?.id ?? '',
                body: null,
                fields: { headline: edit.headline },
                wordCount: null,
                touchesRow: true,
                now: edit.now,
              },
              database,
            );
          }
          const edited = await readAll(database, searchFilters);
          database.close();
          const opened = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          await new Promise<void>((resolve, reject) => {
            const transaction = opened.transaction('stories', 'readwrite');
            for (const row of raw) transaction.objectStore('stories').put(row);
            transaction.objectStore('stories').delete(rawDeleted);
            transaction.oncomplete = () => resolve();
            transaction.onerror = () => reject(transaction.error);
          });
          opened.close();
          database = new api.WorkstationDb(name);
          const reopened = await readAll(database, filters);
          await database.stories.bulkDelete(deletedOneByOne);
          await database.stories
            .where(':id')
            .between(...deletedRange, true, true)
            .delete();
          const deleted = await readAll(database, searchFilters);
          const isKeyedAfterDeletes = await keyedAsStored(database);
          await database.stories.clear();
          const keysAfterClear = await database.searchKeys.count();
          database.close();

          const before = new api.Dexie('lists-upgrade', { addons: [api.yDexie] });
          before.version(6).stores(version6Schema);
          await before.table('stories').bulkAdd(version6.rows);
          await before.table('storyCounts').bulkAdd(version6.counts);
          before.close();
          const upgraded = new api.WorkstationDb('lists-upgrade');
          const upgradedAnswers = await readAll(upgraded, searchFilters);
          const isKeyedAfterUpgrade = await keyedAsStored(upgraded);
          const rowsWithKeys = await upgraded.stories.filter((row) => 'searchKeys' in row).count();
          upgraded.close();
          return {
            edited,
            reopened,
            deleted,
            isKeyedAfterDeletes,
            keysAfterClear,
            upgraded: upgradedAnswers,
            isKeyedAfterUpgrade,
            rowsWithKeys,
          };
        },
        {
          seeds: seedStories(),
          edits: EDITS,
          raw: RAW_WRITTEN.map((story) => ({ ...story, searchTerms: storySearchTerms(story) })),
          rawDeleted: RAW_DELETED,
          deletedOneByOne: DELETED_ONE_BY_ONE,
          deletedRange: DELETED_RANGE,
          version6: version6Data(UPGRADED),
          version6Schema: VERSION_6,
          searchFilters: SEARCH_FILTERS,
          filters: FILTERS,
          profile: DEFAULT_PORTAL_PROFILE,
          pageSize: PAGE,
          countLimit: COUNT_LIMIT,
        },
      );
      expect(answers).toEqual({
        edited: wanted(SEARCH_FILTERS, EDITED),
        reopened: wanted(FILTERS, ALL),
        deleted: wanted(SEARCH_FILTERS, LEFT),
        isKeyedAfterDeletes: true,
        keysAfterClear: 0,
        upgraded: wanted(SEARCH_FILTERS, UPGRADED),
        isKeyedAfterUpgrade: true,
        rowsWithKeys: 0,
      });
    },
  );

  it('cover every way a first page is read: page and count, whole list, capped page', () => {
    const kinds = FILTERS.map((filter) => {
      const first = firstPageWanted(filter);
      if (first.isMore) return first.ids.length === PAGE ? 'one term, capped' : 'capped';
      return first.ids.length === first.total ? 'whole list' : 'page and count';
    });
    expect(new Set(kinds)).toEqual(
      new Set(['one term, capped', 'capped', 'whole list', 'page and count']),
    );
    // Found only by their edited headline or in the rows written past Dexie.
    expect(expected({ state: '', section: '', search: 'zebra' })).toEqual([
      idOf(17),
      idOf(602),
      idOf(601),
      idOf(600),
    ]);
  });
});
