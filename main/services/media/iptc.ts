/**
 * Reads the IPTC IIM fields the photo desk needs from the raw block a JPEG's APP13 segment holds.
 * We parse the bytes ourselves because exifr decodes IPTC text as Latin-1 and drops dataset 1:90,
 * which says whether the text is UTF-8; Chinese captions need both.
 */

/** The IPTC fields read on import; absent datasets are absent keys. */
export interface IptcFields {
  caption?: string;
  byline?: string;
  credit?: string;
  copyright?: string;
  objectName?: string;
  city?: string;
  country?: string;
}

const RECORD_2_FIELDS: Record<number, keyof IptcFields> = {
  5: 'objectName',
  80: 'byline',
  90: 'city',
  101: 'country',
  110: 'credit',
  116: 'copyright',
  120: 'caption',
};

const PHOTOSHOP_HEADER = 'Photoshop 3.0\0';
const IPTC_RESOURCE_ID = 0x0404;

function startsWithText(bytes: Uint8Array, offset: number, text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (bytes[offset + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

function readUint16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (readUint16(bytes, offset) * 0x10000 + readUint16(bytes, offset + 2)) >>> 0;
}

/** The IIM blocks inside Photoshop image resources (`8BIM`, id 0x0404). */
function iimBlocksFromResources(bytes: Uint8Array, start: number): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  let offset = start;
  while (offset + 12 <= bytes.length && startsWithText(bytes, offset, '8BIM')) {
    const id = readUint16(bytes, offset + 4);
    const nameLength = bytes[offset + 6] ?? 0;
    // The Pascal name, with its length byte, is padded to an even size.
    let cursor = offset + 6 + 1 + nameLength;
    if ((1 + nameLength) % 2 === 1) cursor += 1;
    const size = readUint32(bytes, cursor);
    cursor += 4;
    if (cursor + size > bytes.length) break;
    if (id === IPTC_RESOURCE_ID) blocks.push(bytes.subarray(cursor, cursor + size));
    offset = cursor + size + (size % 2);
  }
  return blocks;
}

/** Finds the IIM data whether given an APP13 payload, bare 8BIM resources or bare IIM. */
function findIimBlocks(bytes: Uint8Array): Uint8Array[] {
  if (startsWithText(bytes, 0, PHOTOSHOP_HEADER)) {
    return iimBlocksFromResources(bytes, PHOTOSHOP_HEADER.length);
  }
  if (startsWithText(bytes, 0, '8BIM')) return iimBlocksFromResources(bytes, 0);
  if (bytes[0] === 0x1c) return [bytes];
  return [];
}

interface Dataset {
  record: number;
  number: number;
  value: Uint8Array;
}

function readDatasets(block: Uint8Array): Dataset[] {
  const datasets: Dataset[] = [];
  let offset = 0;
  while (offset + 5 <= block.length && block[offset] === 0x1c) {
    const record = block[offset + 1] ?? 0;
    const number = block[offset + 2] ?? 0;
    let length = readUint16(block, offset + 3);
    let cursor = offset + 5;
    if (length & 0x8000) {
      // Extended dataset: the low 15 bits say how many bytes hold the real length.
      const lengthOfLength = length & 0x7fff;
      if (lengthOfLength > 4) break;
      length = 0;
      for (let index = 0; index < lengthOfLength; index += 1) {
        length = length * 256 + (block[cursor + index] ?? 0);
      }
      cursor += lengthOfLength;
    }
    if (cursor + length > block.length) break;
    datasets.push({ record, number, value: block.subarray(cursor, cursor + length) });
    offset = cursor + length;
  }
  return datasets;
}

/** Whether dataset 1:90 (coded character set) declares UTF-8: `ESC % G`, or `ESC % / G|H|I`. */
function declaresUtf8(value: Uint8Array): boolean {
  const text = String.fromCharCode(...value);
  return ['\x1b%G', '\x1b%/G', '\x1b%/H', '\x1b%/I'].some((sequence) => text.includes(sequence));
}

/** Characters GBK text holds besides ASCII: Han, Bopomofo, CJK and full-width punctuation. */
const LEGACY_CHINESE_CHARACTER =
  /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u203b\u00b7\u00d7\u00f7\u00a4\u00a7\u00a8\u00b0\u00b1]/u;

function readsAsChinese(text: string): boolean {
  return [...text].every(
    (character) => character.charCodeAt(0) < 0x80 || LEGACY_CHINESE_CHARACTER.test(character),
  );
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes IPTC text. Declared UTF-8 is UTF-8. Undeclared text is tried as UTF-8 (many tools write
 * it without saying so), then as legacy GBK when the result reads as Chinese, else as Latin-1
 * (Windows-1252), the IIM default for Western files.
 */
export function decodeIptcText(bytes: Uint8Array, isUtf8Declared: boolean): string {
  const cleaned = bytes.filter((byte) => byte !== 0);
  if (isUtf8Declared) return new TextDecoder('utf-8').decode(cleaned);
  const utf8 = tryDecode('utf-8', cleaned);
  if (utf8 !== null) return utf8;
  const gbk = tryDecode('gbk', cleaned);
  if (gbk !== null && readsAsChinese(gbk)) return gbk;
  return new TextDecoder('windows-1252').decode(cleaned);
}

/** A JPEG's APP13 segment holds at most 64 KB; a block larger than this is not honest IPTC. */
export const MAX_IPTC_BYTES = 256 * 1024;

/**
 * The desk's IPTC fields from an APP13 payload (or bare IIM); repeated datasets are joined. One
 * pass over the bytes; a block over `MAX_IPTC_BYTES` is not read.
 */
export function parseIptc(bytes: Uint8Array): IptcFields {
  if (bytes.length > MAX_IPTC_BYTES) return {};
  const datasets = findIimBlocks(bytes).flatMap(readDatasets);
  const charset = datasets.find((entry) => entry.record === 1 && entry.number === 90);
  const isUtf8 = charset !== undefined && declaresUtf8(charset.value);
  const values = new Map<keyof IptcFields, string[]>();
  for (const entry of datasets) {
    if (entry.record !== 2) continue;
    const field = RECORD_2_FIELDS[entry.number];
    if (field === undefined) continue;
    const text = decodeIptcText(entry.value, isUtf8).trim();
    if (text === '') continue;
    values.set(field, [...(values.get(field) ?? []), text]);
  }
  const fields: IptcFields = {};
  for (const [field, texts] of values) fields[field] = texts.join(', ');
  return fields;
}
