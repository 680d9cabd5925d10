/**
 * Reads the XMP properties the photo desk needs. XMP is RDF/XML whose writers vary the form (a
 * property as an element or as an attribute, Alt/Seq/Bag containers, any namespace prefix), so we
 * resolve prefixes from their namespace URIs and accept every form, without a full XML parser.
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

const NAMESPACES = {
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  iptcCore: 'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
} as const;

type Namespace = keyof typeof NAMESPACES;

const NAMESPACE_KEYS: readonly Namespace[] = ['dc', 'photoshop', 'iptcCore', 'rdf'];

const PROPERTIES: ReadonlyArray<{ field: keyof XmpFields; namespace: Namespace; name: string }> = [
  { field: 'description', namespace: 'dc', name: 'description' },
  { field: 'creator', namespace: 'dc', name: 'creator' },
  { field: 'rights', namespace: 'dc', name: 'rights' },
  { field: 'title', namespace: 'dc', name: 'title' },
  { field: 'credit', namespace: 'photoshop', name: 'Credit' },
  { field: 'city', namespace: 'photoshop', name: 'City' },
  { field: 'country', namespace: 'photoshop', name: 'Country' },
  { field: 'dateCreated', namespace: 'photoshop', name: 'DateCreated' },
  { field: 'altText', namespace: 'iptcCore', name: 'AltTextAccessibility' },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Decodes the five XML entities and numeric character references. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return named[lower] ?? whole;
  });
}

function textContent(xml: string): string {
  return decodeEntities(xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, ''));
}

/** The prefixes bound to each namespace we read (a file may bind several). */
function prefixesOf(xml: string): Record<Namespace, string[]> {
  const prefixes: Record<Namespace, string[]> = { dc: [], photoshop: [], iptcCore: [], rdf: [] };
  for (const match of xml.matchAll(/xmlns:([\w.-]+)\s*=\s*(["'])(.*?)\2/g)) {
    const [, prefix = '', , uri = ''] = match;
    for (const namespace of NAMESPACE_KEYS) {
      if (NAMESPACES[namespace] === uri) prefixes[namespace].push(prefix);
    }
  }
  return prefixes;
}

/** The value of a property whose content is a container (Alt: x-default first; Seq/Bag: joined). */
function containerValue(inner: string, rdfPrefixes: readonly string[]): string | null {
  const rdf = rdfPrefixes.map(escapeRegExp).join('|');
  if (rdf === '') return null;
  const items = [
    ...inner.matchAll(
      new RegExp(`<(?:${rdf}):li\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:${rdf}):li>)`, 'g'),
    ),
  ].map((match) => ({
    attributes: match[1] ?? '',
    text: textContent(match[2] ?? '').trim(),
  }));
  if (items.length === 0) return null;
  if (new RegExp(`<(?:${rdf}):Alt\\b`).test(inner)) {
    const preferred =
      items.find((item) => /xml:lang\s*=\s*["']x-default["']/i.test(item.attributes)) ?? items[0];
    return preferred?.text ?? null;
  }
  return items
    .map((item) => item.text)
    .filter(Boolean)
    .join(', ');
}

function readProperty(
  xml: string,
  prefixes: readonly string[],
  name: string,
  rdfPrefixes: readonly string[],
): string | null {
  for (const prefix of prefixes) {
    const tag = `${escapeRegExp(prefix)}:${escapeRegExp(name)}`;
    const element = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
    if (element !== null) {
      const inner = element[1] ?? '';
      const value = containerValue(inner, rdfPrefixes) ?? textContent(inner).trim();
      return value;
    }
    const attribute = new RegExp(`\\s${tag}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xml);
    if (attribute !== null) return decodeEntities(attribute[1] ?? attribute[2] ?? '').trim();
  }
  return null;
}

/** The desk's XMP values from an XMP packet (UTF-8 text). */
export function parseXmp(xml: string): XmpFields {
  const prefixes = prefixesOf(xml);
  const rdfPrefixes = prefixes.rdf.length > 0 ? prefixes.rdf : ['rdf'];
  const fields: XmpFields = {};
  for (const property of PROPERTIES) {
    const value = readProperty(xml, prefixes[property.namespace], property.name, rdfPrefixes);
    if (value !== null && value !== '') fields[property.field] = value;
  }
  return fields;
}
