import type { Selectable } from 'kysely';
import {
  newsroomStorySchema,
  storyFieldValuesSchema,
  versionFieldsSchema,
  type NewsroomStory,
  type StoryFieldName,
  type StoryFieldValues,
  type VersionFields,
} from '../../shared/api/newsroom';
import type { StoryTable } from '../store/schema';

/** A story row with its owner's login and name. */
export type StoryRow = Selectable<StoryTable> & { owner_login: string; owner_name: string };

/** The column of each story field. */
export const FIELD_COLUMNS = {
  slug: 'slug',
  headline: 'headline',
  subheadline: 'subheadline',
  byline: 'byline',
  dateline: 'dateline',
  section: 'section',
  source: 'source',
  summary: 'summary',
  keywords: 'keywords',
  urgency: 'urgency',
  editorialNote: 'editorial_note',
  language: 'language',
  leadPhoto: 'lead_photo',
} as const satisfies Record<StoryFieldName, keyof StoryTable>;

/** A field's value as its column stores it (JSON for the list and the photo). */
export function columnValue<K extends StoryFieldName>(
  field: K,
  value: StoryFieldValues[K],
): string | null {
  if (field === 'keywords') return JSON.stringify(value);
  if (field === 'leadPhoto') return value === null ? null : JSON.stringify(value);
  return value as string;
}

/** The story fields of a row. */
export function fieldsOfRow(row: Selectable<StoryTable>): StoryFieldValues {
  return storyFieldValuesSchema.parse({
    slug: row.slug,
    headline: row.headline,
    subheadline: row.subheadline,
    byline: row.byline,
    dateline: row.dateline,
    section: row.section,
    source: row.source,
    summary: row.summary,
    keywords: JSON.parse(row.keywords),
    urgency: row.urgency,
    editorialNote: row.editorial_note,
    language: row.language,
    leadPhoto: row.lead_photo === null ? null : JSON.parse(row.lead_photo),
  });
}

/** The fields and workflow of a row, as a version keeps them. */
export function versionFieldsOfRow(row: Selectable<StoryTable>): VersionFields {
  // The version schema keeps the fields and workflow and drops the rest (id, owner, sequence).
  return versionFieldsSchema.parse(storyOfRow({ ...row, owner_login: '', owner_name: '' }));
}

/** A row as the API answers it. */
export function storyOfRow(row: StoryRow): NewsroomStory {
  return newsroomStorySchema.parse({
    ...fieldsOfRow(row),
    id: row.id,
    state: row.state,
    stateBeforeSpike: row.state_before_spike,
    scheduledAt: row.scheduled_at,
    publishedPath: row.published_path,
    correctionNote: row.correction_note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstPublishedAt: row.first_published_at,
    lastPublishedAt: row.last_published_at,
    wordCount: row.word_count,
    owner: row.owner_login,
    ownerName: row.owner_name,
    changeSeq: row.change_seq,
  });
}

/** The columns of a whole story (fields and workflow), for an insert. */
export function columnsOfStory(
  story: StoryFieldValues & Omit<VersionFields, keyof StoryFieldValues>,
): Omit<StoryTable, 'id' | 'owner_id' | 'change_seq'> {
  return {
    created_by: story.createdBy,
    slug: story.slug,
    headline: story.headline,
    subheadline: story.subheadline,
    byline: story.byline,
    dateline: story.dateline,
    section: story.section,
    source: story.source,
    summary: story.summary,
    keywords: JSON.stringify(story.keywords),
    urgency: story.urgency,
    editorial_note: story.editorialNote,
    language: story.language,
    lead_photo: story.leadPhoto === null ? null : JSON.stringify(story.leadPhoto),
    state: story.state,
    state_before_spike: story.stateBeforeSpike,
    scheduled_at: story.scheduledAt,
    published_path: story.publishedPath,
    correction_note: story.correctionNote,
    created_at: story.createdAt,
    updated_at: story.updatedAt,
    first_published_at: story.firstPublishedAt,
    last_published_at: story.lastPublishedAt,
    word_count: story.wordCount,
  };
}
