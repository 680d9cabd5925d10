import { z } from 'zod';
import { batchCaptionSchema, photoListRequestSchema } from '../media/library';
import { PHOTO_ID_PATTERN, photoFieldsSchema, photoSchema } from '../media/photo';
import { channel } from './channel';

/** The longest a `media:watch` call waits before answering the same revision. */
export const MAX_MEDIA_WATCH_MS = 25_000;

/** The largest file one import accepts (a 100-megapixel camera JPEG is well under this). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

const photoIdSchema = z.string().regex(PHOTO_ID_PATTERN, 'A photo id is 64 hexadecimal digits.');

/**
 * The outcome of importing one file: the photo, whether the library already held it, and a warning
 * when the file imported but reports damage (a photo that still renders is kept, and the desk told).
 */
export const importOutcomeSchema = z.object({
  photo: photoSchema,
  isDuplicate: z.boolean(),
  warning: z.string().nullable(),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/**
 * A library listing: the first photos the query selects (up to its limit), how many it selects in
 * all, and how many the library holds.
 */
export const photoListSchema = z.object({
  photos: z.array(photoSchema),
  matched: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type PhotoList = z.infer<typeof photoListSchema>;

/**
 * A photo file on its way to the library, as anything that reads as bytes: the renderer hands over
 * a DOM `File` as it is (browser mode posts it without copying it); main receives it as the bytes
 * an IPC call carried or as a file browser mode spooled to disk. JSON cannot make one.
 */
export interface ImportFile {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function isImportFile(value: unknown): value is ImportFile | Uint8Array {
  if (value instanceof Uint8Array) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    'size' in value &&
    typeof value.size === 'number' &&
    'arrayBuffer' in value &&
    typeof value.arrayBuffer === 'function'
  );
}

/** The import's file argument: a file, or its bytes. */
export const importFileSchema = z.custom<ImportFile | Uint8Array>(isImportFile, {
  message: 'The photo must be sent as a file.',
});

/** Media library channels: one file per import call, so the UI shows progress per file. */
export const mediaChannels = {
  'media:import': channel(
    z.object({ fileName: z.string().max(1000), file: importFileSchema }),
    importOutcomeSchema,
  ),
  'media:list': channel(photoListRequestSchema, photoListSchema),
  'media:get': channel(z.object({ id: photoIdSchema }), photoSchema),
  'media:update': channel(
    z.object({ id: photoIdSchema, fields: photoFieldsSchema.partial() }),
    photoSchema,
  ),
  'media:captionMany': channel(
    z.object({ ids: z.array(photoIdSchema).min(1).max(5000), batch: batchCaptionSchema }),
    z.array(photoSchema),
  ),
  /**
   * A photo of this library was put into a story (the picker's choice). A signed-in workstation
   * sends it to the newsroom now, if the server lacks it (offline: when the connection returns),
   * so the other workstations show it and the server can publish it. Only the id is taken: main
   * reads the file from its own library by that hash.
   */
  'media:use': channel(z.object({ id: photoIdSchema }).strict(), z.null()),
  /**
   * The library's revision, which grows whenever photos arrive or change from outside this page (a
   * signed-in workstation's newsroom). With `after`, waits (at most `waitMs`) until it passes it:
   * a view watches its library with one pending call.
   */
  'media:watch': channel(
    z
      .object({
        after: z.number().int().min(0),
        waitMs: z.number().int().min(0).max(MAX_MEDIA_WATCH_MS),
      })
      .strict(),
    z.object({ revision: z.number().int().min(0) }),
  ),
};
