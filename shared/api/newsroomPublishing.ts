import { z } from 'zod';
import { batchCaptionSchema } from '../media/library';
import { PHOTO_ID_PATTERN, photoFieldsSchema, photoSchema } from '../media/photo';
import { channel } from './channel';
import { portalContextSchema } from './portal';

/**
 * The newsroom server's photo library and publishing (issue 11, NEWSROOM.md "Publishing from the
 * server"), joined into `newsroomChannels`. Photos are uploaded once: a workstation asks
 * `photo:exists` with the file's SHA-256 and sends the bytes only when the server lacks them, as a
 * raw body to `POST /photos` (see `NEWSROOM_PHOTO_PATHS`), never inside JSON. The server checks
 * every file itself with the workstation's own photo library (the content decides, never the name
 * or the declared type) and answers the import outcome or the same per-file refusal a workstation
 * gives.
 */

/** Where the server takes photo uploads and serves photo files (bearer token on both). */
export const NEWSROOM_PHOTO_PATHS = {
  /**
   * `POST` the file's bytes as the body (any Content-Type; the content decides), its name in
   * `X-File-Name` (percent-encoded UTF-8), optionally its SHA-256 in `X-Content-SHA256`: a body
   * that does not hash to it is refused (cut short or changed on the way). Answers
   * `{ ok: true, value: ImportOutcome }` or a refusal (`error.message` is the per-file sentence).
   */
  upload: '/photos',
  /** `GET /photos/<id>/<file>`: `original`, `thumb` or a `w<width>` rendition. */
  files: '/photos/',
} as const;

/** The headers of an upload. */
export const PHOTO_UPLOAD_HEADERS = {
  fileName: 'x-file-name',
  sha256: 'x-content-sha256',
} as const;

/** The URL path of one photo file on the server. */
export function newsroomPhotoFilePath(photoId: string, file: string): string {
  return `${NEWSROOM_PHOTO_PATHS.files}${encodeURIComponent(photoId)}/${encodeURIComponent(file)}`;
}

const photoIdSchema = z.string().regex(PHOTO_ID_PATTERN, 'A photo id is 64 hexadecimal digits.');

/** A publish target's state: `current` (holds the newest site), `pending` or `failing` (and why). */
export const TARGET_STATES = ['current', 'pending', 'failing'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** One row of `targets:status`. */
export const targetStatusSchema = z.object({
  name: z.string(),
  state: z.enum(TARGET_STATES),
  /** Files still to upload or delete before the target holds the newest site. */
  pending: z.number().int().min(0),
  /** Why the last attempt failed (never a credential). */
  lastError: z.string().optional(),
  /** When the target last held the newest site (epoch ms). */
  lastSuccessAt: z.number().optional(),
});
export type TargetStatus = z.infer<typeof targetStatusSchema>;

/** The photo and publishing channels of the newsroom server. */
export const newsroomPublishingChannels = {
  /** Whether the server has the photo with this SHA-256 already (then it is not sent again). */
  'photo:exists': channel(
    z.object({ sha256: photoIdSchema }).strict(),
    z.object({ exists: z.boolean() }),
  ),
  /** One photo of the newsroom's library. */
  'photo:get': channel(z.object({ id: photoIdSchema }).strict(), photoSchema),
  /**
   * Catch-up of the library: the photos imported or edited after the cursor `since` (0 at first),
   * in change order, at most `limit` (default 500). Call again with `cursor` while `hasMore`; the
   * event stream's `photos` event names the newest cursor.
   */
  'photos:changes': channel(
    z
      .object({
        since: z.number().int().min(0),
        limit: z.number().int().min(1).max(2000).optional(),
      })
      .strict(),
    z.object({
      photos: z.array(photoSchema),
      cursor: z.number().int().min(0),
      hasMore: z.boolean(),
      /** True when `since` is ahead of the server's sequence: re-read the whole library. */
      isReset: z.boolean(),
    }),
  ),
  /** The photo desk and editors: changes a photo's caption, credit, photographer, copyright or alt text. */
  'photo:update': channel(
    z.object({ id: photoIdSchema, fields: photoFieldsSchema.partial().strict() }).strict(),
    photoSchema,
  ),
  /** The photo desk and editors: one caption, credit… applied to several photos at once. */
  'photos:caption': channel(
    z.object({ ids: z.array(photoIdSchema).min(1).max(5000), batch: batchCaptionSchema }).strict(),
    z.array(photoSchema),
  ),
  /**
   * What the preview needs from the server's published site to show a story as the server will
   * publish it: its archived path, the recent stories of the home page and rail, the photos.
   */
  'portal:context': channel(
    z
      .object({
        storyId: z.string().min(1).max(200),
        photoIds: z.array(photoIdSchema).max(500),
      })
      .strict(),
    portalContextSchema,
  ),
  /** Each publish target and whether it holds the newest site (the Desk shows it). */
  'targets:status': channel(z.object({}).strict(), z.array(targetStatusSchema)),
};
