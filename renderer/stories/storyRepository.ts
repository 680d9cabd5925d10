import * as Y from 'yjs';
import { uuidv7 } from '../../shared/ids';
import { emptyBody } from '../../shared/story/body';
import { blankStoryFields, type Story, type StoryFields } from '../../shared/story/story';
import { storySearchTerms } from '../../shared/text/search';
import { db, type StoryRow, type VersionRow, type WorkstationDb } from '../db/db';
import { bodyUpdatesTable, docWithBody } from './storyBody';

/** A fresh UUIDv7 for rows made in this renderer. */
export function newId(now: number = Date.now()): string {
  return uuidv7(now, crypto.getRandomValues(new Uint8Array(10)));
}

/** The fields of a story a person edits, picked from a row (for versions and comparison). */
export function fieldsOf(story: Story): StoryFields {
  return {
    slug: story.slug,
    headline: story.headline,
    subheadline: story.subheadline,
    byline: story.byline,
    dateline: story.dateline,
    section: story.section,
    source: story.source,
    summary: story.summary,
    keywords: story.keywords,
    urgency: story.urgency,
    editorialNote: story.editorialNote,
    language: story.language,
    leadPhoto: story.leadPhoto,
  };
}

/** The row data of a story (without the body Y.Doc), as versions keep it. */
export function storyDataOf(row: StoryRow): Omit<Story, 'id'> {
  return {
    ...fieldsOf(row),
    state: row.state,
    stateBeforeSpike: row.stateBeforeSpike,
    scheduledAt: row.scheduledAt,
    publishedPath: row.publishedPath,
    correctionNote: row.correctionNote,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    firstPublishedAt: row.firstPublishedAt,
    lastPublishedAt: row.lastPublishedAt,
    wordCount: row.wordCount,
  };
}

/**
 * Creates a draft with an empty body in one transaction (the row and the body's first update, which
 * holds the one empty paragraph, so two workstations never each add their own first paragraph).
 */
export async function createStory(options: {
  author: string;
  fields?: Partial<StoryFields>;
  now?: number;
  database?: WorkstationDb;
}): Promise<string> {
  const database = options.database ?? db;
  const now = options.now ?? Date.now();
  const id = newId(now);
  const fields = blankStoryFields({ byline: options.author, ...options.fields });
  const story: Story & { searchTerms: string[] } = {
    ...fields,
    id,
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
    wordCount: 0,
    searchTerms: storySearchTerms(fields),
  };
  const body = docWithBody(emptyBody());
  const updatesTable = bodyUpdatesTable(database);
  await database.transaction('rw', database.stories, updatesTable, async () => {
    await database.stories.add(story);
    await updatesTable.add({ k: id, u: Y.encodeStateAsUpdateV2(body), f: 1 });
  });
  body.destroy();
  return id;
}

/** Takes a version of a story: its row data and body as they are now. */
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
  const now = options.now ?? Date.now();
  const version: VersionRow = {
    id: newId(now),
    storyId: options.row.id,
    createdAt: now,
    author: options.author,
    reason: options.reason,
    label: options.label.trim(),
    fields: { ...storyDataOf(options.row), ...options.fields },
    bodyState: Y.encodeStateAsUpdate(options.doc),
  };
  await database.versions.add(version);
  return version;
}
