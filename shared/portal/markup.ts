/**
 * HTML and XML built with escaping by default: the `html` and `xml` template tags escape every
 * string they are given and insert as markup only what another template (or one of the marked
 * exceptions below: `attribute`, `jsonScript`, `rawHtml`) made. They also read where each value
 * goes, once per template, and refuse what cannot be made safe there: a string inside a tag, in an
 * unquoted attribute, in a `<script>` or `<style>`; markup inside an attribute value. A string that
 * is a URL attribute's whole value (`href="${url}"`) cannot become a scheme other than http, https
 * or mailto: any other is written as a relative path (`./javascript:…`).
 */

import { assertNever } from '../result';

/** The five characters markup reads, and the control characters dropped (all but \t \n \f \r). */
const NEEDS_ESCAPING = /[&<>"']|(?![\t\n\f\r])\p{Cc}/u;

/**
 * Escapes text for an HTML text node or a quoted attribute value: nothing in it can become markup.
 * Control characters HTML forbids (NUL and friends) are dropped, as browsers would drop or mangle them.
 */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape; checking once is far cheaper than six replaces.
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/(?![\t\n\f\r])\p{Cc}/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const FORBIDDEN_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML (feed, sitemap): the same five entities, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(FORBIDDEN_IN_XML, ''));
}

/** Only the constructors in this module may make markup: it proves the text was escaped. */
const MADE_HERE = Symbol('made by markup.ts');

/** HTML that is safe to insert as is: every character came from a template or was escaped. */
export class Html {
  /** The markup. */
  readonly text: string;
  declare private readonly flavour: 'html';

  constructor(text: string, token: typeof MADE_HERE) {
    if (token !== MADE_HERE) throw new TypeError('Html is made by the html tag, never by hand.');
    this.text = text;
  }

  /** The markup, so that a page is written by `String(page)` or a template literal. */
  toString(): string {
    return this.text;
  }
}

/** XML that is safe to insert as is (feed, sitemap); never mixed with HTML. */
export class Xml {
  /** The markup. */
  readonly text: string;
  declare private readonly flavour: 'xml';

  constructor(text: string, token: typeof MADE_HERE) {
    if (token !== MADE_HERE) throw new TypeError('Xml is made by the xml tag, never by hand.');
    this.text = text;
  }

  /** The markup. */
  toString(): string {
    return this.text;
  }
}

/** What a template takes: markup as is, text (escaped), numbers; nothing for null, undefined, false. */
export type HtmlValue = Html | string | number | false | null | undefined | readonly HtmlValue[];
/** What an XML template takes. */
export type XmlValue = Xml | string | number | false | null | undefined | readonly XmlValue[];

/** Where a value lands in a template, read from the template's own text. */
type Hole =
  | 'text'
  | 'attribute-value'
  | 'url'
  | 'srcset'
  | 'inside-tag'
  | 'tag-name'
  | 'raw-text'
  | 'comment'
  | 'unquoted-attribute';

/** Attributes whose value a browser follows or loads: their one value passes the scheme guard. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'cite',
  'data',
  'background',
  'xlink:href',
]);

/**
 * Elements whose content HTML reads as raw text, where escaping means nothing: only marked markup
 * goes in. (`title` and `textarea` decode entities, so escaped text is right there.)
 */
const RAW_TEXT_ELEMENTS = new Set([
  'script',
  'style',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);

type State =
  | 'data'
  | 'tag-open'
  | 'tag-name'
  | 'inside-tag'
  | 'attribute-name'
  | 'before-value'
  | 'double-quoted'
  | 'single-quoted'
  | 'unquoted'
  | 'raw-text'
  | 'comment'
  | 'declaration';

/**
 * Reads a template's static text as an HTML (or XML) tokenizer would, just enough to know where each
 * value goes. Linear in the template's length; run once per template (the strings array of a tagged
 * template is the same object at every call).
 */
function planHoles(strings: readonly string[], flavour: 'html' | 'xml'): Hole[] {
  const holes: Hole[] = [];
  let state: State = 'data';
  let tagName = '';
  let isEndTag = false;
  let rawTextElement = '';
  let attributeName = '';
  let valueStart = false;
  for (let part = 0; part < strings.length; part += 1) {
    const text = strings[part] ?? '';
    for (let index = 0; index < text.length; index += 1) {
      const character = text.charAt(index);
      switch (state) {
        case 'data':
          if (character === '<') state = 'tag-open';
          break;
        case 'tag-open':
          if (character === '!' || character === '?') {
            state = text.startsWith('!--', index) ? 'comment' : 'declaration';
          } else if (character === '/') {
            isEndTag = true;
          } else {
            tagName = character.toLowerCase();
            state = 'tag-name';
          }
          break;
        case 'tag-name':
          if (/[\s/>]/.test(character)) {
            state = 'inside-tag';
            index -= 1;
          } else tagName += character.toLowerCase();
          break;
        case 'inside-tag':
          if (character === '>') {
            const isRaw = flavour === 'html' && !isEndTag && RAW_TEXT_ELEMENTS.has(tagName);
            rawTextElement = isRaw ? tagName : '';
            state = isRaw ? 'raw-text' : 'data';
            isEndTag = false;
          } else if (!/[\s/]/.test(character)) {
            attributeName = character.toLowerCase();
            state = 'attribute-name';
          }
          break;
        case 'attribute-name':
          if (character === '=') state = 'before-value';
          else if (/[\s/>]/.test(character)) {
            state = 'inside-tag';
            index -= 1;
          } else attributeName += character.toLowerCase();
          break;
        case 'before-value':
          valueStart = true;
          if (character === '"') state = 'double-quoted';
          else if (character === "'") state = 'single-quoted';
          else {
            state = 'unquoted';
            index -= 1;
          }
          continue;
        case 'double-quoted':
        case 'single-quoted':
          if (character === (state === 'double-quoted' ? '"' : "'")) state = 'inside-tag';
          break;
        case 'unquoted':
          if (/[\s>]/.test(character)) {
            state = 'inside-tag';
            index -= 1;
          }
          break;
        case 'raw-text':
          if (
            character === '<' &&
            text.slice(index + 1, index + 2 + rawTextElement.length).toLowerCase() ===
              `/${rawTextElement}`
          ) {
            state = 'tag-open';
          }
          break;
        case 'comment':
          if (text.startsWith('-->', index)) {
            state = 'data';
            index += 2;
          }
          break;
        case 'declaration':
          if (character === '>') state = 'data';
          break;
      }
      valueStart = false;
    }
    if (part < strings.length - 1) {
      holes.push(holeAt(state, attributeName, valueStart, strings[part + 1] ?? ''));
      valueStart = false;
    }
  }
  return holes;
}

function holeAt(state: State, attributeName: string, isValueStart: boolean, next: string): Hole {
  switch (state) {
    case 'data':
      return 'text';
    case 'double-quoted':
    case 'single-quoted': {
      const isUrl = URL_ATTRIBUTES.has(attributeName);
      if (!isUrl && attributeName !== 'srcset') return 'attribute-value';
      // The scheme is read from the whole value, so a URL is one value, not pieces.
      const closes = next.startsWith(state === 'double-quoted' ? '"' : "'");
      if (!isValueStart || !closes) {
        throw new TypeError(
          `A value in the ${attributeName} attribute must be the whole attribute: ${attributeName}="\${url}".`,
        );
      }
      return isUrl ? 'url' : 'srcset';
    }
    // `<li${attributes}>`: a value right after a tag's name ends the name.
    case 'inside-tag':
    case 'attribute-name':
    case 'tag-name':
      return 'inside-tag';
    case 'tag-open':
      return 'tag-name';
    case 'before-value':
    case 'unquoted':
      return 'unquoted-attribute';
    case 'raw-text':
      return 'raw-text';
    case 'comment':
    case 'declaration':
      return 'comment';
  }
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const RELATIVE_BEFORE_COLON = /[/?#]/;
const FOLLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * A URL that cannot run or load anything but http, https or mailto: any other scheme, however
 * spelt (browsers drop leading spaces and control characters and every tab and line break before
 * reading it), is turned into a relative path by a leading `./`.
 */
export function neutralizeScheme(url: string): string {
  // No colon, or a path, query or fragment before the first one: no scheme (the common case).
  const colon = url.indexOf(':');
  if (colon === -1 || RELATIVE_BEFORE_COLON.test(url.slice(0, colon))) return url;
  const asRead = url.replace(/[\t\n\r]/g, '').replace(/^[\p{Cc} ]+/u, '');
  const scheme = SCHEME.exec(asRead)?.[1];
  return scheme === undefined || FOLLOWED_SCHEMES.has(scheme.toLowerCase()) ? url : `./${url}`;
}

function neutralizeSrcset(srcset: string): string {
  if (!srcset.includes(':')) return srcset;
  return srcset
    .split(',')
    .map((candidate) => {
      const leading = /^\s*/.exec(candidate)?.[0] ?? '';
      return leading + neutralizeScheme(candidate.slice(leading.length));
    })
    .join(',');
}

function describeHole(hole: Hole): string {
  switch (hole) {
    case 'inside-tag':
      return 'between the attributes of a tag (use attribute())';
    case 'tag-name':
      return 'in a tag name';
    case 'unquoted-attribute':
      return 'in an unquoted attribute value';
    case 'raw-text':
      return 'in a script, style or other raw-text element';
    case 'comment':
      return 'in a comment or declaration';
    case 'attribute-value':
      return 'in an attribute value (its quotes would end the value)';
    case 'url':
    case 'srcset':
      return 'in a URL attribute';
    case 'text':
      return 'in text';
    default:
      return assertNever(hole);
  }
}

type Flavour<M> = {
  name: 'html' | 'xml';
  escape(text: string): string;
  /** The class of this flavour's markup: values of it go in as they are. */
  markup: abstract new (text: string, token: typeof MADE_HERE) => M;
};

function writeValue<M extends { text: string }>(
  value: unknown,
  hole: Hole,
  flavour: Flavour<M>,
): string {
  if (isAbsent(value)) return '';
  if (typeof value === 'string') {
    switch (hole) {
      case 'text':
      case 'attribute-value':
        return flavour.escape(value);
      case 'url':
        return flavour.escape(neutralizeScheme(value));
      case 'srcset':
        return flavour.escape(neutralizeSrcset(value));
      default:
        throw new TypeError(`A string cannot go ${describeHole(hole)}: ${JSON.stringify(value)}`);
    }
  }
  if (typeof value === 'number') {
    if (hole !== 'text' && hole !== 'attribute-value' && hole !== 'url' && hole !== 'srcset') {
      throw new TypeError(`A number cannot go ${describeHole(hole)}.`);
    }
    return String(value);
  }
  if (value instanceof flavour.markup) {
    if (hole === 'text' || hole === 'inside-tag' || hole === 'raw-text') return value.text;
    throw new TypeError(`Markup cannot go ${describeHole(hole)}: ${JSON.stringify(value.text)}`);
  }
  if (Array.isArray(value)) {
    if (hole !== 'text' && hole !== 'inside-tag') {
      throw new TypeError(`A list cannot go ${describeHole(hole)}.`);
    }
    let joined = '';
    for (const item of value) joined += writeValue(item, hole, flavour);
    return joined;
  }
  throw new TypeError(
    `Only text, numbers and ${flavour.name} markup go in an ${flavour.name} template, not ${Object.prototype.toString.call(value)}.`,
  );
}

function fill<M extends { text: string }>(
  strings: TemplateStringsArray,
  values: readonly unknown[],
  plans: WeakMap<TemplateStringsArray, Hole[]>,
  flavour: Flavour<M>,
): string {
  let holes = plans.get(strings);
  if (holes === undefined) {
    holes = planHoles(strings, flavour.name);
    plans.set(strings, holes);
  }
  let text = strings[0] ?? '';
  for (let index = 0; index < values.length; index += 1) {
    const hole = holes[index];
    if (hole === undefined) throw new TypeError(`${flavour.name} must be used as a template tag.`);
    text += writeValue(values[index], hole, flavour);
    text += strings[index + 1] ?? '';
  }
  return text;
}

const HTML_FLAVOUR: Flavour<Html> = { name: 'html', escape: escapeHtml, markup: Html };
const XML_FLAVOUR: Flavour<Xml> = { name: 'xml', escape: escapeXml, markup: Xml };
const htmlPlans = new WeakMap<TemplateStringsArray, Hole[]>();
const xmlPlans = new WeakMap<TemplateStringsArray, Hole[]>();

/** The HTML template tag: `html\`<p>${text}</p>\`` escapes `text`; nested templates go in as is. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  return new Html(fill(strings, values, htmlPlans, HTML_FLAVOUR), MADE_HERE);
}

/** The XML template tag (feed, sitemap): like `html`, escaping for XML 1.0. */
export function xml(strings: TemplateStringsArray, ...values: readonly XmlValue[]): Xml {
  return new Xml(fill(strings, values, xmlPlans, XML_FLAVOUR), MADE_HERE);
}

/** No markup at all: what a part of a page is when it has nothing to show. */
export const EMPTY_HTML = html``;

function isAbsent(value: unknown): value is null | undefined | false {
  return value === null || value === undefined || value === false;
}

function join<M extends { text: string }>(
  parts: readonly unknown[],
  separator: unknown,
  flavour: Flavour<M>,
): string {
  const between = writeValue(separator, 'text', flavour);
  let text = '';
  let isFirst = true;
  for (const part of parts) {
    if (isAbsent(part)) continue;
    if (!isFirst) text += between;
    text += writeValue(part, 'text', flavour);
    isFirst = false;
  }
  return text;
}

/**
 * Joins pieces of HTML with a separator (text is escaped, like any template value). Absent pieces
 * (null, undefined, false) are left out with their separator; an empty string is a piece.
 */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue): Html {
  return new Html(join(parts, separator, HTML_FLAVOUR), MADE_HERE);
}

/** Joins pieces of XML with a separator, leaving out absent ones as `joinHtml` does. */
export function joinXml(parts: readonly XmlValue[], separator: XmlValue): Xml {
  return new Xml(join(parts, separator, XML_FLAVOUR), MADE_HERE);
}

const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

/**
 * An attribute written only when it has a value: ` name="value"`, the value escaped (and a URL
 * attribute's value scheme-guarded) as in a template. Goes between a tag's attributes.
 */
export function attribute(name: string, value: string | number | null | undefined): Html {
  if (!ATTRIBUTE_NAME.test(name)) throw new TypeError(`Not an attribute name: ${name}`);
  if (value === null || value === undefined) return EMPTY_HTML;
  const lowerName = name.toLowerCase();
  const hole: Hole = URL_ATTRIBUTES.has(lowerName)
    ? 'url'
    : lowerName === 'srcset'
      ? 'srcset'
      : 'attribute-value';
  return new Html(` ${name}="${writeValue(value, hole, HTML_FLAVOUR)}"`, MADE_HERE);
}

/**
 * A `<script type="application/ld+json">` element holding `value` as JSON. `<`, `>` and `&` become
 * JSON escapes so no text can close the element or open a comment; U+2028/2029 likewise, for old
 * parsers that treat them as line ends.
 */
export function jsonScript(value: unknown): Html {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new Html(`<script type="application/ld+json">${json}</script>`, MADE_HERE);
}

/**
 * THE EXCEPTION: markup inserted without escaping. Only for text the code itself holds (the
 * portal's stylesheet), never for anything a person typed or a file carried.
 */
export function rawHtml(markup: string): Html {
  return new Html(markup, MADE_HERE);
}
