/**
 * Builders of real image files for tests: JPEGs carrying IPTC (UTF-8 or legacy GBK), XMP and EXIF
 * the way cameras and Photo Mechanic write them, PNG and WebP, and the bad files a photo desk meets.
 */
import sharp from 'sharp';
import type { IptcFields } from '../../main/services/media/iptc';
import { assertNever } from '../../shared/result';

/**
 * How the IPTC text is encoded: UTF-8 declared with 1:90 `ESC % G`, UTF-8 without the declaration
 * (common in the wild), legacy GBK (older Chinese newsroom tools), or Latin-1.
 */
export type IptcEncoding = 'utf8' | 'utf8-undeclared' | 'gbk' | 'latin1';

/** The XMP properties the photo desk reads. */
export interface XmpFields {
  description?: string;
  credit?: string;
  creators?: string[];
  rights?: string;
  title?: string;
  city?: string;
  country?: string;
  altText?: string;
}

/** What a test JPEG, PNG or WebP carries. */
export interface ImageOptions {
  width?: number;
  height?: number;
  /** A CSS colour for the left half; the right half is white, so orientation is visible. */
  color?: string;
  iptc?: { fields: IptcFields; encoding: IptcEncoding };
  xmp?: XmpFields;
  /** EXIF DateTimeOriginal, `YYYY:MM:DD HH:MM:SS`. */
  dateTimeOriginal?: string;
  /** EXIF orientation 1–8. */
  orientation?: number;
}

/** Each field's record 2 dataset number (IPTC IIM 4.2). */
const IPTC_DATASETS: ReadonlyArray<readonly [keyof IptcFields, number]> = [
  ['objectName', 5],
  ['byline', 80],
  ['city', 90],
  ['country', 101],
  ['credit', 110],
  ['copyright', 116],
  ['caption', 120],
];

let gbkTable: Map<string, number[]> | null = null;

/** The GBK encoder Node lacks (it only decodes GBK): a reverse table built from the decoder. */
function gbkEncoderTable(): Map<string, number[]> {
  if (gbkTable !== null) return gbkTable;
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail !== 0x7f) pairs.push(lead, trail);
    }
  }
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let index = 0; index < pairs.length; index += 2) {
    const lead = pairs[index] ?? 0;
    const trail = pairs[index + 1] ?? 0;
    const character = decoder.decode(new Uint8Array([lead, trail]));
    if (character !== '\ufffd' && !table.has(character)) table.set(character, [lead, trail]);
  }
  gbkTable = table;
  return table;
}

/** Encodes text as GBK; throws on a character GBK cannot hold. */
export function encodeGbk(text: string): Uint8Array {
  const table = gbkEncoderTable();
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = table.get(character);
    if (pair === undefined) throw new Error(`GBK cannot encode ${character}`);
    bytes.push(...pair);
  }
  return Uint8Array.from(bytes);
}

function encodeText(text: string, encoding: IptcEncoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
    case 'utf8-undeclared':
      return new TextEncoder().encode(text);
    case 'gbk':
      return encodeGbk(text);
    case 'latin1':
      return Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);
    default:
      return assertNever(encoding);
  }
}

function dataset(record: number, number: number, value: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(5 + value.length);
  bytes.set([0x1c, record, number, value.length >> 8, value.length & 0xff]);
  bytes.set(value, 5);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function uint32(value: number): Uint8Array {
  return Uint8Array.from([value >>> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

/** The IPTC IIM block (datasets 1:90, 2:00 and the fields) as Photoshop writes it. */
export function buildIptcBlock(fields: IptcFields, encoding: IptcEncoding): Uint8Array {
  const parts: Uint8Array[] = [];
  if (encoding === 'utf8') parts.push(dataset(1, 90, Uint8Array.from([0x1b, 0x25, 0x47])));
  parts.push(dataset(2, 0, Uint8Array.from([0, 4])));
  for (const [key, number] of IPTC_DATASETS) {
    const value = fields[key];
    if (value !== undefined) parts.push(dataset(2, number, encodeText(value, encoding)));
  }
  return concat(parts);
}

/** A JPEG APP13 segment: `Photoshop 3.0`, one 8BIM 0x0404 resource holding the IPTC block. */
export function buildApp13Segment(iptc: Uint8Array): Uint8Array {
  const padded = iptc.length % 2 === 1 ? concat([iptc, new Uint8Array(1)]) : iptc;
  const payload = concat([
    new TextEncoder().encode('Photoshop 3.0\0'),
    new TextEncoder().encode('8BIM'),
    Uint8Array.from([0x04, 0x04, 0x00, 0x00]),
    uint32(iptc.length),
    padded,
  ]);
  const length = payload.length + 2;
  return concat([Uint8Array.from([0xff, 0xed, length >> 8, length & 0xff]), payload]);
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function langAlt(tag: string, value: string | undefined): string {
  if (value === undefined) return '';
  return `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${tag}>`;
}

/** An XMP packet with the Dublin Core, Photoshop and IPTC Core properties the desk reads. */
export function buildXmpPacket(fields: XmpFields): string {
  const creators =
    fields.creators === undefined
      ? ''
      : `<dc:creator><rdf:Seq>${fields.creators.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>`;
  // Credit as an attribute and City as an element: both forms occur in real files.
  const creditAttribute =
    fields.credit === undefined ? '' : ` photoshop:Credit="${escapeXml(fields.credit)}"`;
  const simple = (tag: string, value: string | undefined) =>
    value === undefined ? '' : `<${tag}>${escapeXml(value)}</${tag}>`;
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"',
    ` xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"${creditAttribute}>`,
    langAlt('dc:description', fields.description),
    creators,
    langAlt('dc:rights', fields.rights),
    langAlt('dc:title', fields.title),
    simple('photoshop:City', fields.city),
    simple('photoshop:Country', fields.country),
    langAlt('Iptc4xmpCore:AltTextAccessibility', fields.altText),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('');
}

function basePixels(options: ImageOptions) {
  const width = options.width ?? 160;
  const height = options.height ?? 120;
  const half = Math.max(1, Math.floor(width / 2));
  return sharp({
    create: { width, height, channels: 3, background: '#ffffff' },
  }).composite([
    {
      input: {
        create: { width: half, height, channels: 3, background: options.color ?? '#c0392b' },
      },
      left: 0,
      top: 0,
    },
  ]);
}

/** A real JPEG with the requested embedded metadata. */
export async function buildJpeg(options: ImageOptions = {}): Promise<Uint8Array> {
  const flattened = await basePixels(options).png().toBuffer();
  let pipeline = sharp(flattened).jpeg({ quality: 85 });
  if (options.dateTimeOriginal !== undefined) {
    pipeline = pipeline.withExif({ IFD2: { DateTimeOriginal: options.dateTimeOriginal } });
  }
  if (options.orientation !== undefined) {
    pipeline = pipeline.withMetadata({ orientation: options.orientation });
  }
  if (options.xmp !== undefined) pipeline = pipeline.withXmp(buildXmpPacket(options.xmp));
  const jpeg = new Uint8Array(await pipeline.toBuffer());
  if (options.iptc === undefined) return jpeg;
  const app13 = buildApp13Segment(buildIptcBlock(options.iptc.fields, options.iptc.encoding));
  return concat([jpeg.subarray(0, 2), app13, jpeg.subarray(2)]);
}

/** A real PNG, with alpha, optionally carrying XMP. */
export async function buildPng(options: ImageOptions = {}): Promise<Uint8Array> {
  const flattened = await basePixels(options).png().toBuffer();
  let pipeline = sharp(flattened).ensureAlpha(0.5).png();
  if (options.xmp !== undefined) pipeline = pipeline.withXmp(buildXmpPacket(options.xmp));
  return new Uint8Array(await pipeline.toBuffer());
}

/** A real WebP, optionally carrying XMP. */
export async function buildWebp(options: ImageOptions = {}): Promise<Uint8Array> {
  const flattened = await basePixels(options).png().toBuffer();
  let pipeline = sharp(flattened).webp({ quality: 80 });
  if (options.xmp !== undefined) pipeline = pipeline.withXmp(buildXmpPacket(options.xmp));
  return new Uint8Array(await pipeline.toBuffer());
}

/** A JPEG cut off after its headers and part of the scan: what a failed copy leaves behind. */
export async function buildTruncatedJpeg(): Promise<Uint8Array> {
  const jpeg = await buildJpeg({ width: 640, height: 480, color: '#2980b9' });
  return jpeg.slice(0, Math.floor(jpeg.length * 0.6));
}

/** A JPEG whose scan data is overwritten in the middle: it decodes, with damage libjpeg reports. */
export async function buildGarbledJpeg(): Promise<Uint8Array> {
  const jpeg = await buildJpeg({ width: 640, height: 480, color: '#8e44ad' });
  const garbled = jpeg.slice();
  const start = Math.floor(jpeg.length / 2);
  for (let offset = start; offset < start + 200; offset += 1)
    garbled[offset] = (offset * 31) & 0xff;
  return garbled;
}

/** A zero-byte file. */
export function buildEmptyFile(): Uint8Array {
  return new Uint8Array(0);
}

/** A text file, whatever name it is given (e.g. `holiday.jpg`). */
export function buildTextFile(): Uint8Array {
  return new TextEncoder().encode('This is a text file pretending to be a photo.\n');
}

/** A tiny JPEG whose frame header claims 60000 × 60000 pixels: a decompression bomb. */
export async function buildDecompressionBombJpeg(): Promise<Uint8Array> {
  const jpeg = await buildJpeg({ width: 16, height: 16 });
  const bomb = jpeg.slice();
  for (let offset = 2; offset + 9 < bomb.length;) {
    if (bomb[offset] !== 0xff) break;
    const marker = bomb[offset + 1] ?? 0;
    const length = ((bomb[offset + 2] ?? 0) << 8) | (bomb[offset + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xc2) {
      const size = 60000;
      bomb.set([size >> 8, size & 0xff, size >> 8, size & 0xff], offset + 5);
      return bomb;
    }
    offset += 2 + length;
  }
  throw new Error('No frame header found in the test JPEG');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let crc = index;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small PNG whose header claims 50000 × 50000 pixels: a decompression bomb. */
export async function buildDecompressionBombPng(): Promise<Uint8Array> {
  const png = (await buildPng({ width: 16, height: 16 })).slice();
  // IHDR is the first chunk: length(4) type(4) at offset 8, width and height follow.
  const size = uint32(50000);
  png.set(size, 16);
  png.set(size, 20);
  png.set(uint32(crc32(png.subarray(12, 29))), 29);
  return png;
}
