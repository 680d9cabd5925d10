import type { Table } from 'dexie';
import type { Story, StoryFields, StoryState, StoryWorkflow } from '../../../shared/story/story';
import type { EventRow, NoteRow, VersionRow, WorkstationDb } from '../../db/db';

/**
 * One change to the story data, as a sync module sends and receives it. Every local write of the
 * repository produces these (a new story, an edit of fields and body, a transition, a claim of a
 * scheduled story, a note, a version), and `applyRemoteChanges` (./remote.ts) writes the same
 * shapes when they come from elsewhere.
 */
export type StoryChange =
  | {
      kind: 'story:create';
      story: Story;
      /** The body's first update (Yjs v2), written with the row. */
      body: Uint8Array;
    }
  | {
      kind: 'story:edit';
      storyId: string;
      /** The fields changed, and only those. */
      fields: Partial<StoryFields>;
      /** The body's new word count, when it changed. */
      wordCount: number | null;
      /** The row's new updatedAt, when the row was written (body-only edits touch it at most once a second). */
      updatedAt: number | null;
      /** The body update (Yjs v2) of this edit, if the body changed. */
      body: Uint8Array | null;
    }
  | {
      kind: 'story:transition';
      storyId: string;
      from: StoryState;
      workflow: StoryWorkflow;
      updatedAt: number;
      /** The trail event; null when a scheduled release was claimed earlier (`trail:claim`). */
      event: EventRow | null;
      version: VersionRow;
    }
  | { kind: 'trail:claim'; event: EventRow }
  | { kind: 'trail:unclaim'; storyId: string; eventId: string }
  | { kind: 'note:add'; note: NoteRow }
  | { kind: 'version:add'; version: VersionRow };

/**
 * What a sync module installs to see every local change.
 *
 * `record` runs INSIDE the transaction of the write, after the write's own requests, with the
 * hook's `tables` in that transaction's scope: appending the changes to an outbox table there
 * makes the outbox and the data commit together or not at all (a throw or rejection aborts the
 * whole write, and the caller sees the error as a failed save). `committed` runs after the commit,
 * e.g. to wake the loop that sends the outbox. Changes applied from the server go through
 * `applyRemoteChanges`, which never calls the hook, so nothing received is sent back.
 */
export interface SyncHook {
  /** Names of the tables `record` writes (declared by the sync module in a new schema version). */
  readonly tables: readonly string[];
  record(changes: readonly StoryChange[]): Promise<void>;
  committed?(changes: readonly StoryChange[]): void;
}

const hooks = new WeakMap<WorkstationDb, SyncHook>();

/** Installs the sync hook of a database (one at a time); returns the function that removes it. */
export function installSyncHook(database: WorkstationDb, hook: SyncHook): () => void {
  if (hooks.has(database)) throw new Error('A sync hook is already installed on this database');
  hooks.set(database, hook);
  return () => {
    if (hooks.get(database) === hook) hooks.delete(database);
  };
}

/** What a local write returns: its value, and the changes it made (none if it refused). */
export interface LocalWrite<T> {
  value: T;
  changes: StoryChange[];
}

/**
 * Runs one local write of the repository: a read-write transaction over `tables` (plus the sync
 * hook's), in which `write` makes its changes and the hook records them. Every write of stories,
 * bodies, events, notes and versions that starts on this workstation goes through here.
 */
export async function writeLocally<T>(
  database: WorkstationDb,
  tables: ReadonlyArray<Table | string>,
  write: () => Promise<LocalWrite<T>>,
): Promise<T> {
  const hook = hooks.get(database);
  const scope = hook === undefined ? tables : [...tables, ...hook.tables];
  const result = await database.transaction('rw', scope, async () => {
    const written = await write();
    if (hook !== undefined && written.changes.length > 0) await hook.record(written.changes);
    return written;
  });
  if (hook?.committed !== undefined && result.changes.length > 0) hook.committed(result.changes);
  return result.value;
}
