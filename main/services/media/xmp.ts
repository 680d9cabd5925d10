import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Reads the XMP properties the photo desk needs with a real XML parser (saxes), which resolves
 * namespace prefixes and entities itself. XMP is RDF/XML whose writers vary the form (a property
 * as an element or as an attribute, Alt/Seq/Bag containers, any prefix): every form is accepted.
 *
 * It runs in the media worker (mediaWork.ts), off the thread that serves requests, and is linear:
 * packets over `MAX_XMP_CHARACTERS` are not read, and parsing stops at `MAX_DEPTH` nested
 * elements (saxes resolves each prefix through the open elements, which deep nesting would make
 * quadratic). The worker's time budget stops whatever still takes too long.
 */

/** The XMP values read on import; absent properties are absent keys. */
export interface XmpFields {
  description?: string;
  credit?: string;
  creator?: string;
  rights?: string;
  title?: string;
  city?: string;
  country?: string;
  altText?: string;
  dateCreated?: string;
}

/**
 * A main XMP packet in a JPEG is at most 64 KB, but PNG and WebP carry any size, and Photoshop's
 * `DocumentAncestors` list swells honest packets to megabytes. Read in the worker (about 16 MB/s
 * on a 2-core machine), 8 MB costs a fraction of a second; the cap bounds its memory.
 */
export const MAX_XMP_CHARACTERS = 8 * 1024 * 1024;

/** Real XMP nests about six deep (xmpmeta, RDF, Description, property, container, item). */
const MAX_DEPTH = 32;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XML = 'http://www.w3.org/XML/1998/namespace';

const PROPERTIES: ReadonlyMap<string, keyof XmpFields> = new Map([
  ['http://purl.org/dc/elements/1.1/ description', 'description'],
  ['http://purl.org/dc/elements/1.1/ creator', 'creator'],
  ['http://purl.org/dc/elements/1.1/ rights', 'rights'],
  ['http://purl.org/dc/elements/1.1/ title', 'title'],
  ['http://ns.adobe.com/photoshop/1.0/ Credit', 'credit'],
  ['http://ns.adobe.com/photoshop/1.0/ City', 'city'],
  ['http://ns.adobe.com/photoshop/1.0/ Country', 'country'],
  ['http://ns.adobe.com/photoshop/1.0/ DateCreated', 'dateCreated'],
  ['http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/ AltTextAccessibility', 'altText'],
]);

function propertyOf(node: { uri: string; local: string }): keyof XmpFields | undefined {
  return PROPERTIES.get(`${node.uri} ${node.local}`);
}

/** One property element being read: its own text, or the items of its Alt/Seq/Bag. */
interface Capture {
  field: keyof XmpFields;
  depth: number;
  container: 'Alt' | 'Seq' | 'Bag' | null;
  text: string;
  items: Array<{ isDefault: boolean; text: string }>;
  item: { isDefault: boolean; text: string } | null;
}

function valueOf(capture: Capture): string {
  if (capture.container === null) return capture.text.trim();
  const items = capture.items.map((item) => ({ ...item, text: item.text.trim() }));
  if (capture.container === 'Alt')
    return (items.find((item) => item.isDefault) ?? items[0])?.text ?? '';
  return items
    .map((item) => item.text)
    .filter((text) => text !== '')
    .join(', ');
}

class TooDeep extends Error {}

/** The desk's XMP values from an XMP packet (UTF-8 text); empty for one too large or too deep. */
export function parseXmp(xml: string): XmpFields {
  const fields: XmpFields = {};
  if (xml.length > MAX_XMP_CHARACTERS) return fields;
  const parser = new SaxesParser({ xmlns: true, position: false });
  let depth = 0;
  let capture: Capture | null = null;
  function found(field: keyof XmpFields, value: string): void {
    if (value !== '' && fields[field] === undefined) fields[field] = value;
  }
  // Malformed XMP (an unknown entity, `&#x110000;`, an unclosed tag) is read as far as it goes.
  parser.on('error', () => undefined);
  parser.on('opentag', (node: SaxesTagNS) => {
    depth += 1;
    if (depth > MAX_DEPTH) throw new TooDeep();
    if (capture !== null) {
      if (
        node.uri === RDF &&
        (node.local === 'Alt' || node.local === 'Seq' || node.local === 'Bag')
      )
        capture.container ??= node.local;
      else if (node.uri === RDF && node.local === 'li') {
        const lang: SaxesAttributeNS | undefined = Object.values(node.attributes).find(
          (attribute) => attribute.uri === XML && attribute.local === 'lang',
        );
        capture.item = { isDefault: lang?.value === 'x-default', text: '' };
      }
      return;
    }
    for (const attribute of Object.values(node.attributes)) {
      const field = propertyOf(attribute);
      if (field !== undefined) found(field, attribute.value.trim());
    }
    const field = propertyOf(node);
    if (field !== undefined && fields[field] === undefined && !node.isSelfClosing)
      capture = { field, depth, container: null, text: '', items: [], item: null };
  });
  function addText(text: string): void {
    if (capture === null) return;
    if (capture.item !== null) capture.item.text += text;
    else capture.text += text;
  }
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (node: SaxesTagNS) => {
    if (capture !== null) {
      if (node.uri === RDF && node.local === 'li' && capture.item !== null) {
        capture.items.push(capture.item);
        capture.item = null;
      } else if (depth === capture.depth) {
        found(capture.field, valueOf(capture));
        capture = null;
      }
    }
    depth -= 1;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
  }
  return fields;
}
