import { Dexie } from 'dexie';
import * as Y from 'yjs';
import { storyOf, type Story, type StoryFields } from '../../../shared/story/story';
import { db, type StoryRow, type VersionRow, type WorkstationDb } from '../../db/db';
import { writeLocally } from './changes';
import { newId } from './stories';

/** A version of a story as it is: its row data and a body state (Yjs v1). */
export function buildVersion(options: {
  story: Story;
  bodyState: Uint8Array;
  author: string;
  reason: VersionRow['reason'];
  label: string;
  now: number;
}): VersionRow {
  const { id, ...fields } = storyOf(options.story);
  return {
    id: newId(options.now),
    storyId: id,
    createdAt: options.now,
    author: options.author,
    reason: options.reason,
    label: options.label.trim(),
    fields,
    bodyState: options.bodyState,
  };
}

/**
 * Takes a version of a story as it is being edited: the stored row with the fields on screen, and
 * the body document in memory.
 */
export async function saveVersion(options: {
  row: StoryRow;
  doc: Y.Doc;
  fields: StoryFields;
  author: string;
  reason: VersionRow['reason'];
  label: string;
  now?: number;
  database?: WorkstationDb;
}): Promise<VersionRow> {
  const database = options.database ?? db;
  const version = buildVersion({
    story: { ...storyOf(options.row), ...options.fields },
    bodyState: Y.encodeStateAsUpdate(options.doc),
    author: options.author,
    reason: options.reason,
    label: options.label,
    now: options.now ?? Date.now(),
  });
  return writeLocally(database, [database.versions], async () => {
    await database.versions.add(version);
    return { value: version, changes: [{ kind: 'version:add', version }] };
  });
}

/** The versions of a story, newest first. */
export function readVersions(storyId: string, database: WorkstationDb = db): Promise<VersionRow[]> {
  return database.versions
    .where('[storyId+createdAt]')
    .between([storyId, Dexie.minKey], [storyId, Dexie.maxKey])
    .reverse()
    .toArray();
}
