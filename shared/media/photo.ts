import { z } from 'zod';

/** The widths (px) of the renditions made for the portal's responsive images. */
export const RENDITION_WIDTHS = [320, 640, 1024, 1600] as const;

/** A rendition of a photo: a resized, orientation-corrected WebP or JPEG file. */
export const renditionSchema = z.object({
  /** `thumb` for the library grid, else the target width. */
  name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mimeType: z.string(),
  byteSize: z.number().int().min(0),
});
export type Rendition = z.infer<typeof renditionSchema>;

/** The fields the photo desk edits on a photo. */
export const photoFieldsSchema = z.object({
  caption: z.string().max(5000),
  credit: z.string().max(500),
  photographer: z.string().max(500),
  copyright: z.string().max(1000),
  altText: z.string().max(2000),
});
export type PhotoFields = z.infer<typeof photoFieldsSchema>;

/** A photo in the library; its id is the SHA-256 (hex) of the original file. */
export const photoSchema = photoFieldsSchema.extend({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string(),
  mimeType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  byteSize: z.number().int().positive(),
  importedAt: z.number(),
  updatedAt: z.number(),
  takenAt: z.number().nullable(),
  objectName: z.string(),
  city: z.string(),
  country: z.string(),
  renditions: z.array(renditionSchema),
});
export type Photo = z.infer<typeof photoSchema>;
