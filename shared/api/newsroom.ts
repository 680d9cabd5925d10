import { z } from 'zod';
import { portalProfileSchema } from '../portal/profile';
import { ROLES } from '../settings/settings';
import { STORY_STATES, URGENCIES, photoRefSchema } from '../story/story';
import { dictionaryWordSchema, MAX_NEWSROOM_WORDS } from '../style/dictionaryWord';
import { MANUAL_ACTIONS, WORKFLOW_ACTIONS } from '../workflow/transitions';
import { channel, type ChannelSpec } from './channel';
import { newsroomPublishingChannels } from './newsroomPublishing';

/**
 * The newsroom server's API (NEWSROOM.md): every channel a workstation calls as
 * `POST /api/<channel>` with a JSON body and `Authorization: Bearer <token>`. The answer is
 * `{ ok: true, value }` (HTTP 200) or `{ ok: false, error }` with the status of `ERROR_STATUS`.
 * A server refuses in this order: 401 (no or bad token) → 403 (the role or ownership never allows
 * it) → 404 (no such story) → 409 (the story's state or the publish gate does not allow it now;
 * every reason in `error.reasons`) → 400 (the input is not valid). Bodies travel as Yjs updates,
 * base64 in JSON; the live body is the Hocuspocus document at `/collab` (see NEWSROOM.md).
 */

/** Bumped whenever a channel changes incompatibly; a workstation of another contract stays offline. */
export const NEWSROOM_CONTRACT = 1;

/** Where a server answers, under its origin. */
export const NEWSROOM_PATHS = {
  api: '/api/',
  /** Server-Sent Events (GET, bearer token): `change` events naming the newest change cursor. */
  events: '/api/events',
  health: '/healthz',
  collab: '/collab',
} as const;

/** Why a call failed: a stable code for programs; the HTTP status follows from it. */
export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'account_disabled',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'too_many_attempts',
  'unsupported',
  'internal',
] as const;
export type NewsroomErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status of each error code. */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  account_disabled: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  too_many_attempts: 429,
  internal: 500,
} as const satisfies Record<NewsroomErrorCode, number>;

/** A refusal: one sentence for people, and every reason when there are several (409, 400). */
export const newsroomErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  reasons: z.array(z.string()).optional(),
  /** 429 only: epoch ms when sign-in may be tried again (also in the `Retry-After` header). */
  retryAt: z.number().optional(),
});
export type NewsroomError = z.infer<typeof newsroomErrorSchema>;

/** Every answer of `/api/<channel>`. */
export type NewsroomResult<T> = { ok: true; value: T } | { ok: false; error: NewsroomError };

/** The largest JSON request body, in bytes; `stories:upload` takes `MAX_UPLOAD_BYTES`. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** The largest `stories:upload` body: batch a workstation's stories to stay under it. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
/** The deepest JSON nesting a request may have. */
export const MAX_JSON_DEPTH = 32;

/** A login: lower-case letters, digits, dots, hyphens and underscores, starting with a letter or digit. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(LOGIN_PATTERN, 'A login is 1–64 lower-case letters, digits, ".", "-" or "_".');

/** The shortest and longest password accepted. */
export const PASSWORD_LIMITS = { min: 8, max: 1024 } as const;
export const passwordSchema = z
  .string()
  .min(PASSWORD_LIMITS.min, `A password has at least ${PASSWORD_LIMITS.min} characters.`)
  .max(PASSWORD_LIMITS.max, `A password has at most ${PASSWORD_LIMITS.max} characters.`);

/** A person's full name as the trail and bylines show it. */
export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'A name is needed.')
  .max(200, 'A name has at most 200 characters.');

/** A globally unique id made by whoever creates the record (UUIDv7 on workstations). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const recordIdSchema = z
  .string()
  .regex(UUID_PATTERN, 'An id is a lower-case UUID (UUIDv7 on workstations).');

/** A Yjs update (`Y.encodeStateAsUpdate`, v1 encoding), base64 in JSON. */
export const yjsStateSchema = z.base64().max(24 * 1024 * 1024);

/** An account as everyone may see it. */
export const newsroomUserSchema = z.object({
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type NewsroomUser = z.infer<typeof newsroomUserSchema>;

/** An account as editors see it in the people list. */
export const accountSchema = newsroomUserSchema.extend({ isDisabled: z.boolean() });
export type Account = z.infer<typeof accountSchema>;

/** The longest each story field may be, in characters (the server refuses longer). */
export const STORY_FIELD_LIMITS = {
  slug: 80,
  headline: 1000,
  subheadline: 2000,
  byline: 500,
  dateline: 500,
  section: 200,
  source: 500,
  summary: 10_000,
  editorialNote: 20_000,
  language: 35,
  keyword: 200,
  keywords: 100,
} as const;

function limited(field: Exclude<keyof typeof STORY_FIELD_LIMITS, 'keyword' | 'keywords'>) {
  const limit = STORY_FIELD_LIMITS[field];
  return z.string().max(limit, `${field}: at most ${limit} characters.`);
}

/** Story fields as the API takes them: the shared story fields, with the server's length limits. */
export const storyFieldValuesSchema = z.object({
  slug: limited('slug'),
  headline: limited('headline'),
  subheadline: limited('subheadline'),
  byline: limited('byline'),
  dateline: limited('dateline'),
  section: limited('section'),
  source: limited('source'),
  summary: limited('summary'),
  keywords: z
    .array(z.string().max(STORY_FIELD_LIMITS.keyword))
    .max(STORY_FIELD_LIMITS.keywords, `keywords: at most ${STORY_FIELD_LIMITS.keywords}.`),
  urgency: z.enum(URGENCIES),
  editorialNote: limited('editorialNote'),
  language: z.string().min(2).max(STORY_FIELD_LIMITS.language),
  leadPhoto: photoRefSchema
    .extend({
      photoId: z.string().min(1).max(200),
      caption: z.string().max(5000),
      credit: z.string().max(500),
      altText: z.string().max(2000),
    })
    .strict()
    .nullable(),
});
export type StoryFieldValues = z.infer<typeof storyFieldValuesSchema>;
export const STORY_FIELD_NAMES = storyFieldValuesSchema.keyof().options;
export type StoryFieldName = (typeof STORY_FIELD_NAMES)[number];

/** The workflow and bookkeeping fields a story keeps beside the story fields, as do its versions. */
const workflowFieldsShape = {
  state: z.enum(STORY_STATES),
  stateBeforeSpike: z.enum(STORY_STATES).nullable(),
  scheduledAt: z.number().nullable(),
  publishedPath: z.string().nullable(),
  correctionNote: z.string(),
  /** The name of the person who created it (as workstations show it). */
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  firstPublishedAt: z.number().nullable(),
  lastPublishedAt: z.number().nullable(),
  wordCount: z.number().int().min(0),
};

/**
 * A story as the server keeps it: the fields, the workflow, the owner (the account that created it,
 * or the one an editor reassigned it to) and `changeSeq`, its place in the change sequence.
 */
export const newsroomStorySchema = storyFieldValuesSchema.extend({
  id: z.string(),
  ...workflowFieldsShape,
  /** The owner's login, and name. */
  owner: z.string(),
  ownerName: z.string(),
  changeSeq: z.number().int().min(0),
});
export type NewsroomStory = z.infer<typeof newsroomStorySchema>;

/** One row of `stories:list`. */
export const storyListItemSchema = z.object({
  id: z.string(),
  slug: z.string(),
  headline: z.string(),
  state: z.enum(STORY_STATES),
  section: z.string(),
  owner: z.string(),
  ownerName: z.string(),
  urgency: z.enum(URGENCIES),
  updatedAt: z.number(),
});
export type StoryListItem = z.infer<typeof storyListItemSchema>;

/** One workflow event of a story's trail. */
export const trailEventSchema = z.object({
  id: z.string(),
  storyId: z.string(),
  at: z.number(),
  actor: z.string(),
  /** The actor's login; empty for events made before the story reached the server. */
  actorLogin: z.string(),
  role: z.string(),
  action: z.string(),
  from: z.enum(STORY_STATES),
  to: z.enum(STORY_STATES),
  note: z.string(),
});
export type TrailEvent = z.infer<typeof trailEventSchema>;

/** A newsroom note on a story (never published). */
export const storyNoteSchema = z.object({
  id: z.string(),
  storyId: z.string(),
  at: z.number(),
  author: z.string(),
  authorLogin: z.string(),
  role: z.string(),
  text: z.string(),
});
export type StoryNote = z.infer<typeof storyNoteSchema>;

/** Why a version was taken (as on the workstation). */
export const VERSION_REASONS = ['transition', 'autosave', 'manual', 'restore', 'upload'] as const;

/** A version without its content: what the History panel lists. */
export const versionSummarySchema = z.object({
  id: z.string(),
  storyId: z.string(),
  createdAt: z.number(),
  author: z.string(),
  reason: z.enum(VERSION_REASONS),
  label: z.string(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

/** The workflow and bookkeeping fields a version keeps beside the story fields. */
export const versionFieldsSchema = storyFieldValuesSchema.extend(workflowFieldsShape);
export type VersionFields = z.infer<typeof versionFieldsSchema>;

/** A whole version: the fields and the body (Yjs state) at that moment. */
export const versionSchema = versionSummarySchema.extend({
  fields: versionFieldsSchema,
  bodyState: yjsStateSchema,
});
export type Version = z.infer<typeof versionSchema>;

/**
 * One applied field change. `overwrote` is true when the value replaced was not the one the
 * editing client had seen (someone changed it meanwhile): the later arrival won, and `previous`
 * keeps the other person's value for the History panel.
 */
export const fieldEditSchema = z.object({
  id: z.string(),
  storyId: z.string(),
  field: z.enum(STORY_FIELD_NAMES),
  previous: z.unknown(),
  value: z.unknown(),
  at: z.number(),
  actor: z.string(),
  actorLogin: z.string(),
  overwrote: z.boolean(),
});
export type FieldEdit = z.infer<typeof fieldEditSchema>;

/** A figure of a story body, as the photo desk addresses it. */
export const figureSchema = z.object({
  /** The figure's position among the body's top-level blocks. */
  blockIndex: z.number().int().min(0),
  photoId: z.string().min(1).max(200),
  caption: z.string().max(5000),
  credit: z.string().max(500),
  altText: z.string().max(2000),
});
export type Figure = z.infer<typeof figureSchema>;

/**
 * One change to a body's figures, applied by the server to the live document (Hocuspocus grants
 * rights per document, so the photo desk, who may not edit the text, changes figures here).
 * `blockIndex` + `photoId` name a figure; if the text moved it, the nearest figure with that photo
 * is taken. `insert` puts a new figure before `blockIndex` (the body's length appends it).
 */
export const figureEditSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('update'),
      blockIndex: z.number().int().min(0),
      photoId: z.string().min(1).max(200),
      caption: z.string().max(5000).optional(),
      credit: z.string().max(500).optional(),
      altText: z.string().max(2000).optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('insert'),
      blockIndex: z.number().int().min(0),
      photoId: z.string().min(1).max(200),
      caption: z.string().max(5000),
      credit: z.string().max(500),
      altText: z.string().max(2000),
    })
    .strict(),
  z
    .object({
      op: z.literal('remove'),
      blockIndex: z.number().int().min(0),
      photoId: z.string().min(1).max(200),
    })
    .strict(),
]);
export type FigureEdit = z.infer<typeof figureEditSchema>;

/**
 * Who writes the site after a transition. Until the server publishes (issue 11), a publish,
 * correction or unpublish it has decided and recorded is carried out by the workstation that asked
 * (`workstation`), which then reports the result with `story:recordPublication`; `server` means the
 * server has written it already; `none` means the action writes nothing.
 */
export const PUBLISHING_BY = ['none', 'workstation', 'server'] as const;

/** What an uploaded story brings from a workstation that worked without the server. */
export const uploadedStorySchema = z
  .object({
    story: newsroomStorySchema
      .omit({ owner: true, ownerName: true, changeSeq: true })
      .extend({ id: recordIdSchema }),
    bodyState: yjsStateSchema,
    trail: z.array(trailEventSchema.omit({ actorLogin: true }).extend({ id: recordIdSchema })),
    notes: z.array(storyNoteSchema.omit({ authorLogin: true }).extend({ id: recordIdSchema })),
    versions: z.array(versionSchema.extend({ id: recordIdSchema })),
  })
  .strict();
export type UploadedStory = z.infer<typeof uploadedStorySchema>;

const storyIdInput = z.object({ id: recordIdSchema }).strict();
const empty = z.object({}).strict();

/** Every channel of the newsroom server. */
export const newsroomChannels = {
  /** No token needed: the server's version and contract number (`NEWSROOM_CONTRACT`). */
  'server:info': channel(empty, z.object({ version: z.string(), contract: z.number().int() })),

  /** Signs in: a new session token (keep it secret), the account, and when the session expires. */
  'session:create': channel(
    z
      .object({ login: z.string().max(200), password: z.string().max(PASSWORD_LIMITS.max) })
      .strict(),
    z.object({ token: z.string(), user: newsroomUserSchema, expiresAt: z.number() }),
  ),
  /** Signs out: ends this session on the server. */
  'session:delete': channel(empty, empty),
  /** The signed-in account as the server knows it now (its role may have changed). */
  'session:get': channel(empty, z.object({ user: newsroomUserSchema, expiresAt: z.number() })),
  /** Changes the caller's own password; every other session of the account ends. */
  'account:changePassword': channel(
    z
      .object({ currentPassword: z.string().max(PASSWORD_LIMITS.max), newPassword: passwordSchema })
      .strict(),
    empty,
  ),
  /** Editors: the newsroom's accounts, for reassigning stories. */
  'accounts:list': channel(empty, z.array(accountSchema)),

  /** The portal profile (sections, time zone, credits…) and when it last changed. */
  'profile:get': channel(empty, z.object({ profile: portalProfileSchema, updatedAt: z.number() })),
  /** Editors: replaces the portal profile. */
  'profile:update': channel(
    z.object({ profile: portalProfileSchema }).strict(),
    z.object({ profile: portalProfileSchema, updatedAt: z.number() }),
  ),

  /**
   * Reporters and editors: a new draft owned by the caller. A client-made `id` (UUIDv7) makes it
   * idempotent: the same id again answers the existing story's id (if the caller owns it).
   * `section` is a section id of the profile (`news`, `news/sports`).
   */
  'story:create': channel(
    z
      .object({
        id: recordIdSchema.optional(),
        headline: limited('headline'),
        slug: limited('slug').optional(),
        byline: limited('byline').optional(),
        section: limited('section').optional(),
      })
      .strict(),
    z.object({ id: z.string() }),
  ),
  /**
   * The newsroom's stories, newest first (`updatedAt`, epoch ms); a section includes its
   * sub-sections; `limit` defaults to 500.
   */
  'stories:list': channel(
    z
      .object({
        state: z.enum(STORY_STATES).optional(),
        section: z.string().max(200).optional(),
        owner: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
    z.array(storyListItemSchema),
  ),
  /** A story's fields, state and owner. */
  'story:get': channel(storyIdInput, newsroomStorySchema),
  /**
   * Changes fields. `base` holds, for every changed field, the value the client last saw. Per
   * field: unchanged since then → applied; changed meanwhile → applied too (the later arrival
   * wins) and the value it replaced is kept in the field history and named in `overwritten`.
   */
  'story:update': channel(
    z
      .object({
        id: recordIdSchema,
        changes: storyFieldValuesSchema.partial().strict(),
        base: storyFieldValuesSchema.partial().strict(),
      })
      .strict(),
    z.object({ story: newsroomStorySchema, overwritten: z.array(fieldEditSchema) }),
  ),
  /** Changes the body's figures (photo desk, editors, the owning reporter while it is theirs). */
  'story:editFigures': channel(
    z.object({ id: recordIdSchema, edits: z.array(figureEditSchema).min(1).max(200) }).strict(),
    z.object({ figures: z.array(figureSchema) }),
  ),
  /** The server's copy of the body (Yjs state), for a workstation that has not opened it yet. */
  'story:body': channel(storyIdInput, z.object({ state: yjsStateSchema })),
  /** Editors: gives a story to another account. */
  'story:reassign': channel(
    z.object({ id: recordIdSchema, owner: loginSchema }).strict(),
    newsroomStorySchema,
  ),
  /**
   * A workflow action, named and with the input `shared/workflow` gives it (`return` with `note`,
   * `unpublish` with `reason`, `publishCorrection` with `correctionNote`, `schedule` with
   * `scheduledAt` in epoch ms). `release` is the scheduler's and is refused. A client-made
   * `eventId` makes a replay from an outbox idempotent: the same id answers the recorded outcome.
   */
  'story:transition': channel(
    z
      .object({
        id: recordIdSchema,
        action: z.enum(WORKFLOW_ACTIONS),
        eventId: recordIdSchema.optional(),
        note: z.string().max(10_000).optional(),
        reason: z.string().max(10_000).optional(),
        correctionNote: z.string().max(10_000).optional(),
        scheduledAt: z.number().int().optional(),
      })
      .strict(),
    z.object({
      state: z.enum(STORY_STATES),
      story: newsroomStorySchema,
      event: trailEventSchema,
      publishing: z.enum(PUBLISHING_BY),
    }),
  ),
  /**
   * Editors, after `publishing: 'workstation'`: what the workstation's publish wrote, so the
   * server's record of the story carries its path and times.
   */
  'story:recordPublication': channel(
    z
      .object({
        id: recordIdSchema,
        publishedPath: z.string().min(1).max(1000),
        firstPublishedAt: z.number().int(),
        lastPublishedAt: z.number().int(),
      })
      .strict(),
    newsroomStorySchema,
  ),
  /** The workflow trail, oldest first. */
  'story:trail': channel(storyIdInput, z.array(trailEventSchema)),
  /** Adds a newsroom note (any role, any story); a client-made `noteId` makes it idempotent. */
  'story:addNote': channel(
    z
      .object({
        id: recordIdSchema,
        noteId: recordIdSchema.optional(),
        text: z.string().trim().min(1, 'Write the note.').max(10_000),
      })
      .strict(),
    storyNoteSchema,
  ),
  /** The notes, oldest first. */
  'story:notes': channel(storyIdInput, z.array(storyNoteSchema)),
  /** The versions, newest first, without their content. */
  'story:versions': channel(storyIdInput, z.array(versionSummarySchema)),
  /** One version with its fields and body. */
  'story:version': channel(
    z.object({ id: recordIdSchema, versionId: recordIdSchema }).strict(),
    versionSchema,
  ),
  /** Saves a version of the server's copy (fields and body) now; `versionId` makes it idempotent. */
  'story:saveVersion': channel(
    z
      .object({
        id: recordIdSchema,
        versionId: recordIdSchema.optional(),
        label: z.string().trim().max(500).optional(),
      })
      .strict(),
    versionSummarySchema,
  ),
  /** Every applied field change, newest first (the History panel's field history). */
  'story:fieldHistory': channel(storyIdInput, z.array(fieldEditSchema)),
  /**
   * Catch-up: the stories changed after the cursor `since` (0 at first), in change order, at most
   * `limit` (default 500). Call again with `cursor` while `hasMore`.
   */
  'stories:changes': channel(
    z
      .object({
        since: z.number().int().min(0),
        limit: z.number().int().min(1).max(2000).optional(),
      })
      .strict(),
    z.object({
      stories: z.array(newsroomStorySchema),
      cursor: z.number().int().min(0),
      hasMore: z.boolean(),
      /**
       * True when `since` is ahead of the server's sequence (a server restored from a backup, or
       * another newsroom): the answer starts from 0, and the workstation re-reads its whole list.
       */
      isReset: z.boolean(),
    }),
  ),
  /**
   * First sign-in on a workstation with local stories: uploads them with their body, trail, notes
   * and versions. Idempotent per story (send again after a failure: nothing is duplicated). A new
   * story becomes the caller's; it keeps its state only for an editor (a scheduled one comes back
   * approved), and is a draft for other roles, the trail saying what it was.
   */
  'stories:upload': channel(
    z.object({ stories: z.array(uploadedStorySchema).min(1).max(500) }).strict(),
    z.object({
      results: z.array(
        z.object({
          id: z.string(),
          outcome: z.enum(['created', 'merged', 'refused']),
          message: z.string(),
        }),
      ),
    }),
  ),
  ...newsroomPublishingChannels,

  /**
   * The newsroom's spelling dictionary: every word people added, sorted, and the words cursor
   * (the `words` events name it: list again when it moves).
   */
  'words:list': channel(
    empty,
    z.object({
      words: z.array(z.string()).max(MAX_NEWSROOM_WORDS),
      cursor: z.number().int().min(0),
    }),
  ),
  /**
   * Any signed-in role: adds one word (letters, inner apostrophes and hyphens) to the newsroom's
   * dictionary; it stops being flagged on every workstation. `isNew` is false when it was there.
   */
  'words:add': channel(
    z.object({ word: dictionaryWordSchema }).strict(),
    z.object({ word: z.string(), isNew: z.boolean(), cursor: z.number().int().min(0) }),
  ),
} satisfies Record<string, ChannelSpec>;

export type NewsroomContract = typeof newsroomChannels;
export type NewsroomChannelName = keyof NewsroomContract;
export type NewsroomInput<K extends NewsroomChannelName> = z.input<NewsroomContract[K]['input']>;
/** A channel's input once validated (defaults applied, strings trimmed), as handlers receive it. */
export type NewsroomRequest<K extends NewsroomChannelName> = z.output<NewsroomContract[K]['input']>;
export type NewsroomOutput<K extends NewsroomChannelName> = z.output<NewsroomContract[K]['output']>;

/** Every channel name of the newsroom server. */
export const NEWSROOM_CHANNEL_NAMES = Object.keys(newsroomChannels) as NewsroomChannelName[];

/** The channels that need no session token. */
export const PUBLIC_CHANNELS: ReadonlySet<NewsroomChannelName> = new Set([
  'server:info',
  'session:create',
]);

/** The actions a client may ask for (`release` is the server's scheduler's). */
export const CLIENT_ACTIONS = MANUAL_ACTIONS;

/**
 * A Server-Sent Event of `GET /api/events`: `change` names the newest change cursor (call
 * `stories:changes` from yours), `photos` the photo library's (call `photos:changes`), `words` the
 * dictionary's words cursor (call `words:list` when it moved), `profile` says the portal profile
 * changed, `account` that the caller's account changed (call `session:get`), `end` that the session
 * ended (sign in again). A stream opens with a `change`, a `photos` and a `words` event naming the
 * cursors as they are.
 */
export const newsroomEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('change'), cursor: z.number().int().min(0) }),
  z.object({ type: z.literal('photos'), cursor: z.number().int().min(0) }),
  z.object({ type: z.literal('words'), cursor: z.number().int().min(0) }),
  z.object({ type: z.literal('profile'), updatedAt: z.number() }),
  z.object({ type: z.literal('account') }),
  z.object({ type: z.literal('end'), message: z.string() }),
]);
export type NewsroomEvent = z.infer<typeof newsroomEventSchema>;
