import { liveQuery } from 'dexie';
import * as Y from 'yjs';
import { uuidv7 } from '../../../shared/ids';
import { emptyBody, type Body } from '../../../shared/story/body';
import {
  blankStoryFields,
  fieldPatchOf,
  SEARCHED_FIELDS,
  storyOf,
  type Story,
  type StoryFields,
  type StoryWithBody,
} from '../../../shared/story/story';
import { storySearchTerms } from '../../../shared/text/search';
import {
  addBodyUpdate,
  bodyUpdatesTable,
  observeBodyUpdates,
  readBodyUpdates,
  type BodyUpdatesFollow,
} from '../../db/bodyUpdates';
import { db, type StoryRow, type VersionRow, type WorkstationDb } from '../../db/db';
import { bodyOfDoc, docWithBody, STORED_ORIGIN } from '../storyBody';
import { writeLocally } from './changes';

/** A fresh UUIDv7 for rows made in this renderer. */
export function newId(now: number = Date.now()): string {
  return uuidv7(now, crypto.getRandomValues(new Uint8Array(10)));
}

/** A story row as the database stores it: the story and its search terms (the body is separate). */
export function storyRowOf(story: Story): Story & { searchTerms: string[] } {
  return { ...storyOf(story), searchTerms: storySearchTerms(story) };
}

/**
 * Creates a draft in one transaction: the row and the body's first update (the body given, or one
 * empty paragraph, written once here so that two workstations never each add their own).
 */
export async function createStory(options: {
  author: string;
  fields?: Partial<StoryFields>;
  body?: Body;
  /** The body's word count, when a body is given. */
  wordCount?: number;
  now?: number;
  database?: WorkstationDb;
}): Promise<string> {
  const database = options.database ?? db;
  const now = options.now ?? Date.now();
  const story: Story = {
    ...blankStoryFields({ byline: options.author, ...options.fields }),
    id: newId(now),
    state: 'draft',
    stateBeforeSpike: null,
    scheduledAt: null,
    publishedPath: null,
    correctionNote: '',
    createdBy: options.author,
    createdAt: now,
    updatedAt: now,
    firstPublishedAt: null,
    lastPublishedAt: null,
    wordCount: options.wordCount ?? 0,
  };
  const doc = docWithBody(options.body ?? emptyBody());
  const body = Y.encodeStateAsUpdateV2(doc);
  doc.destroy();
  return writeLocally(database, [database.stories, bodyUpdatesTable(database)], async () => {
    await database.stories.add(storyRowOf(story));
    await addBodyUpdate(database, story.id, body, 'local');
    return { value: story.id, changes: [{ kind: 'story:create', story, body }] };
  });
}

/** Whether the story database is open (a failed write may have found it closed). */
export function isDatabaseOpen(database: WorkstationDb = db): boolean {
  return database.isOpen();
}

/** Opens the story database again after it was closed, before writes are retried. */
export async function reopenDatabase(database: WorkstationDb = db): Promise<void> {
  await database.open();
}

/** The row of a story, or undefined if this workstation does not have it. */
export function readStory(
  storyId: string,
  database: WorkstationDb = db,
): Promise<StoryRow | undefined> {
  return database.stories.get(storyId);
}

/** One batch of a story saver: a body update and field changes, written together. */
export interface StoryEdit {
  storyId: string;
  /** The body update (Yjs v2), or null if only fields changed. */
  body: Uint8Array | null;
  fields: Partial<StoryFields>;
  /** The body's new word count, or null if unchanged. */
  wordCount: number | null;
  /** Whether to write the row (its updatedAt) even if no field changed. */
  touchesRow: boolean;
  now: number;
}

/**
 * Writes one batch of edits of a story in one transaction: the body update and, when fields
 * changed (or the row is to be touched), the row with a new updatedAt and, if a searched field
 * changed, new search terms. Resolves once the transaction has committed, so a caller that says
 * `Saved` afterwards says it truthfully, with the key of the body update's row (null if none).
 */
export function writeStoryEdit(
  edit: StoryEdit,
  database: WorkstationDb = db,
): Promise<number | null> {
  const { storyId, body, wordCount, now } = edit;
  const fields = fieldPatchOf(edit.fields);
  const isRowWritten = edit.touchesRow || wordCount !== null || Object.keys(fields).length > 0;
  return writeLocally(database, [database.stories, bodyUpdatesTable(database)], async () => {
    const bodyKey = body === null ? null : await addBodyUpdate(database, storyId, body, 'local');
    if (isRowWritten) {
      const isSearchChanged = SEARCHED_FIELDS.some((key) => key in fields);
      const current = isSearchChanged ? await database.stories.get(storyId) : undefined;
      await database.stories.update(storyId, {
        ...fields,
        ...(wordCount === null ? {} : { wordCount }),
        ...(current === undefined
          ? {}
          : { searchTerms: storySearchTerms({ ...current, ...fields }) }),
        updatedAt: now,
      });
    }
    return {
      value: bodyKey,
      changes: [
        {
          kind: 'story:edit',
          storyId,
          fields,
          wordCount,
          updatedAt: isRowWritten ? now : null,
          body,
        },
      ],
    };
  });
}

/**
 * Stores body updates received from the newsroom server (one transaction, unflagged: not made
 * here). They are not local changes: the sync hook does not see them, so nothing is sent back.
 * Resolves with the key of the update's row once it has committed.
 */
export function writeReceivedBody(
  storyId: string,
  update: Uint8Array,
  database: WorkstationDb = db,
): Promise<number> {
  return database.transaction('rw', bodyUpdatesTable(database), () =>
    addBodyUpdate(database, storyId, update, 'remote'),
  );
}

/**
 * Brings a story's stored body back to the server's state (`state`, Yjs v1), keeping the body as
 * it was here in `version` first, in one transaction: edits the server would not take are kept
 * where the user sees them, and the body is the server's again.
 */
export async function resetBodyKeepingVersion(
  options: { storyId: string; state: Uint8Array; version: VersionRow },
  database: WorkstationDb = db,
): Promise<void> {
  const { storyId, state, version } = options;
  await writeLocally(database, [database.versions, bodyUpdatesTable(database)], async () => {
    await database.versions.add(version);
    await bodyUpdatesTable(database).where('k').equals(storyId).delete();
    await addBodyUpdate(database, storyId, Y.convertUpdateFormatV1ToV2(state), 'remote');
    return { value: undefined, changes: [{ kind: 'version:add', version }] };
  });
}

/**
 * Reads every stored update of a story body into a fresh Y.Doc, in one read transaction, and
 * returns it with the id of the last update read (to follow newer ones from there).
 */
export async function loadBodyDoc(
  storyId: string,
  database: WorkstationDb = db,
): Promise<{ doc: Y.Doc; lastUpdateId: number }> {
  const { updates, lastUpdateId } = await readBodyUpdates(database, storyId);
  const doc = new Y.Doc();
  Y.transact(
    doc,
    () => {
      for (const update of updates) Y.applyUpdateV2(doc, update);
    },
    STORED_ORIGIN,
  );
  return { doc, lastUpdateId };
}

/**
 * Keeps an open body up to date with updates stored after `afterId` (another window, or a sync),
 * applied with the stored origin so the saver does not write them again. The body's own saver
 * passes over the rows it stores (`passOver`): the document has them already.
 */
export function followStoredBody(
  storyId: string,
  doc: Y.Doc,
  afterId: number,
  database: WorkstationDb = db,
): BodyUpdatesFollow {
  return observeBodyUpdates(database, storyId, afterId, (updates) => {
    Y.transact(
      doc,
      () => {
        for (const update of updates) Y.applyUpdateV2(doc, update);
      },
      STORED_ORIGIN,
    );
  });
}

/** A story with its body, and the body's Y.Doc state (v1) for a version snapshot. */
export interface LoadedStory {
  story: StoryWithBody;
  bodyState: Uint8Array;
}

/**
 * A story as it is durable now, with its body read through the same reader the editor loads with,
 * so what is checked and published is what was saved. Undefined if the story is not here.
 */
export async function readStoryWithBody(
  storyId: string,
  database: WorkstationDb = db,
): Promise<LoadedStory | undefined> {
  const row = await database.stories.get(storyId);
  if (row === undefined) return undefined;
  const { doc } = await loadBodyDoc(storyId, database);
  try {
    return {
      story: { ...storyOf(row), body: bodyOfDoc(doc) },
      bodyState: Y.encodeStateAsUpdate(doc),
    };
  } finally {
    doc.destroy();
  }
}

/**
 * The scheduled stories whose time has come, read from the `scheduledAt` index (only a scheduled
 * story has a time there: every other state clears it).
 */
export function readDueStories(now: number, database: WorkstationDb = db): Promise<StoryRow[]> {
  return database.stories
    .where('scheduledAt')
    .belowOrEqual(now)
    .filter((row) => row.state === 'scheduled')
    .toArray();
}

/** When the next scheduled story is due (after `now`), or null if none is. */
export async function nextScheduledTime(
  now: number,
  database: WorkstationDb = db,
): Promise<number | null> {
  const next = await database.stories
    .where('scheduledAt')
    .above(now)
    .filter((row) => row.state === 'scheduled')
    .first();
  return next?.scheduledAt ?? null;
}

/** Calls back whenever a story is scheduled, rescheduled or unscheduled; returns the stop function. */
export function watchScheduledStories(
  onChange: () => void,
  database: WorkstationDb = db,
): () => void {
  const subscription = liveQuery(() =>
    database.stories.where('scheduledAt').aboveOrEqual(-Infinity).primaryKeys(),
  ).subscribe({ next: onChange, error: (error: unknown) => console.error(error) });
  return () => subscription.unsubscribe();
}
