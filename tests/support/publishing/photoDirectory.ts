import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { photoSchema } from '../../../shared/media/photo';
import type { PhotoSource } from '../../../main/services/portal/photoFiles';

/** The index a test photo directory keeps: one entry per photo, files named after renditions. */
export const PHOTO_INDEX = 'photos.json';

/**
 * A photo library over a directory of real image files, for tests and the kill test's child
 * process: `<dir>/<photoId>/<file>.webp` plus `photos.json`. It answers like the media library.
 */
export async function openPhotoDirectory(directory: string): Promise<PhotoSource> {
  const photos = new Map(
    photoSchema
      .array()
      .parse(JSON.parse(await readFile(path.join(directory, PHOTO_INDEX), 'utf8')))
      .map((photo) => [photo.id, photo]),
  );
  return {
    getPhoto: async (photoId) => photos.get(photoId) ?? null,
    resolveFile: async (photoId, file) => {
      const rendition = photos
        .get(photoId)
        ?.renditions.find((candidate) => candidate.name === file);
      return rendition === undefined
        ? null
        : { filePath: path.join(directory, photoId, `${file}.webp`), mimeType: rendition.mimeType };
    },
  };
}
