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
  /**
   * The newsroom account the updates were made under (`<server origin> <login>`, as the outbox
   * names it): they are sent only while it is signed in. '' for a mark kept from before marks
   * named their account (the next account signed in takes it).
   */
  account: string;
  /** That account's login, for the line that says whom the text waits for. */
  login: string;
}

/** A newsroom account as the collab state names it (the outbox's key and login). */
export interface BodyAccount {
  key: string;
  login: string;
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
    // Pending marks name the account their updates were made under.
    this.version(2)
      .stores({ stored: 'storyId', pending: 'storyId' })
      .upgrade((transaction) =>
        transaction
          .table('pending')
          .toCollection()
          .modify((row: Partial<PendingRow>) => {
            row.account ??= '';
            row.login ??= '';
          }),
      );
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

/**
 * Marks a story as having local updates, made under `account`, that the server has not (yet) said
 * it stored. A story already marked for another account keeps that account: what it typed is
 * still in the document, and goes only under it.
 */
export async function markPending(
  storyId: string,
  now: number,
  account: BodyAccount,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.transaction('rw', database.pending, async () => {
    const held = await database.pending.get(storyId);
    const owner =
      held === undefined || held.account === ''
        ? { account: account.key, login: account.login }
        : { account: held.account, login: held.login };
    await database.pending.put({ storyId, since: now, ...owner });
  });
}

/** The account whose unsent updates a story's body holds, or null when nothing waits. */
export async function pendingAccountOf(
  storyId: string,
  database: CollabStateDb = collabStateDb,
): Promise<BodyAccount | null> {
  const row = await database.pending.get(storyId);
  return row === undefined ? null : { key: row.account, login: row.login };
}

/**
 * Gives marks kept from before marks named their account to the account signed in now (the one
 * signed in when they were made, unless someone else signed in since: the outbox does the same).
 */
export async function adoptUnownedPending(
  account: BodyAccount,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.pending
    .filter((row) => row.account === '')
    .modify({ account: account.key, login: account.login });
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

/**
 * Calls back with how many story bodies have a pending mark of `account`, now and after every
 * change (another account's wait for it: they are not this account's work).
 */
export function watchPendingCount(
  listener: (count: number) => void,
  account: string,
  database: CollabStateDb = collabStateDb,
): () => void {
  const subscription = liveQuery(() =>
    database.pending.filter((row) => row.account === account).count(),
  ).subscribe({
    next: listener,
    error: (error: unknown) => console.error('Could not count the bodies waiting to sync', error),
  });
  return () => subscription.unsubscribe();
}

/** The stories with a pending mark of `account`, oldest mark first. */
export async function pendingStoryIds(
  account: string,
  database: CollabStateDb = collabStateDb,
): Promise<string[]> {
  const rows = await database.pending.filter((row) => row.account === account).toArray();
  return rows.sort((a, b) => a.since - b.since).map((row) => row.storyId);
}

/** What this workstation knows of some stories' bodies on the server (to set them aside). */
export interface CollabRows {
  stored: StoredRow[];
  pending: PendingRow[];
}

/** The stored snapshots and pending marks of these stories. */
export async function readCollabRows(
  storyIds: readonly string[],
  database: CollabStateDb = collabStateDb,
): Promise<CollabRows> {
  const [stored, pending] = await Promise.all([
    database.stored.bulkGet([...storyIds]),
    database.pending.bulkGet([...storyIds]),
  ]);
  return {
    stored: stored.filter((row) => row !== undefined),
    pending: pending.filter((row) => row !== undefined),
  };
}

/** Puts stored snapshots and pending marks back (stories brought back from aside). */
export async function writeCollabRows(
  rows: CollabRows,
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.transaction('rw', database.stored, database.pending, async () => {
    await database.stored.bulkPut(rows.stored);
    await database.pending.bulkPut(rows.pending);
  });
}

/** Forgets the stored snapshots and pending marks of these stories (set aside elsewhere). */
export async function deleteCollabRows(
  storyIds: readonly string[],
  database: CollabStateDb = collabStateDb,
): Promise<void> {
  await database.transaction('rw', database.stored, database.pending, async () => {
    await database.stored.bulkDelete([...storyIds]);
    await database.pending.bulkDelete([...storyIds]);
  });
}
