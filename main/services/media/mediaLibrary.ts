import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import {
  type ImportFile,
  type ImportOutcome,
  MAX_IMPORT_BYTES,
  type PhotoList,
} from '../../../shared/api/media';
import {
  applyBatchCaption,
  type BatchCaption,
  type PhotoListRequest,
  queryPhotos,
} from '../../../shared/media/library';
import {
  isPhotoFileName,
  type Photo,
  type PhotoFields,
  PHOTO_ID_PATTERN,
  photoSchema,
  RENDITION_WIDTHS,
} from '../../../shared/media/photo';
import { fail, ok, type Result } from '../../../shared/result';
import { writeFileAtomic } from '../common/atomicFile';
import { errorMessage, isNodeError } from '../common/errors';
import { createSerialQueue } from '../common/serialQueue';
import { WorkerTimeout } from '../common/workerPool';
import { ChosenFile } from './chosenFile';
import { DiskFile, spoolToDisk, UploadTooLarge } from './diskFile';
import { displayFileName, photoFileName } from './fileNames';
import { ImportRefusal, millions } from './importRefusal';
import { importConcurrency, lowerImportThreads } from './importThreads';
import { createMediaWorkers, DEFAULT_METADATA_BUDGET_MS, type MediaWorkers } from './mediaWorkers';
import { loadPhotoIndex, loadRecord, writePhotoRecord, writePhotoRecords } from './photoRecords';
import {
  decodeForRenditions,
  encodeRenditions,
  readHeader,
  THUMB_BOX,
  writeRenditions,
} from './renditions';
import {
  detectImageFormat,
  type ImageFormat,
  MIME_TYPES,
  readFileStart,
  recognizeOtherImage,
} from './sniff';

/** Beyond this pixel count a file is refused before decoding: 150 MP covers medium-format cameras. */
export const DEFAULT_MAX_PIXELS = 150_000_000;

/** A file of the library, resolved for a transport or the publisher to serve. */
export interface MediaFile {
  filePath: string;
  mimeType: string;
}

/**
 * What an import reads from: bytes in memory, a file main spooled, a file the person chose (by its
 * path, in the desktop app), or any other file.
 */
export type ImportSource = Uint8Array | ImportFile;

/** The photo library over `<dataDir>/media`: import, read, caption, and serve files. */
export interface MediaLibrary {
  /**
   * Imports one file; the name is display data only, the content decides everything. A file
   * main spooled (`DiskFile`) is taken over by its path: hashed and decoded from disk, never
   * read whole into memory.
   */
  importFile(fileName: string, source: ImportSource): Promise<Result<ImportOutcome>>;
  /** A new path in the library's staging folder for an upload to be spooled to (cleared at start). */
  uploadPath(): Promise<string>;
  list(request: PhotoListRequest): Promise<PhotoList>;
  get(photoId: string): Promise<Photo | null>;
  update(photoId: string, fields: Partial<PhotoFields>): Promise<Result<Photo>>;
  captionMany(photoIds: readonly string[], batch: BatchCaption): Promise<Result<Photo[]>>;
  /** The path of `original`, `thumb` or a `w<width>` rendition; null for anything else. */
  resolveFile(photoId: string, file: string): Promise<MediaFile | null>;
  /**
   * The same, for a photo record kept elsewhere (the newsroom server's store, whose processes
   * share one library but not its in-memory index): the file, if it is on disk.
   */
  locateFile(photo: Photo, file: string): Promise<MediaFile | null>;
  /** Stops the library's worker threads (they also stop on their own when idle). */
  close(): Promise<void>;
}

/** What the library needs from outside: a clock, limits, somewhere to report problems. */
export interface MediaLibraryOptions {
  now?: () => number;
  maxPixels?: number;
  /** How long reading one file's embedded metadata may take before the file is refused (ms). */
  metadataBudgetMs?: number;
  onWarning?: (message: string) => void;
}

/**
 * Puts the source at `target` as a durable file and answers its size: a spooled file is
 * hard-linked (it is already on this disk and flushed), copied if it lives on another disk; a
 * file the person chose is copied, refused past the size limit should it have grown; bytes are
 * written.
 */
async function placeSource(source: ImportSource, target: string): Promise<number> {
  if (source instanceof Uint8Array) {
    await writeFileAtomic(target, source);
    return source.byteLength;
  }
  if (source instanceof ChosenFile) {
    return (await spoolToDisk(createReadStream(source.path), target, MAX_IMPORT_BYTES)).size;
  }
  if (!(source instanceof DiskFile)) {
    const bytes = new Uint8Array(await source.arrayBuffer());
    await writeFileAtomic(target, bytes);
    return bytes.byteLength;
  }
  try {
    await link(source.path, target);
  } catch (error) {
    if (!isNodeError(error, 'EXDEV', 'EPERM')) throw error;
    await copyFile(source.path, target);
    const handle = await open(target, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return source.size;
}

/** The refusal of a file that is not an image the library takes, naming what it is if known. */
function notAnImage(name: string, start: Uint8Array): ImportRefusal {
  const other = recognizeOtherImage(start);
  return new ImportRefusal(
    'not_an_image',
    other === null
      ? `${name} could not be imported: it is not a JPEG, PNG or WebP image, whatever its name says.`
      : `${name} could not be imported: it is a ${other} image, and the library takes JPEG, PNG or WebP. Export it as JPEG first.`,
  );
}

/** Turns a media worker's failure on a file's metadata into the refusal the user reads. */
function metadataRefusal(name: string, error: unknown, budgetMs: number): ImportRefusal {
  if (error instanceof WorkerTimeout) {
    return new ImportRefusal(
      'metadata_timeout',
      `${name} could not be imported: reading its embedded metadata (caption, credit, date) took longer than ${budgetMs / 1000} seconds, so it was stopped. The file may be damaged or made to stall the library. Nothing was kept.`,
    );
  }
  return new ImportRefusal(
    'metadata_unreadable',
    `${name} could not be imported: its embedded metadata (caption, credit, date) could not be read (${errorMessage(error)}). Nothing was kept.`,
  );
}

/** Opens the library in `mediaDir`; the index loads and stale staging is cleared in the background. */
export function createMediaLibrary(
  mediaDir: string,
  options: MediaLibraryOptions = {},
): MediaLibrary {
  const now = options.now ?? Date.now;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const onWarning = options.onWarning ?? console.warn;
  const metadataBudgetMs = options.metadataBudgetMs ?? DEFAULT_METADATA_BUDGET_MS;
  const workers: MediaWorkers = createMediaWorkers({ metadataBudgetMs });
  const photosDir = path.join(mediaDir, 'photos');
  const stagingDir = path.join(mediaDir, 'staging');
  let index = new Map<string, Photo>();
  const importsInFlight = new Map<string, Promise<Result<ImportOutcome>>>();
  const recordWrites = createSerialQueue();
  // One photo's pixel work at a time: a batch of imports keeps to one core's worth of threads,
  // below normal priority, and the window that shows its progress keeps the other.
  const pixelWork = createSerialQueue();
  sharp.concurrency(importConcurrency());
  const ready = initialize();
  // Callers await `ready` and get its error; this keeps a failed open from crashing the process
  // before anyone has asked for a photo.
  ready.catch((error: unknown) =>
    onWarning(`The photo library in ${mediaDir} could not be opened: ${errorMessage(error)}`),
  );

  async function initialize(): Promise<void> {
    // Anything in staging belongs to an import that never finished: it is not in the library.
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true });
    await mkdir(photosDir, { recursive: true });
    index = await loadPhotoIndex(photosDir, onWarning);
  }

  function photoDirOf(photoId: string): string {
    return path.join(photosDir, photoId);
  }

  /**
   * Reads the header of a placed file, decodes it and encodes its renditions, reading its embedded
   * metadata meanwhile; one photo at a time (see `pixelWork`). Writing them is left to the caller,
   * so the next photo's pixel work overlaps this one's disk flushes.
   */
  function render(name: string, staging: string, incoming: string, format: ImageFormat) {
    return pixelWork.run(async () => {
      lowerImportThreads();
      const header = await readHeader(name, incoming, format, maxPixels);
      const mimeType = MIME_TYPES[format];
      const original = path.join(staging, photoFileName('original', mimeType));
      await rename(incoming, original);
      const oriented = header.autoOrient;
      const largest = Math.min(oriented.width, Math.max(THUMB_BOX, ...RENDITION_WIDTHS));
      const decoded = await decodeForRenditions(name, original, largest, maxPixels);
      const [encoded, embedded] = await Promise.allSettled([
        encodeRenditions(decoded.base, oriented.width, header.hasAlpha),
        workers.readMetadata({ exif: header.exif, iptc: header.iptc, xmp: header.xmp }),
      ]);
      if (embedded.status === 'rejected')
        throw metadataRefusal(name, embedded.reason, metadataBudgetMs);
      if (encoded.status === 'rejected') throw encoded.reason;
      return {
        mimeType,
        oriented,
        encoded: encoded.value,
        embedded: embedded.value,
        warning: decoded.warning,
      };
    });
  }

  /** Renders and records a new photo in its staging folder, then moves it into the library. */
  async function importNew(
    name: string,
    staging: string,
    incoming: string,
    format: ImageFormat,
    id: string,
    byteSize: number,
  ): Promise<Result<ImportOutcome>> {
    const { mimeType, oriented, encoded, embedded, warning } = await render(
      name,
      staging,
      incoming,
      format,
    );
    const renditions = await writeRenditions(encoded, staging);
    const importedAt = now();
    const photo: Photo = photoSchema.parse({
      ...embedded,
      id,
      fileName: name,
      mimeType,
      width: oriented.width,
      height: oriented.height,
      byteSize,
      importedAt,
      updatedAt: importedAt,
      renditions,
    });
    await writePhotoRecord(staging, photo);
    try {
      await rename(staging, photoDirOf(id));
    } catch (error) {
      if (!isNodeError(error, 'EEXIST', 'ENOTEMPTY', 'EPERM')) throw error;
      // Another import of the same bytes got there first: a second workstation window, or another
      // server process sharing this library (then only its record on disk knows the photo).
      const existing = index.get(id) ?? (await loadRecord(photosDir, id, onWarning));
      if (existing === null) throw error;
      index.set(id, existing);
      return ok({ photo: existing, isDuplicate: true, warning: null });
    }
    index.set(id, photo);
    return ok({ photo, isDuplicate: false, warning });
  }

  /** Hashes the placed file and imports it once, however many calls bring the same bytes. */
  async function importPlaced(
    name: string,
    staging: string,
    incoming: string,
    byteSize: number,
  ): Promise<Result<ImportOutcome>> {
    const start = await readFileStart(incoming);
    const format = detectImageFormat(start);
    if (format === null) throw notAnImage(name, start);
    const id = await workers.hashFile(incoming, byteSize);
    const existing = index.get(id);
    if (existing !== undefined) return ok({ photo: existing, isDuplicate: true, warning: null });
    const inFlight = importsInFlight.get(id);
    if (inFlight !== undefined) {
      const first = await inFlight;
      return first.ok ? ok({ photo: first.value.photo, isDuplicate: true, warning: null }) : first;
    }
    const running = importNew(name, staging, incoming, format, id, byteSize);
    importsInFlight.set(id, running);
    try {
      return await running;
    } finally {
      importsInFlight.delete(id);
    }
  }

  async function importFile(
    fileName: string,
    source: ImportSource,
  ): Promise<Result<ImportOutcome>> {
    await ready;
    const name = displayFileName(fileName);
    const byteSize = source instanceof Uint8Array ? source.byteLength : source.size;
    if (byteSize === 0) {
      return fail('empty_file', `${name} could not be imported: the file is empty (0 bytes).`);
    }
    if (byteSize > MAX_IMPORT_BYTES) {
      return fail(
        'file_too_large',
        `${name} could not be imported: at ${millions(byteSize)} MB it is larger than the ${millions(MAX_IMPORT_BYTES)} MB the library accepts.`,
      );
    }
    const staging = path.join(stagingDir, randomUUID());
    try {
      await mkdir(staging);
      const incoming = path.join(staging, 'incoming');
      const placedSize = await placeSource(source, incoming);
      return await importPlaced(name, staging, incoming, placedSize);
    } catch (error) {
      if (error instanceof ImportRefusal) return fail(error.code, error.message);
      if (error instanceof UploadTooLarge) {
        return fail(
          'file_too_large',
          `${name} could not be imported: it grew while it was read, past the ${millions(MAX_IMPORT_BYTES)} MB the library accepts.`,
        );
      }
      return fail(
        'import_failed',
        `${name} could not be imported: the library could not store it (${errorMessage(error)}). Nothing was kept.`,
      );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async function uploadPath(): Promise<string> {
    // After the open, which clears staging: an upload spooled before it would be swept away.
    await ready;
    return path.join(stagingDir, `upload-${randomUUID()}`);
  }

  async function list({ limit, ...query }: PhotoListRequest): Promise<PhotoList> {
    await ready;
    const photos = [...index.values()];
    const selected = queryPhotos(photos, query);
    return { photos: selected.slice(0, limit), matched: selected.length, total: photos.length };
  }

  async function get(photoId: string): Promise<Photo | null> {
    await ready;
    return index.get(photoId) ?? null;
  }

  function notFound<T>(count: number): Result<T> {
    return fail(
      'photo_not_found',
      count === 1
        ? 'That photo is not in the library (it may have been removed). Nothing was changed.'
        : `${count} of the chosen photos are not in the library. Nothing was changed.`,
    );
  }

  function validated(photo: Photo, fields: Partial<PhotoFields>): Result<Photo> {
    const parsed = photoSchema.safeParse({ ...photo, ...fields, updatedAt: now() });
    if (parsed.success) return ok(parsed.data);
    return fail(
      'invalid_photo_fields',
      `The changes to ${photo.fileName} were not saved: some values are not valid.`,
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }

  async function update(photoId: string, fields: Partial<PhotoFields>): Promise<Result<Photo>> {
    await ready;
    // Record writes are serialised so a later edit can never be overtaken by an earlier one.
    return recordWrites.run(async () => {
      const photo = index.get(photoId);
      if (photo === undefined) return notFound<Photo>(1);
      const next = validated(photo, fields);
      if (!next.ok) return next;
      await writePhotoRecord(photoDirOf(photoId), next.value);
      index.set(photoId, next.value);
      return next;
    });
  }

  async function captionMany(
    photoIds: readonly string[],
    batch: BatchCaption,
  ): Promise<Result<Photo[]>> {
    await ready;
    return recordWrites.run(async () => {
      const ids = [...new Set(photoIds)];
      const missing = ids.filter((id) => !index.has(id));
      if (missing.length > 0) return notFound<Photo[]>(missing.length);
      const updated: Photo[] = [];
      for (const id of ids) {
        const photo = index.get(id);
        if (photo === undefined) return notFound<Photo[]>(1);
        const next = validated(photo, applyBatchCaption(photo, batch));
        if (!next.ok) return next;
        updated.push(next.value);
      }
      await writePhotoRecords(photoDirOf, updated);
      for (const photo of updated) index.set(photo.id, photo);
      return ok(updated);
    });
  }

  async function resolveFile(photoId: string, file: string): Promise<MediaFile | null> {
    if (!PHOTO_ID_PATTERN.test(photoId) || !isPhotoFileName(file)) return null;
    await ready;
    const photo = index.get(photoId);
    return photo === undefined ? null : locateFile(photo, file);
  }

  async function locateFile(photo: Photo, file: string): Promise<MediaFile | null> {
    if (!PHOTO_ID_PATTERN.test(photo.id) || !isPhotoFileName(file)) return null;
    const photoId = photo.id;
    const mimeType =
      file === 'original'
        ? photo.mimeType
        : photo.renditions.find((rendition) => rendition.name === file)?.mimeType;
    if (mimeType === undefined) return null;
    const filePath = path.join(photoDirOf(photoId), photoFileName(file, mimeType));
    try {
      await stat(filePath);
    } catch {
      return null;
    }
    return { filePath, mimeType };
  }

  return {
    importFile,
    uploadPath,
    list,
    get,
    update,
    captionMany,
    resolveFile,
    locateFile,
    close: workers.close,
  };
}
