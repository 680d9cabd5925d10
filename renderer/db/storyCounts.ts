import {
  Dexie,
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Transaction,
} from 'dexie';

/**
 * How many stories there are in each state and section, kept by the database itself.
 *
 * IndexedDB counts by walking every entry: on 50,000 stories `count()` takes 100–450 ms on a
 * 2-core machine, more than the whole budget of painting the stories list. So the counts are kept
 * as rows of their own, one per (state, section) pair, and a Dexie middleware changes them in the
 * same transaction as every write of the `stories` table: no write path can forget them, and a
 * rolled-back write rolls its counts back too.
 */
export const STORY_COUNTS_TABLE = 'storyCounts';

/** How many stories are in one state and one section. */
export interface StoryCountRow {
  /** `state` and `section` joined by a NUL (neither can hold one). */
  key: string;
  state: string;
  section: string;
  count: number;
}

/** The fields of a story row the counts depend on. */
interface Counted {
  state: string;
  section: string;
}

function isCounted(value: unknown): value is Counted {
  return (
    typeof value === 'object' &&
    value !== null &&
    'state' in value &&
    typeof value.state === 'string' &&
    'section' in value &&
    typeof value.section === 'string'
  );
}

function countKey({ state, section }: Counted): string {
  return `${state}\u0000${section}`;
}

/** Changes of the counts, by count key. */
class CountChanges {
  readonly byKey = new Map<string, { counted: Counted; change: number }>();

  add(value: unknown, change: number): void {
    if (!isCounted(value)) return;
    const key = countKey(value);
    const entry = this.byKey.get(key) ?? {
      counted: { state: value.state, section: value.section },
      change: 0,
    };
    entry.change += change;
    this.byKey.set(key, entry);
  }
}

/**
 * Whether a write of story rows can change what is kept from these fields. A put made by
 * `update`/`modify` with an object says what it changes (`changeSpec`, or `updates` per key): a
 * save of the body or of another field costs no extra work. Upserts and whole-row puts may change
 * anything.
 */
export function mayChange(request: DBCoreMutateRequest, fields: readonly string[]): boolean {
  if (request.type !== 'put' || request.upsert === true) return true;
  const specs = request.changeSpec ? [request.changeSpec] : request.updates?.changeSpecs;
  if (specs === undefined) return true;
  return specs.some((spec) => fields.some((field) => field in spec));
}

/**
 * The stores of a transaction, with `kept` added when it writes `stories`: what a middleware
 * keeps beside the stories is written in the same transaction as they are.
 */
export function scopeKeeping(
  kept: string,
  stores: readonly string[],
  mode: 'readonly' | 'readwrite',
): string[] {
  return mode === 'readwrite' && stores.includes('stories') && !stores.includes(kept)
    ? [...stores, kept]
    : [...stores];
}

/** The rows a write replaces or deletes, read in its transaction before it runs. */
function rowsBefore(table: DBCoreTable, request: DBCoreMutateRequest): Promise<unknown[]> {
  const { trans } = request;
  switch (request.type) {
    case 'add':
      return Dexie.Promise.resolve([]);
    case 'put':
      return table.getMany({
        trans,
        keys:
          request.keys ??
          request.values.map((value: unknown) => table.schema.primaryKey.extractKey?.(value)),
      });
    case 'delete':
      return table.getMany({ trans, keys: request.keys });
    case 'deleteRange':
      return table
        .query({
          trans,
          values: true,
          query: { index: table.schema.primaryKey, range: request.range },
        })
        .then(({ result }) => result);
  }
}

/** What a write that succeeded (apart from its failures) changes in the counts. */
function countChanges(
  request: DBCoreMutateRequest,
  before: readonly unknown[],
  response: DBCoreMutateResponse,
): CountChanges {
  const changes = new CountChanges();
  const failed = (index: number) => index in response.failures;
  before.forEach((row, index) => {
    if (request.type === 'deleteRange' || !failed(index)) changes.add(row, -1);
  });
  if (request.type === 'add' || request.type === 'put') {
    request.values.forEach((value: unknown, index: number) => {
      if (!failed(index)) changes.add(value, 1);
    });
  }
  return changes;
}

function countOf(row: unknown): number {
  return typeof row === 'object' && row !== null && 'count' in row && typeof row.count === 'number'
    ? row.count
    : 0;
}

function applyCountChanges(
  counts: DBCoreTable,
  trans: DBCoreTransaction,
  changes: CountChanges,
): Promise<unknown> {
  const moved = [...changes.byKey].filter(([, entry]) => entry.change !== 0);
  if (moved.length === 0) return Dexie.Promise.resolve();
  return counts.getMany({ trans, keys: moved.map(([key]) => key) }).then((current) => {
    const values: StoryCountRow[] = moved.map(([key, { counted, change }], index) => ({
      key,
      state: counted.state,
      section: counted.section,
      count: countOf(current[index]) + change,
    }));
    const kept = values.filter((row) => row.count > 0);
    const emptied = values.filter((row) => row.count <= 0).map((row) => row.key);
    return counts
      .mutate({ trans, type: 'put', values: kept })
      .then(() => counts.mutate({ trans, type: 'delete', keys: emptied }));
  });
}

/**
 * The Dexie middleware that keeps `storyCounts` in step with `stories`: every read-write
 * transaction on `stories` also takes `storyCounts`, and every write of story rows changes the
 * counts of the (state, section) pairs it leaves and enters.
 */
export const storyCountsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'storyCounts',
  // Above Dexie's observability and cache (level 0), so live queries of the counts see their
  // writes; below its hooks (2), which read the zone before any of this runs.
  level: 1,
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        return down.transaction(scopeKeeping(STORY_COUNTS_TABLE, stores, mode), mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'stories') return table;
        return {
          ...table,
          // Dexie promises and `then`, never `await`: the middlewares below read the
          // transaction from Dexie's zone, which only Dexie's own promises carry along.
          mutate(request) {
            if (!mayChange(request, ['state', 'section'])) return table.mutate(request);
            return rowsBefore(table, request).then((before) =>
              table.mutate(request).then((response) =>
                applyCountChanges(
                  // Looked up here, not with the table: an upgrade reads `stories` through a
                  // core of the schema before, which has no counts yet.
                  down.table(STORY_COUNTS_TABLE),
                  request.trans,
                  countChanges(request, before, response),
                ).then(() => response),
              ),
            );
          },
        };
      },
    };
  },
};

/** What else a recount mends, which writes past this app's Dexie left out or left behind. */
export interface RowMend {
  /** The tables it mends, beside the stories. */
  tables: readonly string[];
  /** Mends what belongs to the stories, given the id of every story there is. */
  mend(transaction: Transaction, storyIds: readonly string[]): Promise<void>;
}

function idOf(row: unknown): string | null {
  return typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string'
    ? row.id
    : null;
}

/**
 * Counts every story of the database, replacing the counts kept so far; with a `RowMend`, what
 * belongs to the stories walked is mended too.
 */
export async function countEveryStory(
  transaction: Transaction,
  rowMend: RowMend | null = null,
): Promise<void> {
  const changes = new CountChanges();
  const ids: string[] = [];
  await transaction.table('stories').each((row: unknown) => {
    changes.add(row, 1);
    const id = idOf(row);
    if (id !== null) ids.push(id);
  });
  if (rowMend !== null) await rowMend.mend(transaction, ids);
  const counts = transaction.table(STORY_COUNTS_TABLE);
  await counts.clear();
  await counts.bulkPut(
    [...changes.byKey].map(([key, { counted, change }]) => ({
      key,
      state: counted.state,
      section: counted.section,
      count: change,
    })),
  );
}

/**
 * Counts the stories again when the kept counts do not add up to the number of stories: run once
 * as the database opens, before any query, it mends the counts after writes that bypassed this
 * app's Dexie (an older build, a tool or a test writing IndexedDB directly), and in the same walk
 * what else such writes left out or behind (`rowMend`). One `count()` per start; the full
 * recount only when something is off.
 */
export async function reconcileStoryCounts(database: Dexie, rowMend: RowMend): Promise<void> {
  const [kept, actual] = await Promise.all([
    database.table(STORY_COUNTS_TABLE).toArray(),
    database.table('stories').count(),
  ]);
  if (kept.reduce((sum: number, row: unknown) => sum + countOf(row), 0) === actual) return;
  await database.transaction(
    'rw',
    ['stories', STORY_COUNTS_TABLE, ...rowMend.tables],
    (transaction) => countEveryStory(transaction, rowMend),
  );
}
