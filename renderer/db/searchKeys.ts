import {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type Middleware,
  type Transaction,
} from 'dexie';
import { mayChange, scopeKeeping, type RowMend } from './storyCounts';

/**
 * The search index the stories list walks newest first: one `[prefix, updatedAt]` key for every
 * prefix of every search term of a story, in the multi-entry `keys` index of a table of its own,
 * one row per story under the story's id.
 *
 * IndexedDB has no compound multi-entry index, and a prefix of the multi-entry `searchTerms`
 * index covers many terms, each in its own order: the newest stories matching `cana` could only
 * be found by reading every match. Keyed by the prefix itself, with the time beside it, the
 * matches of a query term are one range of the index in list order (updatedAt, then id, both
 * descending when walked backwards), and a page of them costs a page of keys, however many match.
 *
 * The keys live beside the stories rather than in them: a story has dozens of them, and every
 * reader of whole story rows (the list's pages, the desk, the sync) would carry them along.
 */
export const SEARCH_KEYS_TABLE = 'searchKeys';

/** The multi-entry index of `SEARCH_KEYS_TABLE`. */
export const SEARCH_KEYS_INDEX = 'keys';

/**
 * The longest prefix indexed, in characters. A query term longer than this walks the range of its
 * first characters and checks each story's terms; so long a prefix is all but unique.
 */
export const SEARCH_PREFIX_LENGTH = 12;

/** One key of the `keys` index: a term's prefix and the story's `updatedAt`. */
export type SearchKey = [prefix: string, updatedAt: number];

/** The search keys of one story, under the story's id. */
export interface SearchKeysRow {
  id: string;
  keys: SearchKey[];
}

/** The fields of a story row its search keys come from. */
interface Searchable {
  searchTerms: readonly string[];
  updatedAt: number;
}

function isSearchable(value: object): value is Searchable {
  return (
    'searchTerms' in value &&
    Array.isArray(value.searchTerms) &&
    'updatedAt' in value &&
    typeof value.updatedAt === 'number'
  );
}

/** The indexed prefix a query term is looked up by: the term, cut to the longest indexed prefix. */
export function indexedPrefix(term: string): string {
  return [...term].slice(0, SEARCH_PREFIX_LENGTH).join('');
}

/** Every prefix of every term (by character, so a surrogate pair is never split), no repeats. */
export function searchPrefixes(terms: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const term of terms) {
    const characters = [...term].slice(0, SEARCH_PREFIX_LENGTH);
    for (let length = 1; length <= characters.length; length += 1) {
      prefixes.add(characters.slice(0, length).join(''));
    }
  }
  return [...prefixes];
}

/** The search keys row of a story row (no keys for a row without terms); none for a non-row. */
function searchKeysRowOf(value: unknown): SearchKeysRow | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('id' in value) || typeof value.id !== 'string') return null;
  const keys: SearchKey[] = isSearchable(value)
    ? searchPrefixes(value.searchTerms).map((prefix) => [prefix, value.updatedAt])
    : [];
  return { id: value.id, keys };
}

/** What a write of story rows that succeeded (apart from its failures) does to their keys. */
function keysMutation(
  request: DBCoreMutateRequest,
  response: DBCoreMutateResponse,
): DBCoreMutateRequest | null {
  const { trans } = request;
  switch (request.type) {
    case 'add':
    case 'put': {
      const values = request.values.flatMap((value: unknown, index) => {
        const row = index in response.failures ? null : searchKeysRowOf(value);
        return row === null ? [] : [row];
      });
      return values.length === 0 ? null : { trans, type: 'put', values };
    }
    case 'delete':
      return { trans, type: 'delete', keys: request.keys };
    case 'deleteRange':
      return { trans, type: 'deleteRange', range: request.range };
  }
}

function hasTable(core: DBCore, name: string): boolean {
  return core.schema.tables.some((table) => table.name === name);
}

/**
 * The Dexie middleware that writes the search keys of every story row written, and deletes those
 * of every story deleted, in the same transaction as the story: no write path can leave a story
 * with stale keys, and a write rolled back takes its keys back too. Nothing is read: the keys row
 * has the story's id, so a put replaces it and a delete or a cleared range removes it.
 */
export const searchKeysMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'searchKeys',
  // Above Dexie's observability (level 0), so live queries learn which search keys a write moves.
  level: 1,
  create(down) {
    // An upgrade from before the table existed runs through a core without it: nothing to keep.
    if (!hasTable(down, SEARCH_KEYS_TABLE)) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        return down.transaction(scopeKeeping(SEARCH_KEYS_TABLE, stores, mode), mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'stories') return table;
        const keysTable: DBCoreTable = down.table(SEARCH_KEYS_TABLE);
        return {
          ...table,
          // Dexie promises and `then`, never `await`: the middlewares below read the
          // transaction from Dexie's zone, which only Dexie's own promises carry along.
          mutate(request) {
            // A save of the body alone, or of a field no term comes from, keeps the keys.
            if (!mayChange(request, ['searchTerms', 'updatedAt'])) return table.mutate(request);
            return table.mutate(request).then((response) => {
              const keys = keysMutation(request, response);
              return keys === null ? response : keysTable.mutate(keys).then(() => response);
            });
          },
        };
      },
    };
  },
};

/** Stories read at once while mending (rows of a few kilobytes). */
const MEND_BATCH = 2000;

/**
 * Finds and mends the search keys of stories written or deleted past this app's Dexie (a tool or
 * a test writing IndexedDB directly), in the walk that recounts the stories then: keys for the
 * stories without, and none for stories that are gone.
 */
export const searchKeysMend: RowMend = {
  tables: [SEARCH_KEYS_TABLE],
  async mend(transaction, storyIds) {
    const keysTable = transaction.table(SEARCH_KEYS_TABLE);
    const stories = new Set(storyIds);
    const keyed = new Set((await keysTable.toCollection().primaryKeys()).map(String));
    const lacking = storyIds.filter((id) => !keyed.has(id));
    const gone = [...keyed].filter((id) => !stories.has(id));
    if (gone.length > 0) await keysTable.bulkDelete(gone);
    for (let start = 0; start < lacking.length; start += MEND_BATCH) {
      const rows = await transaction
        .table('stories')
        .bulkGet(lacking.slice(start, start + MEND_BATCH));
      await keysTable.bulkPut(rows.flatMap((row: unknown) => searchKeysRowOf(row) ?? []));
    }
  },
};

/**
 * Moves the search keys out of the story rows into their own table (the schema of version 6
 * kept them in the rows): the rows are written again without them, which gives every story its
 * keys row through the middleware, and a story the upgrade's core left without one gets it here.
 */
export async function moveSearchKeys(transaction: Transaction): Promise<void> {
  const stories = transaction.table('stories');
  await stories.toCollection().modify((row: Record<string, unknown>) => {
    delete row.searchKeys;
  });
  await searchKeysMend.mend(transaction, (await stories.toCollection().primaryKeys()).map(String));
}
