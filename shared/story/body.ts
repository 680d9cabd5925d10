/**
 * The story body as plain data: the element and mark vocabulary of DESIGN.md. The Slate editor
 * (renderer/editor/custom-types.d.ts) declares these same shapes, and shared/portal renders them.
 */

/** A run of text with its marks. */
export interface BodyText {
  text: string;
  bold?: true;
  italic?: true;
  underline?: true;
  strikethrough?: true;
}

/** The marks a text run may carry. */
export const MARKS = ['bold', 'italic', 'underline', 'strikethrough'] as const;
export type Mark = (typeof MARKS)[number];

/** A link; only http, https and mailto URLs are kept (see `isAllowedUrl`). */
export interface LinkElement {
  type: 'link';
  url: string;
  children: BodyText[];
}

export type InlineNode = BodyText | LinkElement;

export interface ParagraphElement {
  type: 'paragraph';
  children: InlineNode[];
}

export interface HeadingElement {
  type: 'heading';
  level: 2 | 3;
  children: InlineNode[];
}

export interface BlockQuoteElement {
  type: 'block-quote';
  children: InlineNode[];
}

export interface ListItemElement {
  type: 'list-item';
  children: InlineNode[];
}

export interface BulletedListElement {
  type: 'bulleted-list';
  children: ListItemElement[];
}

export interface NumberedListElement {
  type: 'numbered-list';
  children: ListItemElement[];
}

/**
 * A photo from the media library placed in the body (a void element). Caption, credit and alt text
 * start from the library's and may be edited for this story only.
 */
export interface FigureElement {
  type: 'figure';
  photoId: string;
  caption: string;
  credit: string;
  altText: string;
  children: [{ text: '' }];
}

export type BlockElement =
  | ParagraphElement
  | HeadingElement
  | BlockQuoteElement
  | BulletedListElement
  | NumberedListElement
  | FigureElement;

export type BodyElement = BlockElement | ListItemElement | LinkElement;

/** A whole story body: the top-level blocks. */
export type Body = BlockElement[];

/** The body of a new story: one empty paragraph. */
export function emptyBody(): Body {
  return [{ type: 'paragraph', children: [{ text: '' }] }];
}

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether a URL may appear in a story (and be opened outside the app): absolute http, https or
 * mailto only. Control characters and whitespace anywhere are refused (browsers strip them, which
 * is how `java\tscript:` slips through), and so is user-info (`http://bank.example@evil.example/`
 * shows one host and opens another).
 */
export function isAllowedUrl(url: string): boolean {
  if (url.length === 0 || /[\p{Cc}\s]/u.test(url)) return false;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(url);
  if (match === null) return false;
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = match[2] ?? '';
  if (!ALLOWED_SCHEMES.has(scheme)) return false;
  return scheme === 'mailto' ? rest.length > 0 : /^\/\/[^/?#@\\]+(?:[/?#]|$)/.test(rest);
}

/** The plain text of an inline run list. */
export function inlineText(children: readonly InlineNode[]): string {
  return children
    .map((child) => ('type' in child ? inlineText(child.children) : child.text))
    .join('');
}

/** The plain text of a body, one block per line; figures contribute their caption. */
export function bodyToPlainText(body: readonly BlockElement[]): string {
  return body
    .flatMap((block) => {
      switch (block.type) {
        case 'bulleted-list':
        case 'numbered-list':
          return block.children.map((item) => inlineText(item.children));
        case 'figure':
          return [block.caption];
        default:
          return [inlineText(block.children)];
      }
    })
    .join('\n');
}

/** Every photo id the body's figures use, in order, without repeats. */
export function figurePhotoIds(body: readonly BlockElement[]): string[] {
  return [...new Set(body.flatMap((block) => (block.type === 'figure' ? [block.photoId] : [])))];
}
