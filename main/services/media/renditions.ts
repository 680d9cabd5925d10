import path from 'node:path';
import sharp, { type CreateRaw, type Metadata, type OutputInfo, type ResizeOptions } from 'sharp';
import { RENDITION_WIDTHS, type Rendition, renditionName } from '../../../shared/media/photo';
import { writeFileAtomic } from '../common/atomicFile';
import { errorMessage } from '../common/errors';
import { photoFileName } from './fileNames';
import { ImportRefusal, millions } from './importRefusal';
import type { ImageFormat } from './sniff';

/** The thumbnail fits this box (px). */
export const THUMB_BOX = 400;

/** One encoding and the rendition names sharing it (every width wider than the photo shares its own). */
export interface RenditionTarget {
  names: string[];
  resize: ResizeOptions;
}

/**
 * The thumbnail plus every portal width. A width beyond the photo's own is never upscaled: that
 * name holds the photo at its own width, so every photo offers every name to its consumers.
 */
export function renditionTargets(width: number): RenditionTarget[] {
  const fitting = RENDITION_WIDTHS.filter((target) => target < width);
  const atFullWidth = RENDITION_WIDTHS.filter((target) => target >= width).map(renditionName);
  return [
    { names: ['thumb'], resize: { width: THUMB_BOX, height: THUMB_BOX, fit: 'inside' } },
    ...fitting.map((target) => ({ names: [renditionName(target)], resize: { width: target } })),
    ...(atFullWidth.length > 0 ? [{ names: atFullWidth, resize: { width } }] : []),
  ];
}

/**
 * Reads the header (size, orientation, metadata blocks) without decoding pixels, and refuses a
 * file that is not what its first bytes say or claims more pixels than the library takes.
 */
export async function readHeader(
  name: string,
  filePath: string,
  format: ImageFormat,
  maxPixels: number,
): Promise<Metadata> {
  let metadata: Metadata;
  try {
    metadata = await sharp(filePath, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImportRefusal(
      'corrupt_image',
      `${name} could not be imported: the image is damaged and cannot be read (${errorMessage(error)}).`,
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
      `${name} was refused: it claims ${width} × ${height} pixels (${millions(width * height)} megapixels), more than the ${millions(maxPixels)} megapixels the library accepts. A file like this is damaged or made to exhaust memory.`,
    );
  }
  return metadata;
}

/** Decoded pixels at the largest size any rendition needs, and a warning if the file reports damage. */
export interface DecodedPhoto {
  base: { data: Buffer; info: OutputInfo };
  warning: string | null;
}

/**
 * Decodes once (JPEG shrink-on-load) at the largest size needed; smaller sizes come from it. A
 * file that only decodes when libjpeg's warnings are tolerated (a damaged scan that still renders)
 * is kept with a warning; one that does not decode at all is refused.
 */
export async function decodeForRenditions(
  name: string,
  filePath: string,
  largest: number,
  maxPixels: number,
): Promise<DecodedPhoto> {
  const decode = (failOn: 'warning' | 'error') =>
    sharp(filePath, { limitInputPixels: maxPixels, failOn })
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
        warning: `${name} was imported, but its image data reports damage (${errorMessage(strictError)}). Look at the photo before publishing it.`,
      };
    } catch (error) {
      throw new ImportRefusal(
        'corrupt_image',
        `${name} could not be imported: the image data is damaged or incomplete (${errorMessage(error)}).`,
      );
    }
  }
}

/** One encoded rendition and the names it is stored under (widths beyond the photo share one). */
export interface EncodedRendition {
  names: string[];
  data: Buffer;
  info: OutputInfo;
  mimeType: string;
}

/**
 * Encodes every rendition (JPEG, or WebP for photos with alpha) one after another: an import's
 * pixel work keeps to one thread of libuv's pool (see importThreads.ts), leaving the others to
 * file I/O and the cores to the user interface.
 */
export async function encodeRenditions(
  decoded: DecodedPhoto['base'],
  orientedWidth: number,
  hasAlpha: boolean,
): Promise<EncodedRendition[]> {
  const raw = {
    width: decoded.info.width,
    height: decoded.info.height,
    channels: decoded.info.channels,
  } satisfies CreateRaw;
  const mimeType = hasAlpha ? 'image/webp' : 'image/jpeg';
  const encoded: EncodedRendition[] = [];
  for (const target of renditionTargets(orientedWidth)) {
    const pipeline = sharp(decoded.data, { raw }).resize({
      ...target.resize,
      withoutEnlargement: true,
    });
    const output = hasAlpha
      ? pipeline.webp({ quality: 82 })
      : pipeline.jpeg({ quality: 82, progressive: true });
    const { data, info } = await output.toBuffer({ resolveWithObject: true });
    encoded.push({ names: target.names, data, info, mimeType });
  }
  return encoded;
}

/** Writes one encoded rendition file; the library's is `writeFileAtomic`. */
export type RenditionWriter = (filePath: string, data: Uint8Array) => Promise<void>;

/**
 * Writes encoded renditions into `targetDir`, side by side. Settles every write before it
 * answers, so a failure never leaves a write running into a folder the caller is about to remove.
 */
export async function writeRenditions(
  encoded: readonly EncodedRendition[],
  targetDir: string,
  write: RenditionWriter = writeFileAtomic,
): Promise<Rendition[]> {
  const files = encoded.flatMap(({ names, data, info, mimeType }) =>
    names.map((name) => ({ name, data, width: info.width, height: info.height, mimeType })),
  );
  const settled = await Promise.allSettled(
    files.map(async ({ name, data, width, height, mimeType }) => {
      await write(path.join(targetDir, photoFileName(name, mimeType)), data);
      return { name, width, height, mimeType, byteSize: data.byteLength };
    }),
  );
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}
