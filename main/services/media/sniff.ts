import { open } from 'node:fs/promises';
import type { Photo } from '../../../shared/media/photo';

/** The image formats the library takes, as recognised by their first bytes. */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** The MIME type each format is stored and served as. */
export const MIME_TYPES: Record<ImageFormat, Photo['mimeType']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 16;

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

/** The first bytes of a file, for sniffing without reading it whole. */
export async function readFileStart(filePath: string, length = SNIFF_BYTES): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
