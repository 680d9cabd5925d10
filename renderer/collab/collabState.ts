import { Dexie, liveQuery, type EntityTable } from 'dexie';

/** The last `stored` snapshot the server sent for a story (a Yjs snapshot, encoded). */
export interface StoredRow {
  storyId: string;
  snapshot: Uint8Array;
  at: number;
}

/** A story whose body has local updates the server may not have stored yet. */
export interface PendingRow {
  storyId: string;
  since: number;
}

/**
 * What this workstation knows of its story bodies on the newsroom server, kept apart from the
 * story database (its own IndexedDB database, so its schema never races the story tables'
 * versions): the last `stored` snapshot per story, which makes `Synced` survive a reload, and the
 * stories with local updates not yet known to be stored, which are synced in the background after
 * a reconnection even when nobody has them open.
 */
export class CollabStateDb extends Dexie {
  stored!: EntityTable<StoredRow, 'storyId'>;
  pending!: EntityTable<PendingRow, 'storyId'>;

  constructor(name = 'newsroom-collab') {
    super(name);
    this.version(1).stores({ stored: 'storyId', pending: 'storyId' });
  }
}

/** The one collab state database of this renderer. */
export const collabStateDb = new CollabStateDb();

/** The last snapshot the server said it stored for a story, or null if it never said. */
export async function readStoredSnapshot(
  storyId: string,
  database: CollabStateDb = collabStateDb,
): Promise<Uint8Array | null> {
  return (await database.stored.get(storyId))?.snapshot ?? null;
}

/** Keeps the latest stored snapshot of a story. */
export async function writeStoredSnapshot(
  storyId: string,
  snapshot: Uint8Array,
  now: number,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.stored.put({ storyId, snapshot, at: now });
}

/** Marks a story as having local updates the server has not (yet) said it stored. */
export async function markPending(
  storyId: string,
  now: number,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.pending.put({ storyId, since: now });
}

/** Clears a story's pending mark, unless a newer mark was made after `markedBefore`. */
export async function clearPending(
  storyId: string,
  markedBefore: number,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.transaction('rw', database.pending, async () => {
    const row = await database.pending.get(storyId);
    if (row !== undefined && row.since <= markedBefore) await database.pending.delete(storyId);
  });
}

/**
 * Forgets everything this workstation knew of its bodies on the newsroom server (the workstation
 * dropped the newsroom's stories): snapshots of stories no longer here, and marks that would
 * send bodies the newsroom no longer gives this workstation.
 */
export async function clearCollabState(database: CollabStateDb = collabStateDb): Promise<void> {
  await database.transaction('rw', database.stored, database.pending, async () => {
    await database.stored.clear();
    await database.pending.clear();
  });
}

/** Calls back with how many story bodies have a pending mark, now and after every change. */
export function watchPendingCount(
  listener: (count: number) => void,
  database: CollabStateDb = collabStateDb,
): () => void {
  const subscription = liveQuery(() => database.pending.count()).subscribe({
    next: listener,
    error: (error: unknown) => console.error('Could not count the bodies waiting to sync', error),
  });
  return () => subscription.unsubscribe();
}

/** The stories with a pending mark, oldest mark first. */
export async function pendingStoryIds(database: CollabStateDb = collabStateDb): Promise<string[]> {
  const rows = await database.pending.toArray();
  return rows.sort((a, b) => a.since - b.since).map((row) => row.storyId);
}
