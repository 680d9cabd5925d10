const NEEDS_ESCAPING = /[&<>"'\p{Cc}]/u;

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

/** Escapes text for XML (feed, sitemap): the same five entities, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''));
}

/**
 * Serialises data for a `<script type="application/ld+json">` element. `<`, `>` and `&` become
 * JSON escapes so no text can close the element or open a comment; U+2028/2029 likewise, for old
 * parsers that treat them as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An attribute written only when it has a value: ` name="value"`. */
export function attribute(name: string, value: string | null | undefined): string {
  return value === null || value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`;
}
