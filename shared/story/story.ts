import { z } from 'zod';
import { pickKeys } from '../pickKeys';
import type { Body } from './body';

/** Workflow states of a story (DESIGN.md, Workflow). */
export const STORY_STATES = [
  'draft',
  'submitted',
  'in_edit',
  'returned',
  'approved',
  'scheduled',
  'published',
  'unpublished',
  'spiked',
] as const;
export type StoryState = (typeof STORY_STATES)[number];

/** How each state is named to people. */
export const STATE_LABELS: Record<StoryState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_edit: 'In edit',
  returned: 'Returned',
  approved: 'Approved',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
  spiked: 'Spiked',
};

/** News urgency, most urgent first (the desk orders its queue by it). */
export const URGENCIES = ['flash', 'urgent', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  flash: 'Flash',
  urgent: 'Urgent',
  normal: 'Normal',
  low: 'Low',
};

/** A photo of the library used by a story, with this story's caption, credit and alt text. */
export const photoRefSchema = z.object({
  photoId: z.string().min(1),
  caption: z.string(),
  credit: z.string(),
  altText: z.string(),
});
export type PhotoRef = z.infer<typeof photoRefSchema>;

/**
 * The fields of a story a person edits (DESIGN.md, Story model), without body and workflow. This
 * schema is the one list of fields: its keys drive `fieldsOf`, version snapshots, the comparison
 * and the list's search terms, so a new field is one edit here that the compiler then asks for
 * wherever a value or a label is needed. The order is the order people read them in (comparison).
 */
export const storyFieldsSchema = z.object({
  headline: z.string(),
  subheadline: z.string(),
  slug: z.string().max(80),
  byline: z.string(),
  dateline: z.string(),
  source: z.string(),
  section: z.string(),
  urgency: z.enum(URGENCIES),
  language: z.string().min(2),
  summary: z.string(),
  keywords: z.array(z.string()),
  editorialNote: z.string(),
  leadPhoto: photoRefSchema.nullable(),
});
export type StoryFields = z.infer<typeof storyFieldsSchema>;
export type StoryFieldKey = keyof StoryFields;

/** Every field a person edits, in reading order. */
export const STORY_FIELD_KEYS: readonly StoryFieldKey[] = storyFieldsSchema.keyof().options;

/** The fields the stories list searches (headline, slug and keywords words: `storySearchTerms`). */
export const SEARCHED_FIELDS = [
  'headline',
  'slug',
  'keywords',
] as const satisfies readonly StoryFieldKey[];

/** What workflow transitions and publishing set on a story. */
export const storyWorkflowSchema = z.object({
  state: z.enum(STORY_STATES),
  /** The state a spiked story left, so `Restore` can return it there. */
  stateBeforeSpike: z.enum(STORY_STATES).nullable(),
  /** Epoch ms of a scheduled publication, when state is `scheduled`. */
  scheduledAt: z.number().nullable(),
  /** The portal path fixed at first publication (e.g. `news/2026/11/26/wuxi-iot.html`). */
  publishedPath: z.string().nullable(),
  /** The latest correction note, shown on the published page. */
  correctionNote: z.string(),
  firstPublishedAt: z.number().nullable(),
  lastPublishedAt: z.number().nullable(),
});
export type StoryWorkflow = z.infer<typeof storyWorkflowSchema>;

/** The workflow fields, which a transition writes together. */
export const STORY_WORKFLOW_KEYS: readonly (keyof StoryWorkflow)[] =
  storyWorkflowSchema.keyof().options;

/** A whole story without its body: id, fields, workflow and bookkeeping. */
export const storySchema = z.object({
  /** UUIDv7. */
  id: z.string().min(1),
  ...storyFieldsSchema.shape,
  ...storyWorkflowSchema.shape,
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Word count of the body, kept with the row so lists need not open bodies. */
  wordCount: z.number().int().min(0),
});
/** A story as the renderer's database keeps it (the body lives in its own Y.Doc). */
export type Story = z.infer<typeof storySchema>;

/** Every property of a story, id first. */
export const STORY_KEYS: readonly (keyof Story)[] = storySchema.keyof().options;

/** The fields a person edits, picked from a story or row (for versions and comparison). */
export function fieldsOf(story: StoryFields): StoryFields {
  return pickKeys(story, STORY_FIELD_KEYS);
}

/** Only the field changes of a patch: any other property it carries is dropped. */
export function fieldPatchOf(patch: Partial<StoryFields>): Partial<StoryFields> {
  return pickKeys(
    patch,
    STORY_FIELD_KEYS.filter((key) => Object.hasOwn(patch, key)),
  );
}

/** The workflow fields of a story (what a transition writes). */
export function workflowOf(story: StoryWorkflow): StoryWorkflow {
  return pickKeys(story, STORY_WORKFLOW_KEYS);
}

/** The plain story of a row or of a story with more properties (no body doc, no search terms). */
export function storyOf(story: Story): Story {
  return pickKeys(story, STORY_KEYS);
}

/** A story with its body as plain data: what preview and publishing take. */
export interface StoryWithBody extends Story {
  body: Body;
}

/** Fields of a story nobody has written yet. */
export function blankStoryFields(overrides: Partial<StoryFields> = {}): StoryFields {
  return {
    slug: '',
    headline: '',
    subheadline: '',
    byline: '',
    dateline: '',
    section: 'news',
    source: '',
    summary: '',
    keywords: [],
    urgency: 'normal',
    editorialNote: '',
    language: 'en',
    leadPhoto: null,
    ...overrides,
  };
}

/**
 * Everything but the id and the fields of a story just created: a draft nobody has moved yet,
 * created (and last updated) by `createdBy` at `at`, with no words in its body.
 */
export function newDraft(createdBy: string, at: number): Omit<Story, 'id' | StoryFieldKey> {
  return {
    state: 'draft',
    stateBeforeSpike: null,
    scheduledAt: null,
    publishedPath: null,
    correctionNote: '',
    createdBy,
    createdAt: at,
    updatedAt: at,
    firstPublishedAt: null,
    lastPublishedAt: null,
    wordCount: 0,
  };
}
