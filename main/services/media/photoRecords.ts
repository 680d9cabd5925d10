import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Photo, PHOTO_ID_PATTERN, photoSchema } from '../../../shared/media/photo';
import { writeFileAtomic, writeTempBeside } from '../common/atomicFile';
import { errorMessage } from '../common/errors';
import { PHOTO_RECORD_FILE } from './fileNames';

/** Records read at once when the library opens: quick for a big library, few open handles. */
const LOAD_BATCH_SIZE = 64;

function recordText(photo: Photo): string {
  return JSON.stringify(photo, null, 2);
}

/** Reads one photo folder's record; clears temp files a cut-short write left. */
export async function loadRecord(
  photosDir: string,
  photoId: string,
  onWarning: (message: string) => void,
): Promise<Photo | null> {
  const photoDir = path.join(photosDir, photoId);
  for (const file of await readdir(photoDir)) {
    // A temp file is a record write cut short; the record beside it is the last whole one.
    if (file.includes('.tmp-')) await rm(path.join(photoDir, file), { force: true });
  }
  try {
    const record = photoSchema.parse(
      JSON.parse(await readFile(path.join(photoDir, PHOTO_RECORD_FILE), 'utf8')),
    );
    if (record.id === photoId) return record;
    onWarning(`Photo folder ${photoDir} holds the record of another photo; skipped.`);
  } catch (error) {
    onWarning(
      `The record of photo ${photoDir} could not be read (${errorMessage(error)}); skipped.`,
    );
  }
  return null;
}

/** Every readable photo record under `photosDir`, by id; unreadable ones are reported and skipped. */
export async function loadPhotoIndex(
  photosDir: string,
  onWarning: (message: string) => void,
): Promise<Map<string, Photo>> {
  const index = new Map<string, Photo>();
  const photoIds = (await readdir(photosDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && PHOTO_ID_PATTERN.test(entry.name))
    .map((entry) => entry.name);
  for (let start = 0; start < photoIds.length; start += LOAD_BATCH_SIZE) {
    const records = await Promise.all(
      photoIds
        .slice(start, start + LOAD_BATCH_SIZE)
        .map((id) => loadRecord(photosDir, id, onWarning)),
    );
    for (const record of records) if (record !== null) index.set(record.id, record);
  }
  return index;
}

/** Writes a photo's record into a folder durably. */
export async function writePhotoRecord(photoDir: string, photo: Photo): Promise<void> {
  await writeFileAtomic(path.join(photoDir, PHOTO_RECORD_FILE), recordText(photo));
}

/**
 * Writes several photos' records so that a failure changes none of them: every record is written
 * beside its target before any is renamed into place.
 */
export async function writePhotoRecords(
  photoDirOf: (photoId: string) => string,
  photos: readonly Photo[],
): Promise<void> {
  const temps: Array<{ temp: string; target: string }> = [];
  try {
    for (const photo of photos) {
      const target = path.join(photoDirOf(photo.id), PHOTO_RECORD_FILE);
      temps.push({ temp: await writeTempBeside(target, recordText(photo)), target });
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  for (const { temp, target } of temps) await rename(temp, target);
}
