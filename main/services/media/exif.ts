import exifr from 'exifr';
import { z } from 'zod';

/**
 * Parses an EXIF or XMP date-time into epoch ms. EXIF writes `YYYY:MM:DD HH:MM:SS`, XMP ISO 8601;
 * with no offset the time is the camera's wall clock, read as this computer's local time (as
 * photo tools show it). Zeroed or impossible dates are null.
 */
export function parseTakenAt(value: string, offset?: string): number | null {
  const match =
    /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (year < 1800 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const parts = [year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0] as const;
  const zone = match[7] ?? offset?.trim();
  if (zone === undefined || zone === '') return new Date(...parts).getTime();
  if (zone === 'Z') return Date.UTC(...parts);
  const zoneMatch = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (zoneMatch === null) return new Date(...parts).getTime();
  const sign = zoneMatch[1] === '-' ? -1 : 1;
  const offsetMs = sign * (Number(zoneMatch[2]) * 60 + Number(zoneMatch[3])) * 60_000;
  return Date.UTC(...parts) - offsetMs;
}

const exifDatesSchema = z.object({
  DateTimeOriginal: z.string().optional(),
  CreateDate: z.string().optional(),
  OffsetTimeOriginal: z.string().optional(),
  OffsetTimeDigitized: z.string().optional(),
});

/**
 * The date a photo was taken, from the raw EXIF block sharp hands over (`Exif\0\0` + TIFF).
 * DateTimeOriginal first, then DateTimeDigitized (CreateDate); null when absent or unreadable.
 */
export async function readTakenAt(exif: Uint8Array): Promise<number | null> {
  const hasHeader = exif.length >= 6 && String.fromCharCode(...exif.subarray(0, 4)) === 'Exif';
  const tiff = hasHeader ? exif.subarray(6) : exif;
  let parsed: unknown;
  try {
    parsed = await exifr.parse(tiff, {
      tiff: true,
      exif: true,
      gps: false,
      interop: false,
      ifd1: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTimeDigitized'],
      reviveValues: false,
    });
  } catch {
    return null;
  }
  const dates = exifDatesSchema.safeParse(parsed ?? {});
  if (!dates.success) return null;
  const { DateTimeOriginal, CreateDate, OffsetTimeOriginal, OffsetTimeDigitized } = dates.data;
  const original =
    DateTimeOriginal === undefined ? null : parseTakenAt(DateTimeOriginal, OffsetTimeOriginal);
  if (original !== null) return original;
  return CreateDate === undefined ? null : parseTakenAt(CreateDate, OffsetTimeDigitized);
}
