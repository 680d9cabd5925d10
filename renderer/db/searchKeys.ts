import type { DBCore, DBCoreMutateRequest, Middleware, Transaction } from 'dexie';
import type { RowMend } from './storyCounts';

/**
 * The search index the stories list walks newest first: one `[prefix, updatedAt]` key for every
 * prefix of every search term of a story, in the multi-entry `searchKeys` index.
 *
 * IndexedDB has no compound multi-entry index, and a prefix of the multi-entry `searchTerms`
 * index covers many terms, each in its own order: the newest stories matching `cana` could only
 * be found by reading every match. Keyed by the prefix itself, with the time beside it, the
 * matches of a query term are one range of the index in list order (updatedAt, then id, both
 * descending when walked backwards), and a page of them costs a page of keys, however many match.
 */
export const SEARCH_KEYS_INDEX = 'searchKeys';

/**
 * The longest prefix indexed, in characters. A query term longer than this walks the range of its
 * first characters and checks each story's terms; so long a prefix is all but unique.
 */
export const SEARCH_PREFIX_LENGTH = 12;

/** One key of the `searchKeys` index: a term's prefix and the story's `updatedAt`. */
export type SearchKey = [prefix: string, updatedAt: number];

/** The fields of a story row its search keys come from. */
interface Searchable {
  searchTerms: readonly string[];
  updatedAt: number;
}

function isSearchable(value: unknown): value is Searchable {
  return (
    typeof value === 'object' &&
    value !== null &&
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

/** The `searchKeys` of a story row. */
export function searchKeysOf(row: Searchable): SearchKey[] {
  return searchPrefixes(row.searchTerms).map((prefix) => [prefix, row.updatedAt]);
}

function withSearchKeys(value: unknown): unknown {
  return isSearchable(value) ? { ...value, searchKeys: searchKeysOf(value) } : value;
}

/**
 * The Dexie middleware that derives `searchKeys` from `searchTerms` and `updatedAt` in every
 * story row written, so that no write path can store a row whose search keys are stale.
 */
export const searchKeysMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'searchKeys',
  // Above Dexie's observability (level 0), so live queries learn which search keys a write moves.
  level: 1,
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'stories') return table;
        return {
          ...table,
          mutate(request: DBCoreMutateRequest) {
            if (request.type !== 'add' && request.type !== 'put') return table.mutate(request);
            return table.mutate({ ...request, values: request.values.map(withSearchKeys) });
          },
        };
      },
    };
  },
};

function hasSearchKeys(row: unknown): boolean {
  return typeof row === 'object' && row !== null && 'searchKeys' in row;
}

/** Gives every story row its search keys: the upgrade to the schema that has them. */
export async function addSearchKeys(transaction: Transaction): Promise<void> {
  await transaction
    .table('stories')
    .toCollection()
    .modify((row: unknown) => {
      if (isSearchable(row)) Object.assign(row, { searchKeys: searchKeysOf(row) });
    });
}

/**
 * Finds and mends story rows without search keys, written past this app's Dexie (an older build,
 * a tool or a test writing IndexedDB directly), in the walk that recounts the stories then.
 */
export const searchKeysMend: RowMend = {
  isLacking: (row) => !hasSearchKeys(row),
  async mend(transaction, ids) {
    await transaction
      .table('stories')
      .where(':id')
      .anyOf([...ids])
      .modify((row: unknown) => {
        if (isSearchable(row)) Object.assign(row, { searchKeys: searchKeysOf(row) });
      });
  },
};
