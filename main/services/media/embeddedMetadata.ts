import { z } from 'zod';
import { PHOTO_FIELD_LIMITS, photoFieldsSchema } from '../../../shared/media/photo';
import { readTakenAt, parseTakenAt } from './exif';
import { parseIptc } from './iptc';
import { MAX_XMP_CHARACTERS, parseXmp } from './xmp';

/** The raw metadata blocks sharp reads from any of the three formats. */
export interface MetadataBlocks {
  exif?: Uint8Array;
  iptc?: Uint8Array;
  xmp?: Uint8Array;
}

const LIMITS = {
  ...PHOTO_FIELD_LIMITS,
  objectName: 500,
  city: 500,
  country: 500,
};

/** What a photo's embedded metadata prefills on import (checked again where a worker sends it). */
export const embeddedMetadataSchema = photoFieldsSchema.extend({
  objectName: z.string().max(LIMITS.objectName),
  city: z.string().max(LIMITS.city),
  country: z.string().max(LIMITS.country),
  takenAt: z.number().nullable(),
});
/** What a photo's embedded metadata prefills on import. */
export type EmbeddedMetadata = z.infer<typeof embeddedMetadataSchema>;

/** XMP wins where both hold a value (it is the newer standard and the one editors rewrite). */
function pick(xmpValue: string | undefined, iptcValue: string | undefined, limit: number): string {
  const value = xmpValue !== undefined && xmpValue !== '' ? xmpValue : (iptcValue ?? '');
  return value.slice(0, limit);
}

/** Reads caption, credit, photographer, copyright, alt text, place and date from a photo's blocks. */
export async function readEmbeddedMetadata(blocks: MetadataBlocks): Promise<EmbeddedMetadata> {
  const iptc = blocks.iptc === undefined ? {} : parseIptc(blocks.iptc);
  // UTF-8 takes at most four bytes a character: a longer block cannot be under the cap.
  const xmp =
    blocks.xmp === undefined || blocks.xmp.length > 4 * MAX_XMP_CHARACTERS
      ? {}
      : parseXmp(new TextDecoder('utf-8').decode(blocks.xmp).replace(/^\ufeff/, ''));
  const exifTakenAt = blocks.exif === undefined ? null : await readTakenAt(blocks.exif);
  const xmpTakenAt = xmp.dateCreated === undefined ? null : parseTakenAt(xmp.dateCreated);
  return {
    caption: pick(xmp.description, iptc.caption, LIMITS.caption),
    credit: pick(xmp.credit, iptc.credit, LIMITS.credit),
    photographer: pick(xmp.creator, iptc.byline, LIMITS.photographer),
    copyright: pick(xmp.rights, iptc.copyright, LIMITS.copyright),
    altText: pick(xmp.altText, undefined, LIMITS.altText),
    objectName: pick(xmp.title, iptc.objectName, LIMITS.objectName),
    city: pick(xmp.city, iptc.city, LIMITS.city),
    country: pick(xmp.country, iptc.country, LIMITS.country),
    takenAt: exifTakenAt ?? xmpTakenAt,
  };
}
