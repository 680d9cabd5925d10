import { EXTENSION_BY_MIME_TYPE } from '../../../shared/media/photo';

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

/** The file a photo keeps `original`, `thumb` or a rendition in: `<name>.<extension>`. */
export function photoFileName(name: string, mimeType: string): string {
  return `${name}.${EXTENSION_BY_MIME_TYPE[mimeType] ?? 'bin'}`;
}

/** The record of a photo, beside its files. */
export const PHOTO_RECORD_FILE = 'photo.json';
