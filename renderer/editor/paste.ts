import {
  isAllowedUrl,
  MARKS,
  type BlockElement,
  type Body,
  type BodyText,
  type InlineNode,
  type ListItemElement,
  type Mark,
} from '../../shared/story/body';
import { listItem, paragraph, type ListType } from './schema';

type Marks = Partial<Record<Mark, true>>;

/** Elements whose content is never text of the story. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'video',
  'audio',
  'img',
  'picture',
  'button',
  'input',
  'select',
  'textarea',
  'form',
]);

/** Elements that start a new block (the rest are inline and only contribute marks and text). */
const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'address',
  'dl',
  'dt',
  'dd',
  'hr',
  'center',
  'body',
  'html',
]);

const BOLD_WEIGHTS = /^(bold|bolder|[6-9]00)$/;
const NORMAL_WEIGHTS = /^(normal|lighter|[1-5]00)$/;

function styleOf(element: Element): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const declaration of (element.getAttribute('style') ?? '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    declarations.set(
      declaration.slice(0, colon).trim().toLowerCase(),
      declaration
        .slice(colon + 1)
        .trim()
        .toLowerCase(),
    );
  }
  return declarations;
}

/**
 * The marks an element gives its text: from its tag, then from its inline style, which wins (Google
 * Docs wraps a whole paste in `<b style="font-weight:normal">`, which is not bold, and marks its
 * bold runs with `<span style="font-weight:700">`).
 */
function marksOf(element: Element, inherited: Marks): Marks {
  const marks: Marks = { ...inherited };
  switch (element.localName) {
    case 'b':
    case 'strong':
      marks.bold = true;
      break;
    case 'i':
    case 'em':
      marks.italic = true;
      break;
    case 'u':
    case 'ins':
      marks.underline = true;
      break;
    case 's':
    case 'strike':
    case 'del':
      marks.strikethrough = true;
      break;
  }
  const style = styleOf(element);
  const weight = style.get('font-weight');
  if (weight !== undefined && BOLD_WEIGHTS.test(weight)) marks.bold = true;
  if (weight !== undefined && NORMAL_WEIGHTS.test(weight)) delete marks.bold;
  const fontStyle = style.get('font-style');
  if (fontStyle === 'italic' || fontStyle === 'oblique') marks.italic = true;
  if (fontStyle === 'normal') delete marks.italic;
  const decoration = `${style.get('text-decoration') ?? ''} ${style.get('text-decoration-line') ?? ''}`;
  if (decoration.includes('underline')) marks.underline = true;
  if (decoration.includes('line-through')) marks.strikethrough = true;
  return marks;
}

function textWith(text: string, marks: Marks): BodyText {
  const node: BodyText = { text };
  for (const mark of MARKS) if (marks[mark] === true) node[mark] = true;
  return node;
}

function sameMarks(a: BodyText, b: BodyText): boolean {
  return MARKS.every((mark) => a[mark] === b[mark]);
}

/** Whether an element of Word's HTML is the bullet or number Word draws before a list item. */
function isWordListMarker(element: Element): boolean {
  return /mso-list:\s*ignore/i.test(element.getAttribute('style') ?? '');
}

function hasBlockDescendant(element: Element): boolean {
  for (const child of element.children) {
    if (BLOCKS.has(child.localName) || hasBlockDescendant(child)) return true;
  }
  return false;
}

/** Inline content, with `\n` standing for line breaks until lines are split into blocks. */
function collectInline(node: Node, marks: Marks, into: InlineNode[]): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = (node.nodeValue ?? '').replace(/[\t\n\r ]+/g, ' ').replace(/\u00a0/g, ' ');
    if (text !== '') into.push(textWith(text, marks));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || !(node instanceof Element)) return;
  const name = node.localName;
  if (DROPPED.has(name) || isWordListMarker(node)) return;
  if (name === 'br') {
    into.push(textWith('\n', marks));
    return;
  }
  const childMarks = marksOf(node, marks);
  if (name === 'a') {
    const href = (node.getAttribute('href') ?? '').trim();
    const texts: InlineNode[] = [];
    for (const child of node.childNodes) collectInline(child, childMarks, texts);
    const flat = texts.flatMap((inline) => ('type' in inline ? inline.children : [inline]));
    if (isAllowedUrl(href) && flat.some((text) => text.text.trim() !== '')) {
      into.push({ type: 'link', url: href, children: flat });
    } else {
      into.push(...flat);
    }
    return;
  }
  for (const child of node.childNodes) collectInline(child, childMarks, into);
  if (BLOCKS.has(name)) into.push(textWith('\n', marks));
}

/** Merges neighbouring texts of the same marks, trims the line, and drops empty runs. */
function tidyLine(inlines: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const inline of inlines) {
    const last = merged[merged.length - 1];
    if (!('type' in inline) && last !== undefined && !('type' in last) && sameMarks(last, inline)) {
      merged[merged.length - 1] = {
        ...last,
        text: (last.text + inline.text).replace(/ {2,}/g, ' '),
      };
    } else {
      merged.push(inline);
    }
  }
  const first = merged[0];
  if (first !== undefined && !('type' in first)) {
    merged[0] = { ...first, text: first.text.replace(/^ +/, '') };
  }
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last !== undefined && !('type' in last)) {
    merged[lastIndex] = { ...last, text: last.text.replace(/ +$/, '') };
  }
  return merged.filter((inline) => 'type' in inline || inline.text !== '');
}

/** Splits inline content at its line breaks into trimmed, non-empty lines. */
function splitLines(inlines: InlineNode[]): InlineNode[][] {
  const lines: InlineNode[][] = [[]];
  for (const inline of inlines) {
    if ('type' in inline) {
      lines[lines.length - 1]?.push(inline);
      continue;
    }
    const pieces = inline.text.split('\n');
    pieces.forEach((piece, index) => {
      if (index > 0) lines.push([]);
      if (piece !== '') lines[lines.length - 1]?.push({ ...inline, text: piece });
    });
  }
  return lines.map(tidyLine).filter((line) => line.length > 0);
}

function inlineOf(element: Element, marks: Marks): InlineNode[] {
  const inlines: InlineNode[] = [];
  for (const child of element.childNodes) collectInline(child, marks, inlines);
  return inlines;
}

function wordListType(element: Element): ListType {
  const marker = Array.from(element.querySelectorAll('span'))
    .find(isWordListMarker)
    ?.textContent?.trim();
  return marker !== undefined && /^([0-9]+|[a-z]{1,3}|[A-Z]{1,3})[.)]$/.test(marker)
    ? 'numbered-list'
    : 'bulleted-list';
}

/**
 * The text of a `<pre>` with its line breaks, leaving out what is never story text (a script or
 * style inside it): `textContent` would keep their source.
 */
function preformattedText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
  if (!(node instanceof Element)) return '';
  if (DROPPED.has(node.localName)) return '';
  if (node.localName === 'br') return '\n';
  return Array.from(node.childNodes, preformattedText).join('');
}

/** The blocks of pasted HTML, built element by element. */
class BodyBuilder {
  readonly blocks: BlockElement[] = [];
  private pending: InlineNode[] = [];

  /** Ends loose inline content as paragraphs. */
  flush(): void {
    for (const line of splitLines(this.pending)) this.blocks.push(paragraph(line));
    this.pending = [];
  }

  addListItems(listType: ListType, items: ListItemElement[]): void {
    if (items.length === 0) return;
    const last = this.blocks[this.blocks.length - 1];
    if (last !== undefined && last.type === listType) last.children.push(...items);
    else this.blocks.push({ type: listType, children: items });
  }

  addChildren(parent: Node, marks: Marks): void {
    for (const child of parent.childNodes) this.add(child, marks);
  }

  add(node: Node, marks: Marks): void {
    if (!(node instanceof Element)) {
      collectInline(node, marks, this.pending);
      return;
    }
    const name = node.localName;
    if (DROPPED.has(name)) return;
    if (!BLOCKS.has(name)) {
      if (hasBlockDescendant(node)) this.addChildren(node, marksOf(node, marks));
      else collectInline(node, marks, this.pending);
      return;
    }
    this.flush();
    const childMarks = marksOf(node, marks);
    switch (name) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const level = name === 'h1' || name === 'h2' ? 2 : 3;
        const lines = splitLines(inlineOf(node, childMarks));
        if (lines.length > 0) {
          const joined = lines.flatMap((line, index) =>
            index === 0 ? line : [{ text: ' ' }, ...line],
          );
          this.blocks.push({ type: 'heading', level, children: tidyLine(joined) });
        }
        return;
      }
      case 'p':
        if (/mso-list:\s*l\d/i.test(node.getAttribute('style') ?? '')) {
          const lines = splitLines(inlineOf(node, childMarks));
          this.addListItems(wordListType(node), lines.map(listItem));
          return;
        }
        for (const line of splitLines(inlineOf(node, childMarks))) {
          this.blocks.push(paragraph(line));
        }
        return;
      case 'blockquote': {
        const inner = new BodyBuilder();
        inner.addChildren(node, childMarks);
        inner.flush();
        for (const block of inner.blocks) {
          if (block.type === 'paragraph' || block.type === 'heading') {
            this.blocks.push({ type: 'block-quote', children: block.children });
          } else {
            this.blocks.push(block);
          }
        }
        return;
      }
      case 'ul':
      case 'ol':
        this.addListItems(
          name === 'ol' ? 'numbered-list' : 'bulleted-list',
          this.listItemsOf(node, childMarks),
        );
        return;
      case 'li':
        this.addListItems('bulleted-list', this.listItemsOf(node, marks));
        return;
      case 'pre':
        for (const line of preformattedText(node).split('\n')) {
          if (line.trim() !== '') this.blocks.push(paragraph([textWith(line, childMarks)]));
        }
        return;
      case 'hr':
        return;
      default:
        this.addChildren(node, childMarks);
        this.flush();
    }
  }

  /** The items of a list, nested lists flattened into it (our lists have one level). */
  private listItemsOf(list: Element, marks: Marks): ListItemElement[] {
    const items: ListItemElement[] = [];
    const loose: InlineNode[] = [];
    const visit = (node: Node, nodeMarks: Marks) => {
      if (node instanceof Element && (node.localName === 'ul' || node.localName === 'ol')) {
        for (const child of node.childNodes) visit(child, marksOf(node, nodeMarks));
        return;
      }
      if (node instanceof Element && node.localName === 'li') {
        const own: InlineNode[] = [];
        const nested: Element[] = [];
        const itemMarks = marksOf(node, nodeMarks);
        for (const child of node.childNodes) {
          if (child instanceof Element && (child.localName === 'ul' || child.localName === 'ol')) {
            nested.push(child);
          } else {
            collectInline(child, itemMarks, own);
          }
        }
        const text = tidyLine(
          splitLines(own).flatMap((line, index) => (index === 0 ? line : [{ text: ' ' }, ...line])),
        );
        if (text.length > 0) items.push(listItem(text));
        for (const child of nested) visit(child, itemMarks);
        return;
      }
      collectInline(node, nodeMarks, loose);
    };
    visit(list, marks);
    for (const line of splitLines(loose)) items.push(listItem(line));
    return items;
  }
}

/**
 * Converts pasted HTML (from Word, Google Docs or a web page) to body blocks: only our elements and
 * marks survive; styles, classes, scripts, comments, images and foreign attributes do not. The HTML
 * is parsed inertly (DOMParser runs no script and loads nothing).
 */
export function htmlToBody(html: string): Body {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const builder = new BodyBuilder();
  builder.addChildren(document.body, {});
  builder.flush();
  return builder.blocks;
}

/** Converts pasted plain text to paragraphs, one per non-blank line. */
export function plainTextToBody(text: string): Body {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\t/g, ' '))
    .filter((line) => line.trim() !== '')
    .map((line) => paragraph([{ text: line }]));
}
