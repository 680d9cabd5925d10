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

/** The longest each photo field may be, in characters (forms use them as `maxLength`). */
export const PHOTO_FIELD_LIMITS = {
  caption: 5000,
  credit: 500,
  photographer: 500,
  copyright: 1000,
  altText: 2000,
} as const;

/** The fields the photo desk edits on a photo. */
export const photoFieldsSchema = z.object({
  caption: z.string().max(PHOTO_FIELD_LIMITS.caption),
  credit: z.string().max(PHOTO_FIELD_LIMITS.credit),
  photographer: z.string().max(PHOTO_FIELD_LIMITS.photographer),
  copyright: z.string().max(PHOTO_FIELD_LIMITS.copyright),
  altText: z.string().max(PHOTO_FIELD_LIMITS.altText),
});
export type PhotoFields = z.infer<typeof photoFieldsSchema>;

/** A photo id: the SHA-256 of the original, as 64 lower-case hex digits. */
export const PHOTO_ID_PATTERN = /^[0-9a-f]{64}$/;

/** A photo in the library; its id is the SHA-256 (hex) of the original file. */
export const photoSchema = photoFieldsSchema.extend({
  id: z.string().regex(PHOTO_ID_PATTERN),
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

/** The name of the rendition of a given width, e.g. `w640`. */
export function renditionName(width: (typeof RENDITION_WIDTHS)[number]): string {
  return `w${width}`;
}

/** The files of a photo a URL may name: the untouched original, the thumbnail, each width. */
export const PHOTO_FILE_NAMES = ['original', 'thumb', ...RENDITION_WIDTHS.map(renditionName)];

/** Whether a string names a photo file (guards every path built from a URL). */
export function isPhotoFileName(file: string): boolean {
  return PHOTO_FILE_NAMES.includes(file);
}

/** The file extension of each stored format. */
export const EXTENSION_BY_MIME_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};
