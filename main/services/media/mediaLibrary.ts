import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type CreateRaw, type Metadata, type OutputInfo, type ResizeOptions } from 'sharp';
import { type ImportOutcome, MAX_IMPORT_BYTES, type PhotoList } from '../../../shared/api/media';
import {
  applyBatchCaption,
  type BatchCaption,
  type PhotoListRequest,
  queryPhotos,
} from '../../../shared/media/library';
import {
  EXTENSION_BY_MIME_TYPE,
  isPhotoFileName,
  type Photo,
  type PhotoFields,
  PHOTO_ID_PATTERN,
  photoSchema,
  RENDITION_WIDTHS,
  type Rendition,
  renditionName,
} from '../../../shared/media/photo';
import { fail, ok, type Result } from '../../../shared/result';
import { readEmbeddedMetadata } from './embeddedMetadata';

/** The image formats the library takes, as recognised by their first bytes. */
type ImageFormat = 'jpeg' | 'png' | 'webp';

const MIME_TYPES: Record<ImageFormat, Photo['mimeType']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** Beyond this pixel count a file is refused before decoding: 150 MP covers medium-format cameras. */
export const DEFAULT_MAX_PIXELS = 150_000_000;

const THUMB_BOX = 400;
const METADATA_FILE = 'photo.json';
const LOAD_BATCH_SIZE = 64;

/** A file of the library, resolved for a transport or the publisher to serve. */
export interface MediaFile {
  filePath: string;
  mimeType: string;
}

/** The photo library over `<dataDir>/media`: import, read, caption, and serve files. */
export interface MediaLibrary {
  /** Imports one file; the name is display data only, the content decides everything. */
  importFile(fileName: string, bytes: Uint8Array): Promise<Result<ImportOutcome>>;
  list(request: PhotoListRequest): Promise<PhotoList>;
  get(photoId: string): Promise<Photo | null>;
  update(photoId: string, fields: Partial<PhotoFields>): Promise<Result<Photo>>;
  captionMany(photoIds: readonly string[], batch: BatchCaption): Promise<Result<Photo[]>>;
  /** The path of `original`, `thumb` or a `w<width>` rendition; null for anything else. */
  resolveFile(photoId: string, file: string): Promise<MediaFile | null>;
}

/** What the library needs from outside: a clock, a pixel limit, somewhere to report problems. */
export interface MediaLibraryOptions {
  now?: () => number;
  maxPixels?: number;
  onWarning?: (message: string) => void;
}

/** Recognises JPEG, PNG and WebP by their signatures, whatever the file is called. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  const starts = (signature: readonly number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** Names image formats photographers bring that the library does not take, so the refusal helps. */
export function recognizeOtherImage(bytes: Uint8Array): string | null {
  const text = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (text(4, 8) === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(text(8, 12))) {
    return 'HEIC/HEIF';
  }
  if (text(4, 8) === 'ftyp' && /^avi[fs]$/.test(text(8, 12))) return 'AVIF';
  if (text(0, 4) === 'II*\0' || text(0, 4) === 'MM\0*') return 'TIFF (or camera raw)';
  if (text(0, 4) === 'GIF8') return 'GIF';
  if (text(0, 2) === 'BM') return 'BMP';
  return null;
}

/**
 * The name shown for an imported file: its last path segment, without control or bidi-override
 * characters, at most 255 characters. It is never used to build a path.
 */
export function displayFileName(fileName: string): string {
  const lastSegment = fileName.split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'untitled' : cleaned;
}

/** Writes a temp file beside `filePath` and flushes it to disk; returns the temp file's path. */
async function writeTempBeside(filePath: string, data: Uint8Array | string): Promise<string> {
  const temp = `${filePath}.tmp-${randomUUID()}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Writes a file durably: a temp file beside it, flushed, then renamed over the target. */
export async function writeFileAtomic(filePath: string, data: Uint8Array | string): Promise<void> {
  const temp = await writeTempBeside(filePath, data);
  try {
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isNodeError(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && codes.includes(String(error.code));
}

/** A problem with the input, reported to the user as is. */
class ImportRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface RenditionTarget {
  /** The names sharing this one encoding (every width wider than the photo shares its own). */
  names: string[];
  resize: ResizeOptions;
}

/**
 * The thumbnail plus every portal width. A width beyond the photo's own is never upscaled: that
 * name holds the photo at its own width, so every photo offers every name to its consumers.
 */
function renditionTargets(width: number): RenditionTarget[] {
  const fitting = RENDITION_WIDTHS.filter((target) => target < width);
  const atFullWidth = RENDITION_WIDTHS.filter((target) => target >= width).map(renditionName);
  return [
    { names: ['thumb'], resize: { width: THUMB_BOX, height: THUMB_BOX, fit: 'inside' } },
    ...fitting.map((target) => ({ names: [renditionName(target)], resize: { width: target } })),
    ...(atFullWidth.length > 0 ? [{ names: atFullWidth, resize: { width } }] : []),
  ];
}

/** Opens the library in `mediaDir`; the index loads and stale staging is cleared in the background. */
export function createMediaLibrary(
  mediaDir: string,
  options: MediaLibraryOptions = {},
): MediaLibrary {
  const now = options.now ?? Date.now;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const onWarning = options.onWarning ?? console.warn;
  const photosDir = path.join(mediaDir, 'photos');
  const stagingDir = path.join(mediaDir, 'staging');
  const index = new Map<string, Photo>();
  const importsInFlight = new Map<string, Promise<Result<ImportOutcome>>>();
  let writeQueue: Promise<unknown> = Promise.resolve();
  const ready = initialize();
  // Callers await `ready` and get its error; this keeps a failed open from crashing the process
  // before anyone has asked for a photo.
  ready.catch((error: unknown) =>
    onWarning(`The photo library in ${mediaDir} could not be opened: ${errorText(error)}`),
  );

  async function loadRecord(photoId: string): Promise<void> {
    const photoDir = path.join(photosDir, photoId);
    for (const file of await readdir(photoDir)) {
      // A temp file is a record write cut short; the record beside it is the last whole one.
      if (file.includes('.tmp-')) await rm(path.join(photoDir, file), { force: true });
    }
    try {
      const record = photoSchema.parse(
        JSON.parse(await readFile(path.join(photoDir, METADATA_FILE), 'utf8')),
      );
      if (record.id === photoId) index.set(record.id, record);
      else onWarning(`Photo folder ${photoDir} holds the record of another photo; skipped.`);
    } catch (error) {
      onWarning(
        `The record of photo ${photoDir} could not be read (${errorText(error)}); skipped.`,
      );
    }
  }

  async function initialize(): Promise<void> {
    // Anything in staging belongs to an import that never finished: it is not in the library.
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true });
    await mkdir(photosDir, { recursive: true });
    const photoIds = (await readdir(photosDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && PHOTO_ID_PATTERN.test(entry.name))
      .map((entry) => entry.name);
    // Records load in parallel batches: a big library opens quickly without exhausting handles.
    for (let start = 0; start < photoIds.length; start += LOAD_BATCH_SIZE) {
      await Promise.all(photoIds.slice(start, start + LOAD_BATCH_SIZE).map(loadRecord));
    }
  }

  /** Serialises record writes so a later edit can never be overtaken by an earlier one. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = writeQueue.then(task, task);
    writeQueue = run.catch(() => undefined);
    return run;
  }

  function photoDirOf(photoId: string): string {
    return path.join(photosDir, photoId);
  }

  function fileNameOf(name: string, mimeType: string): string {
    return `${name}.${EXTENSION_BY_MIME_TYPE[mimeType] ?? 'bin'}`;
  }

  async function readHeader(name: string, bytes: Uint8Array, format: ImageFormat) {
    let metadata: Metadata;
    try {
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw new ImportRefusal(
        'corrupt_image',
        `${name} could not be imported: the image is damaged and cannot be read (${errorText(error)}).`,
      );
    }
    if (metadata.format !== format) {
      throw new ImportRefusal(
        'corrupt_image',
        `${name} could not be imported: it starts like a ${format.toUpperCase()} file but its content is not a readable ${format.toUpperCase()} image.`,
      );
    }
    const { width, height } = metadata;
    if (width * height > maxPixels) {
      throw new ImportRefusal(
        'too_many_pixels',
        `${name} was refused: it claims ${width} × ${height} pixels (${megapixels(width * height)} megapixels), more than the ${megapixels(maxPixels)} megapixels the library accepts. A file like this is damaged or made to exhaust memory.`,
      );
    }
    return metadata;
  }

  /**
   * Decodes once (JPEG shrink-on-load) at the largest size needed; smaller sizes come from it. A
   * file that only decodes when libjpeg's warnings are tolerated (a damaged scan that still renders)
   * is kept with a warning; one that does not decode at all is refused.
   */
  async function decodeForRenditions(name: string, bytes: Uint8Array, largest: number) {
    const decode = (failOn: 'warning' | 'error') =>
      sharp(bytes, { limitInputPixels: maxPixels, failOn })
        .rotate()
        .resize({ width: largest, withoutEnlargement: true })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
    try {
      return { base: await decode('warning'), warning: null };
    } catch (strictError) {
      try {
        return {
          base: await decode('error'),
          warning: `${name} was imported, but its image data reports damage (${errorText(strictError)}). Look at the photo before publishing it.`,
        };
      } catch (error) {
        throw new ImportRefusal(
          'corrupt_image',
          `${name} could not be imported: the image data is damaged or incomplete (${errorText(error)}).`,
        );
      }
    }
  }

  async function writeRenditions(
    base: { data: Buffer; info: OutputInfo },
    orientedWidth: number,
    hasAlpha: boolean,
    targetDir: string,
  ): Promise<Rendition[]> {
    const raw = {
      width: base.info.width,
      height: base.info.height,
      channels: base.info.channels,
    } satisfies CreateRaw;
    const mimeType = hasAlpha ? 'image/webp' : 'image/jpeg';
    const encoded = await Promise.all(
      renditionTargets(orientedWidth).map(async (target) => {
        const pipeline = sharp(base.data, { raw }).resize({
          ...target.resize,
          withoutEnlargement: true,
        });
        const output = hasAlpha
          ? pipeline.webp({ quality: 82 })
          : pipeline.jpeg({ quality: 82, progressive: true });
        const { data, info } = await output.toBuffer({ resolveWithObject: true });
        return Promise.all(
          target.names.map(async (targetName) => {
            await writeFileAtomic(path.join(targetDir, fileNameOf(targetName, mimeType)), data);
            return {
              name: targetName,
              width: info.width,
              height: info.height,
              mimeType,
              byteSize: info.size,
            };
          }),
        );
      }),
    );
    return encoded.flat();
  }

  async function importNew(
    name: string,
    bytes: Uint8Array,
    format: ImageFormat,
    id: string,
  ): Promise<Result<ImportOutcome>> {
    const staging = path.join(stagingDir, randomUUID());
    try {
      const header = await readHeader(name, bytes, format);
      await mkdir(staging);
      const mimeType = MIME_TYPES[format];
      await writeFileAtomic(path.join(staging, fileNameOf('original', mimeType)), bytes);
      const oriented = header.autoOrient;
      const largest = Math.min(oriented.width, Math.max(THUMB_BOX, ...RENDITION_WIDTHS));
      const decoded = await decodeForRenditions(name, bytes, largest);
      const [renditions, embedded] = await Promise.all([
        writeRenditions(decoded.base, oriented.width, header.hasAlpha, staging),
        readEmbeddedMetadata({ exif: header.exif, iptc: header.iptc, xmp: header.xmp }),
      ]);
      const importedAt = now();
      const photo: Photo = photoSchema.parse({
        ...embedded,
        id,
        fileName: name,
        mimeType,
        width: oriented.width,
        height: oriented.height,
        byteSize: bytes.length,
        importedAt,
        updatedAt: importedAt,
        renditions,
      });
      await writeFileAtomic(path.join(staging, METADATA_FILE), JSON.stringify(photo, null, 2));
      try {
        await rename(staging, photoDirOf(id));
      } catch (error) {
        if (!isNodeError(error, 'EEXIST', 'ENOTEMPTY', 'EPERM')) throw error;
        // Another import of the same bytes got there first (e.g. a second workstation window).
        const existing = index.get(id);
        if (existing !== undefined)
          return ok({ photo: existing, isDuplicate: true, warning: null });
        throw error;
      }
      index.set(id, photo);
      return ok({ photo, isDuplicate: false, warning: decoded.warning });
    } catch (error) {
      if (error instanceof ImportRefusal) return fail(error.code, error.message);
      return fail(
        'import_failed',
        `${name} could not be imported: the library could not store it (${errorText(error)}). Nothing was kept.`,
      );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async function importFile(fileName: string, bytes: Uint8Array): Promise<Result<ImportOutcome>> {
    await ready;
    const name = displayFileName(fileName);
    if (bytes.length === 0) {
      return fail('empty_file', `${name} could not be imported: the file is empty (0 bytes).`);
    }
    if (bytes.length > MAX_IMPORT_BYTES) {
      return fail(
        'file_too_large',
        `${name} could not be imported: at ${megapixels(bytes.length)} MB it is larger than the ${megapixels(MAX_IMPORT_BYTES)} MB the library accepts.`,
      );
    }
    const format = detectImageFormat(bytes);
    if (format === null) {
      const other = recognizeOtherImage(bytes);
      return fail(
        'not_an_image',
        other === null
          ? `${name} could not be imported: it is not a JPEG, PNG or WebP image, whatever its name says.`
          : `${name} could not be imported: it is a ${other} image, and the library takes JPEG, PNG or WebP. Export it as JPEG first.`,
      );
    }
    const id = createHash('sha256').update(bytes).digest('hex');
    const existing = index.get(id);
    if (existing !== undefined) return ok({ photo: existing, isDuplicate: true, warning: null });
    const inFlight = importsInFlight.get(id);
    if (inFlight !== undefined) {
      const first = await inFlight;
      return first.ok ? ok({ photo: first.value.photo, isDuplicate: true, warning: null }) : first;
    }
    const running = importNew(name, bytes, format, id);
    importsInFlight.set(id, running);
    try {
      return await running;
    } finally {
      importsInFlight.delete(id);
    }
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
    return enqueue(async () => {
      const photo = index.get(photoId);
      if (photo === undefined) return notFound<Photo>(1);
      const next = validated(photo, fields);
      if (!next.ok) return next;
      await writeFileAtomic(
        path.join(photoDirOf(photoId), METADATA_FILE),
        JSON.stringify(next.value, null, 2),
      );
      index.set(photoId, next.value);
      return next;
    });
  }

  async function captionMany(
    photoIds: readonly string[],
    batch: BatchCaption,
  ): Promise<Result<Photo[]>> {
    await ready;
    return enqueue(async () => {
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
      // Every record is written beside its target before any is renamed, so a failed write
      // leaves all photos as they were.
      const temps: Array<{ temp: string; target: string }> = [];
      try {
        for (const photo of updated) {
          const target = path.join(photoDirOf(photo.id), METADATA_FILE);
          temps.push({
            temp: await writeTempBeside(target, JSON.stringify(photo, null, 2)),
            target,
          });
        }
      } catch (error) {
        await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
        throw error;
      }
      for (const { temp, target } of temps) await rename(temp, target);
      for (const photo of updated) index.set(photo.id, photo);
      return ok(updated);
    });
  }

  async function resolveFile(photoId: string, file: string): Promise<MediaFile | null> {
    if (!PHOTO_ID_PATTERN.test(photoId) || !isPhotoFileName(file)) return null;
    await ready;
    const photo = index.get(photoId);
    if (photo === undefined) return null;
    const mimeType =
      file === 'original'
        ? photo.mimeType
        : photo.renditions.find((rendition) => rendition.name === file)?.mimeType;
    if (mimeType === undefined) return null;
    const filePath = path.join(photoDirOf(photoId), fileNameOf(file, mimeType));
    try {
      await stat(filePath);
    } catch {
      return null;
    }
    return { filePath, mimeType };
  }

  return { importFile, list, get, update, captionMany, resolveFile };
}
