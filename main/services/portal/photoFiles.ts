import type { Photo } from '../../../shared/media/photo';
import type { MediaFile } from '../media/mediaLibrary';
import { PublishRefusal } from './publishErrors';
import type { WantedPhotoFile } from './renderSite';
import { isSafeSitePath, type SiteStore } from './siteStore';

/** What the publisher needs of a photo library: records, and the files of their renditions. */
export interface PhotoSource {
  getPhoto(photoId: string): Promise<Photo | null>;
  /** The file for `original`, `thumb` or a `w<width>` rendition; null when there is none. */
  resolveFile(photoId: string, file: string): Promise<MediaFile | null>;
}

/** Which photo files to copy into the next generation, and which to keep though the library lost them. */
export interface PhotoCopies {
  /** Site path → the library's file. */
  copies: Map<string, string>;
  /** Site paths already on the site whose library file is gone (kept even by a rebuild). */
  keep: Set<string>;
}

/**
 * Looks up the library file of every photo file the pages use. A file the site already has is
 * inherited (not copied) unless the build starts from scratch; one neither the site nor the
 * library has refuses the whole change, naming each.
 */
export async function resolvePhotoFiles(
  wanted: ReadonlyMap<string, WantedPhotoFile>,
  store: SiteStore,
  photos: PhotoSource,
  isFull: boolean,
): Promise<PhotoCopies> {
  const copies = new Map<string, string>();
  const keep = new Set<string>();
  const missing: string[] = [];
  for (const [sitePath, { photoId, name }] of wanted) {
    if (!isSafeSitePath(sitePath))
      throw new PublishRefusal('invalid_photo', `A photo id is not valid: ${photoId}`);
    const isOnSite = await store.hasFile(sitePath);
    if (isOnSite && !isFull) continue;
    const file = await photos.resolveFile(photoId, name);
    if (file !== null) copies.set(sitePath, file.filePath);
    else if (isOnSite) keep.add(sitePath);
    else
      missing.push(
        `The ${name} file of photo ${photoId.slice(0, 12)}… is not in the photo library.`,
      );
  }
  if (missing.length > 0) {
    throw new PublishRefusal(
      'photo_file_missing',
      'Some photo files are missing, so nothing was published.',
      missing,
    );
  }
  return { copies, keep };
}
