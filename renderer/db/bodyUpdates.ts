import { Dexie, RangeSet, type EntityTable, type IntervalTree, type ObservabilitySet } from 'dexie';
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
 * Stores one update (Yjs v2) of a story body and answers its row's key. Call it inside a
 * transaction whose scope includes `bodyUpdatesTable(database)`, so the update commits with
 * whatever else that transaction writes.
 */
export function addBodyUpdate(
  database: WorkstationDb,
  storyId: string,
  update: Uint8Array,
  origin: UpdateOrigin,
): Promise<number> {
  return bodyUpdatesTable(database).add(rowOf(storyId, update, origin));
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

/** One story's follow of stored updates (see observeBodyUpdates). */
export interface BodyUpdatesFollow {
  /**
   * Tells the follow that the row under `key` holds an update its document has already (its own
   * saver stored it): the follow neither reads nor delivers it. Call it once the write committed.
   */
  passOver(key: number): void;
  /** Stops following. */
  stop(): void;
}

/**
 * Whether a set of mutated keys of the update table holds a numeric key after `lastSeen` that is
 * not passed over (string keys are y-dexie's sync state; numbers sort before every other key type).
 */
function hasKeyToRead(
  keys: IntervalTree,
  lastSeen: number,
  passedOver: ReadonlySet<number>,
): boolean {
  for (const node of RangeSet(keys)) {
    if (typeof node.from !== 'number') continue;
    if (typeof node.to === 'number' && node.to <= lastSeen) continue;
    if (node.from === node.to && passedOver.has(node.from)) continue;
    return true;
  }
  return false;
}

/**
 * Calls back with each batch of updates of one story stored after `afterId` by anyone but the
 * document's own saver (another window, a sync, the newsroom's story list), oldest first. Only
 * numeric keys are read: y-dexie keeps its sync-state rows under string keys in the same table.
 *
 * It listens to Dexie's `storagemutated`, which names the keys every committed write touched, in
 * this window or another: a write of the document's own saver (passed over) costs no read, and
 * what others store is read once per task, however many writes it took.
 */
export function observeBodyUpdates(
  database: WorkstationDb,
  storyId: string,
  afterId: number,
  onUpdates: (updates: Uint8Array[]) => void,
): BodyUpdatesFollow {
  const keysPart = `idb://${database.name}/${BODY_UPDATES_TABLE}/`;
  let lastSeen = afterId;
  const passedOver = new Set<number>();
  let mutated: IntervalTree[] = [];
  let isStopped = false;
  let reading: Promise<void> | null = null;
  let mustReadAgain = false;

  function advancePastOwn(): void {
    while (passedOver.delete(lastSeen + 1)) lastSeen += 1;
  }

  async function readNew(): Promise<void> {
    const rows = await bodyUpdatesTable(database)
      .where('i')
      .between(lastSeen, Infinity, false)
      .toArray();
    if (isStopped) return;
    const others = rows
      .filter((row) => row.k === storyId && !passedOver.has(row.i))
      .map((row) => row.u);
    lastSeen = rows.reduce((last, row) => Math.max(last, row.i), lastSeen);
    for (const key of passedOver) if (key <= lastSeen) passedOver.delete(key);
    advancePastOwn();
    if (others.length > 0) onUpdates(others);
  }

  function read(): void {
    if (reading !== null) {
      mustReadAgain = true;
      return;
    }
    reading = readNew()
      .catch((error: unknown) => console.error('Could not read the story body from storage', error))
      .finally(() => {
        reading = null;
        if (mustReadAgain && !isStopped) {
          mustReadAgain = false;
          read();
        }
      });
  }

  // Looked at in a task of its own: the saver passes its key over once its write has committed,
  // in the promise reactions that follow the commit (after this event).
  function settle(): void {
    const trees = mutated;
    mutated = [];
    if (isStopped) return;
    advancePastOwn();
    if (trees.some((tree) => hasKeyToRead(tree, lastSeen, passedOver))) read();
  }

  function handleMutation(parts: ObservabilitySet): void {
    const keys = parts[keysPart] ?? parts.all;
    if (keys === undefined) return;
    if (mutated.length === 0) setTimeout(settle, 0);
    mutated.push(keys);
  }

  Dexie.on('storagemutated', handleMutation);
  read();
  return {
    passOver(key) {
      if (key > lastSeen) passedOver.add(key);
      advancePastOwn();
    },
    stop() {
      isStopped = true;
      Dexie.on('storagemutated').unsubscribe(handleMutation);
    },
  };
}
