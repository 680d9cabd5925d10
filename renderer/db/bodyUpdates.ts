import { liveQuery, type EntityTable } from 'dexie';
import type { YUpdateRow } from 'y-dexie';
import type { WorkstationDb } from './db';

/**
 * Everything this app knows of y-dexie's private storage, in one place.
 *
 * Declaring `body: Y.Doc` on `stories` makes y-dexie create a table `$stories.body_updates` with
 * rows `{ i, k, u, f }`: `i` an auto-incremented key, `k` the story id (indexed), `u` a Yjs v2
 * update, `f` = 1 for an update made on this device that a syncer may not have sent yet. y-dexie's
 * own provider loads a document from those rows and appends its updates there with a write of its
 * own, whose commit nobody can await. The story saver needs to say `Saved` only once an edit has
 * committed, and to write a body edit and the fields it goes with in ONE transaction; so the app
 * writes and reads these rows itself, here, inside its own transactions, and never loads bodies
 * through y-dexie's provider. y-dexie still owns the schema and compresses the rows in the
 * background (`compressYDocs`: many rows of one story become one, keyed by the last `i`).
 *
 * Because these are y-dexie internals, `bodyUpdates.test.ts` runs the real y-dexie against real
 * IndexedDB and fails if an upgrade renames the table, changes the row shape, stops loading rows
 * written here, or writes its own rows elsewhere.
 */
const BODY_UPDATES_TABLE = '$stories.body_updates';

/** The IndexedDB object store name of the body updates (for the bench's commit probe only). */
export const BODY_UPDATES_STORE = BODY_UPDATES_TABLE;

/** y-dexie's flag on an update made on this device (`LOCAL_CHANGE_MAYBE_UNSYNCED`). */
const LOCAL_CHANGE_FLAG = 1;

/**
 * Where an update was made: typed on this workstation (flagged, so a syncer sends it and y-dexie's
 * compression spares it while a syncer says it is unsent) or received from elsewhere (not flagged).
 */
export type UpdateOrigin = 'local' | 'remote';

/** The table of body updates, for the scope of a transaction that writes a body with its row. */
export function bodyUpdatesTable(database: WorkstationDb): EntityTable<YUpdateRow, 'i'> {
  return database.table(BODY_UPDATES_TABLE);
}

function rowOf(storyId: string, update: Uint8Array, origin: UpdateOrigin): Omit<YUpdateRow, 'i'> {
  return origin === 'local'
    ? { k: storyId, u: update, f: LOCAL_CHANGE_FLAG }
    : { k: storyId, u: update };
}

/**
 * Stores one update (Yjs v2) of a story body. Call it inside a transaction whose scope includes
 * `bodyUpdatesTable(database)`, so the update commits with whatever else that transaction writes.
 */
export async function addBodyUpdate(
  database: WorkstationDb,
  storyId: string,
  update: Uint8Array,
  origin: UpdateOrigin,
): Promise<void> {
  await bodyUpdatesTable(database).add(rowOf(storyId, update, origin));
}

/** Stores the first update of many story bodies at once (an import or a newsroom's story list). */
export async function addBodyUpdates(
  database: WorkstationDb,
  entries: ReadonlyArray<{ storyId: string; update: Uint8Array }>,
  origin: UpdateOrigin,
): Promise<void> {
  await bodyUpdatesTable(database).bulkAdd(
    entries.map((entry) => rowOf(entry.storyId, entry.update, origin)),
  );
}

/** Every stored update of a story body, oldest first, and the key of the last one read. */
export async function readBodyUpdates(
  database: WorkstationDb,
  storyId: string,
): Promise<{ updates: Uint8Array[]; lastUpdateId: number }> {
  const rows = await bodyUpdatesTable(database).where('k').equals(storyId).sortBy('i');
  return {
    updates: rows.map((row) => row.u),
    lastUpdateId: rows.reduce((last, row) => Math.max(last, row.i), 0),
  };
}

/**
 * Calls back with each batch of updates of one story stored after `afterId` (by another window,
 * or a sync), oldest first. Only numeric keys are read: y-dexie keeps its sync-state rows under
 * string keys in the same table. Returns the function that stops observing.
 */
export function observeBodyUpdates(
  database: WorkstationDb,
  storyId: string,
  afterId: number,
  onUpdates: (updates: Uint8Array[]) => void,
): () => void {
  let lastSeen = afterId;
  const subscription = liveQuery(() =>
    bodyUpdatesTable(database).where('i').between(lastSeen, Infinity, false).toArray(),
  ).subscribe({
    next(rows) {
      lastSeen = rows.reduce((last, row) => Math.max(last, row.i), lastSeen);
      const mine = rows.filter((row) => row.k === storyId).map((row) => row.u);
      if (mine.length > 0) onUpdates(mine);
    },
    error(error: unknown) {
      console.error('Could not read the story body from storage', error);
    },
  });
  return () => subscription.unsubscribe();
}
