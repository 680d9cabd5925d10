import type {
  BlockQuoteElement,
  BodyElement,
  HeadingElement,
  InlineNode,
  ListItemElement,
  ParagraphElement,
} from '../../shared/story/body';

/** The block styles a text block can be given from the toolbar. */
export type TextBlockStyle = 'paragraph' | 'heading-2' | 'heading-3' | 'block-quote';

/** The list types of the body. */
export type ListType = 'bulleted-list' | 'numbered-list';

/** An element that holds inline content (text runs and links) directly. */
export type TextBlockElement =
  ParagraphElement | HeadingElement | BlockQuoteElement | ListItemElement;

/** Whether an element holds inline content directly. */
export function isTextBlock(element: BodyElement): element is TextBlockElement {
  return (
    element.type === 'paragraph' ||
    element.type === 'heading' ||
    element.type === 'block-quote' ||
    element.type === 'list-item'
  );
}

/** Whether an element is one of the two lists. */
export function isList(element: BodyElement): element is BodyElement & { type: ListType } {
  return element.type === 'bulleted-list' || element.type === 'numbered-list';
}

/** A paragraph of the given inline nodes (one empty text when there are none). */
export function paragraph(children: InlineNode[] = []): ParagraphElement {
  return { type: 'paragraph', children: children.length > 0 ? children : [{ text: '' }] };
}

/** A list item of the given inline nodes. */
export function listItem(children: InlineNode[] = []): ListItemElement {
  return { type: 'list-item', children: children.length > 0 ? children : [{ text: '' }] };
}
