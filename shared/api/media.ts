import { z } from 'zod';
import { batchCaptionSchema, photoListRequestSchema } from '../media/library';
import { PHOTO_ID_PATTERN, photoFieldsSchema, photoSchema } from '../media/photo';
import { channel } from './channel';

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

/** Media library channels: one file per import call, so the UI shows progress per file. */
export const mediaChannels = {
  'media:import': channel(
    z.object({
      fileName: z.string().max(1000),
      bytes: z.instanceof(Uint8Array),
    }),
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
};
