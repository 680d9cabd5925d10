import * as Y from 'yjs';
import { fieldPatchOf, storyOf, workflowOf, type Story } from '../../../shared/story/story';
import { storySearchTerms } from '../../../shared/text/search';
import { assertNever } from '../../../shared/result';
import {
  addBodyUpdate,
  addBodyUpdates,
  bodyUpdatesTable,
  readBodyUpdates,
} from '../../db/bodyUpdates';
import { db, type EventRow, type NoteRow, type VersionRow, type WorkstationDb } from '../../db/db';
import type { StoryChange } from './changes';
import { storyRowOf } from './stories';

type CreateChange = Extract<StoryChange, { kind: 'story:create' }>;

/** New stories in bulk (a newsroom's list arrives as thousands at once). */
async function createStories(
  database: WorkstationDb,
  changes: readonly CreateChange[],
): Promise<void> {
  // A story this workstation has already is left alone: its later changes come as edits.
  const existing = await database.stories.bulkGet(changes.map((change) => change.story.id));
  const seen = new Set<string>();
  const fresh = changes.filter((change, index) => {
    if (existing[index] !== undefined || seen.has(change.story.id)) return false;
    seen.add(change.story.id);
    return true;
  });
  await database.stories.bulkAdd(fresh.map((change) => storyRowOf(change.story)));
  await addBodyUpdates(
    database,
    fresh.map((change) => ({ storyId: change.story.id, update: change.body })),
    'remote',
  );
}

async function applyOne(database: WorkstationDb, change: StoryChange): Promise<void> {
  switch (change.kind) {
    case 'story:create':
      await createStories(database, [change]);
      return;
    case 'story:edit': {
      const current = await database.stories.get(change.storyId);
      if (current === undefined) return;
      if (change.body !== null)
        await addBodyUpdate(database, change.storyId, change.body, 'remote');
      const fields = fieldPatchOf(change.fields);
      await database.stories.update(change.storyId, {
        ...fields,
        ...(change.wordCount === null ? {} : { wordCount: change.wordCount }),
        ...(change.updatedAt === null ? {} : { updatedAt: change.updatedAt }),
        searchTerms: storySearchTerms({ ...current, ...fields }),
      });
      return;
    }
    case 'story:transition':
      await database.stories.update(change.storyId, {
        ...workflowOf(change.workflow),
        updatedAt: change.updatedAt,
      });
      if (change.event !== null) await database.events.put(change.event);
      await database.versions.put(change.version);
      return;
    case 'trail:claim':
      await database.events.put(change.event);
      return;
    case 'trail:unclaim':
      await database.events.delete(change.eventId);
      return;
    case 'note:add':
      await database.notes.put(change.note);
      return;
    case 'version:add':
      await database.versions.put(change.version);
      return;
    default:
      assertNever(change);
  }
}

/** Every table that holds a story's data: its row, body, trail, notes and versions. */
function storyTables(database: WorkstationDb) {
  return [
    database.stories,
    database.events,
    database.notes,
    database.versions,
    bodyUpdatesTable(database),
  ];
}

/**
 * Writes changes that come from elsewhere (the newsroom server, an import) in one transaction,
 * in order, without handing them to the sync hook: what was received is never sent back. Body
 * updates are stored unflagged (not made here). Applying the same change twice leaves the same
 * data: rows are put by id, a story that exists is not created again.
 */
export async function applyRemoteChanges(
  changes: readonly StoryChange[],
  database: WorkstationDb = db,
): Promise<void> {
  await database.transaction('rw', storyTables(database), async () => {
    let creates: CreateChange[] = [];
    for (const change of changes) {
      if (change.kind === 'story:create') {
        creates.push(change);
        continue;
      }
      if (creates.length > 0) await createStories(database, creates);
      creates = [];
      await applyOne(database, change);
    }
    if (creates.length > 0) await createStories(database, creates);
  });
}

/** A story as the newsroom server has it: its row, trail and notes, and its body's state. */
export interface ServerStory {
  story: Story;
  /** The server's body (Yjs v1 state); null to leave the local body as it is. */
  bodyState: Uint8Array | null;
  events: EventRow[];
  notes: NoteRow[];
}

/** What the sync adds to the transaction that writes a server story (its own tables). */
export interface ServerStoryWrite {
  /** The sync's tables, written inside the transaction (the server's copy, the outbox). */
  tables: readonly string[];
  /** Fields edited here and not yet sent: the local value stays until the server has it. */
  keptFields(storyId: string): Promise<ReadonlySet<string>>;
  /** Runs last, inside the transaction. */
  then(storyId: string): Promise<void>;
}

/** The body update that brings the local body up to the server's, or null when it has it all. */
async function missingBodyUpdate(
  database: WorkstationDb,
  storyId: string,
  serverState: Uint8Array,
): Promise<Uint8Array | null> {
  const { updates } = await readBodyUpdates(database, storyId);
  const doc = new Y.Doc();
  try {
    for (const update of updates) Y.applyUpdateV2(doc, update);
    const before = Y.snapshot(doc);
    const missing = Y.diffUpdate(serverState, Y.encodeStateVector(doc));
    Y.applyUpdate(doc, missing);
    // Delete sets are never diffed away: compare snapshots, so a body already here adds no row.
    return Y.equalSnapshots(before, Y.snapshot(doc)) ? null : Y.convertUpdateFormatV1ToV2(missing);
  } finally {
    doc.destroy();
  }
}

/**
 * Writes a story the newsroom server sent (a catch-up, or the answer to a change sent there) in
 * one transaction, without the sync hook: the row (fields edited here and not yet sent keep their
 * local value), the trail and notes (put by id: the same event twice is one), and whatever of the
 * server's body this workstation lacks, stored as a remote update.
 */
export async function applyServerStory(
  received: ServerStory,
  write: ServerStoryWrite,
  database: WorkstationDb = db,
): Promise<void> {
  const { story } = received;
  await database.transaction(
    'rw',
    [
      database.stories,
      database.events,
      database.notes,
      bodyUpdatesTable(database),
      ...write.tables,
    ],
    async () => {
      const current = await database.stories.get(story.id);
      if (current === undefined) {
        await database.stories.add(storyRowOf(story));
        if (received.bodyState !== null)
          await addBodyUpdate(
            database,
            story.id,
            Y.convertUpdateFormatV1ToV2(received.bodyState),
            'remote',
          );
      } else {
        const kept = await write.keptFields(story.id);
        const row = Object.fromEntries(
          Object.entries(storyOf(story)).filter(([key]) => key !== 'id' && !kept.has(key)),
        ) satisfies Partial<Story>;
        const next = { ...storyOf(current), ...row };
        await database.stories.update(story.id, { ...row, searchTerms: storySearchTerms(next) });
        if (received.bodyState !== null) {
          const missing = await missingBodyUpdate(database, story.id, received.bodyState);
          if (missing !== null) await addBodyUpdate(database, story.id, missing, 'remote');
        }
      }
      await database.events.bulkPut(received.events);
      await database.notes.bulkPut(received.notes);
      await write.then(story.id);
    },
  );
}

/**
 * Removes stories from this workstation with everything they own (body, trail, notes, versions):
 * a disabled account's workstation drops its copy of the newsroom. `also` runs in the same
 * transaction over the sync's `tables`.
 */
export async function removeStories(
  storyIds: readonly string[],
  also: { tables: readonly string[]; run(): Promise<void> },
  database: WorkstationDb = db,
): Promise<void> {
  await database.transaction('rw', [...storyTables(database), ...also.tables], async () => {
    await database.stories.bulkDelete([...storyIds]);
    await bodyUpdatesTable(database)
      .where('k')
      .anyOf([...storyIds])
      .delete();
    for (const table of [database.events, database.notes, database.versions])
      await table
        .where('storyId')
        .anyOf([...storyIds])
        .delete();
    await also.run();
  });
}

/**
 * A story with everything it owns, as plain data: set aside from this workstation's lists (the
 * stories of a newsroom server it is not signed in to now) and brought back unchanged.
 */
export interface StoryParcel {
  story: Story;
  /** The body's updates made here (sent by the newsroom sync), merged; null when none. */
  localBody: Uint8Array | null;
  /** The body's updates received from elsewhere, merged; null when none. */
  receivedBody: Uint8Array | null;
  versions: VersionRow[];
  events: EventRow[];
  notes: NoteRow[];
}

/** The stories of these ids that are here, each as a parcel (read in one transaction). */
export async function readStoryParcels(
  storyIds: readonly string[],
  database: WorkstationDb = db,
): Promise<StoryParcel[]> {
  const ids = [...storyIds];
  return database.transaction('r', storyTables(database), async () => {
    const [rows, bodies, versions, events, notes] = await Promise.all([
      database.stories.bulkGet(ids),
      bodyUpdatesTable(database).where('k').anyOf(ids).sortBy('i'),
      database.versions.where('storyId').anyOf(ids).toArray(),
      database.events.where('storyId').anyOf(ids).toArray(),
      database.notes.where('storyId').anyOf(ids).toArray(),
    ]);
    function mergedBody(storyId: string, isLocal: boolean): Uint8Array | null {
      const updates = bodies
        .filter((row) => row.k === storyId && (row.f === 1) === isLocal)
        .map((row) => row.u);
      return updates.length === 0 ? null : Y.mergeUpdatesV2(updates);
    }
    return rows.flatMap((row) =>
      row === undefined
        ? []
        : [
            {
              story: storyOf(row),
              localBody: mergedBody(row.id, true),
              receivedBody: mergedBody(row.id, false),
              versions: versions.filter((version) => version.storyId === row.id),
              events: events.filter((event) => event.storyId === row.id),
              notes: notes.filter((note) => note.storyId === row.id),
            },
          ],
    );
  });
}

/**
 * Puts parcelled stories back, whole, in one transaction (without the sync hook: nothing here is
 * a new change), with `also` run inside it over the sync's `tables`. A story already here is
 * replaced by its parcel, body included, so bringing the same parcel back twice changes nothing.
 */
export async function writeStoryParcels(
  parcels: readonly StoryParcel[],
  also: { tables: readonly string[]; run(): Promise<void> },
  database: WorkstationDb = db,
): Promise<void> {
  const ids = parcels.map((parcel) => parcel.story.id);
  await database.transaction('rw', [...storyTables(database), ...also.tables], async () => {
    await bodyUpdatesTable(database).where('k').anyOf(ids).delete();
    await database.stories.bulkPut(parcels.map((parcel) => storyRowOf(parcel.story)));
    for (const parcel of parcels) {
      if (parcel.localBody !== null)
        await addBodyUpdate(database, parcel.story.id, parcel.localBody, 'local');
      if (parcel.receivedBody !== null)
        await addBodyUpdate(database, parcel.story.id, parcel.receivedBody, 'remote');
    }
    await database.versions.bulkPut(parcels.flatMap((parcel) => parcel.versions));
    await database.events.bulkPut(parcels.flatMap((parcel) => parcel.events));
    await database.notes.bulkPut(parcels.flatMap((parcel) => parcel.notes));
    await also.run();
  });
}
