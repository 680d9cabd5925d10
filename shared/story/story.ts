import { z } from 'zod';
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

/** The fields of a story a person edits (DESIGN.md, Story model), without body and workflow. */
export const storyFieldsSchema = z.object({
  slug: z.string().max(80),
  headline: z.string(),
  subheadline: z.string(),
  byline: z.string(),
  dateline: z.string(),
  section: z.string(),
  source: z.string(),
  summary: z.string(),
  keywords: z.array(z.string()),
  urgency: z.enum(URGENCIES),
  editorialNote: z.string(),
  language: z.string().min(2),
  leadPhoto: photoRefSchema.nullable(),
});
export type StoryFields = z.infer<typeof storyFieldsSchema>;

/** A story as the renderer's database keeps it (the body lives in its own Y.Doc). */
export interface Story extends StoryFields {
  /** UUIDv7. */
  id: string;
  state: StoryState;
  /** The state a spiked story left, so `Restore` can return it there. */
  stateBeforeSpike: StoryState | null;
  /** Epoch ms of a scheduled publication, when state is `scheduled`. */
  scheduledAt: number | null;
  /** The portal path fixed at first publication (e.g. `news/2026/11/26/wuxi-iot.html`). */
  publishedPath: string | null;
  /** The latest correction note, shown on the published page. */
  correctionNote: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  firstPublishedAt: number | null;
  lastPublishedAt: number | null;
  /** Word count of the body, kept with the row so lists need not open bodies. */
  wordCount: number;
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
