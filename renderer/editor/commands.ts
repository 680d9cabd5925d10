import { Editor, Element, Node, Path, Range, Transforms } from 'slate';
import type { Photo } from '../../shared/media/photo';
import { isAllowedUrl, type FigureElement, type Mark } from '../../shared/story/body';
import { isList, isTextBlock, paragraph, type ListType, type TextBlockStyle } from './schema';

/** Whether the selection carries a mark (as the next typed character would). */
export function isMarkActive(editor: Editor, mark: Mark): boolean {
  return Editor.marks(editor)?.[mark] === true;
}

/** Adds a mark to the selection, or removes it when the selection already carries it. */
export function toggleMark(editor: Editor, mark: Mark): void {
  if (isMarkActive(editor, mark)) Editor.removeMark(editor, mark);
  else Editor.addMark(editor, mark, true);
}

function selectedTextBlocks(editor: Editor) {
  if (editor.selection === null) return [];
  return Array.from(
    Editor.nodes(editor, {
      at: Editor.unhangRange(editor, editor.selection),
      match: (node) => Element.isElement(node) && isTextBlock(node),
    }),
  );
}

/** The style of the first selected text block, as the toolbar shows it. */
export function currentBlockStyle(editor: Editor): TextBlockStyle | ListType | null {
  const [first] = selectedTextBlocks(editor);
  if (first === undefined) return null;
  const [node, path] = first;
  if (!Element.isElement(node)) return null;
  switch (node.type) {
    case 'paragraph':
      return 'paragraph';
    case 'heading':
      return node.level === 2 ? 'heading-2' : 'heading-3';
    case 'block-quote':
      return 'block-quote';
    case 'list-item': {
      const parent = Node.parent(editor, path);
      return Element.isElement(parent) && isList(parent) ? parent.type : null;
    }
    default:
      return null;
  }
}

/** Takes the selected list items out of their lists, as paragraphs. */
function liftListItems(editor: Editor): void {
  Editor.withoutNormalizing(editor, () => {
    Transforms.unwrapNodes(editor, {
      match: (node) => Element.isElement(node) && isList(node),
      split: true,
    });
    Transforms.setNodes(
      editor,
      { type: 'paragraph' },
      { match: (node: Node): boolean => Element.isElement(node) && node.type === 'list-item' },
    );
  });
}

/**
 * Gives the selected blocks a style (paragraph, heading 2 or 3, block quote); a block that already
 * has it goes back to a paragraph. Selected list items leave their list.
 */
export function toggleBlockStyle(editor: Editor, style: TextBlockStyle): void {
  const isActive = currentBlockStyle(editor) === style;
  const target = isActive ? 'paragraph' : style;
  Editor.withoutNormalizing(editor, () => {
    liftListItems(editor);
    const match = (node: Node) => Element.isElement(node) && isTextBlock(node);
    switch (target) {
      case 'paragraph':
        Transforms.unsetNodes(editor, 'level', { match });
        Transforms.setNodes(editor, { type: 'paragraph' }, { match });
        break;
      case 'heading-2':
      case 'heading-3':
        Transforms.setNodes(
          editor,
          { type: 'heading', level: target === 'heading-2' ? 2 : 3 },
          { match },
        );
        break;
      case 'block-quote':
        Transforms.unsetNodes(editor, 'level', { match });
        Transforms.setNodes(editor, { type: 'block-quote' }, { match });
        break;
    }
  });
}

/** Turns the selected blocks into a list of that type, switches the list type, or ends the list. */
export function toggleList(editor: Editor, listType: ListType): void {
  const current = currentBlockStyle(editor);
  if (current === listType) {
    liftListItems(editor);
    return;
  }
  Editor.withoutNormalizing(editor, () => {
    if (current === 'bulleted-list' || current === 'numbered-list') {
      Transforms.setNodes(
        editor,
        { type: listType },
        { match: (node) => Element.isElement(node) && isList(node) },
      );
      return;
    }
    const match = (node: Node) => Element.isElement(node) && isTextBlock(node);
    Transforms.unsetNodes(editor, 'level', { match });
    Transforms.setNodes(editor, { type: 'list-item' }, { match });
    Transforms.wrapNodes(
      editor,
      { type: listType, children: [] },
      { match: (node) => Element.isElement(node) && node.type === 'list-item' },
    );
  });
}

/** The link the selection is in, if any. */
export function activeLink(editor: Editor) {
  const [entry] = Editor.nodes(editor, {
    match: (node) => Element.isElement(node) && node.type === 'link',
  });
  return entry;
}

/** Removes the link around the selection, keeping its text. */
export function removeLink(editor: Editor): void {
  Transforms.unwrapNodes(editor, {
    match: (node) => Element.isElement(node) && node.type === 'link',
  });
}

/**
 * Links the selection to a URL (or inserts the URL as a linked text at the caret). Only http, https
 * and mailto are accepted; anything else is refused with `false` and changes nothing.
 */
export function setLink(editor: Editor, url: string): boolean {
  const trimmed = url.trim();
  if (!isAllowedUrl(trimmed) || editor.selection === null) return false;
  const existing = activeLink(editor);
  if (existing !== undefined) {
    Transforms.setNodes(editor, { url: trimmed }, { at: existing[1] });
    return true;
  }
  if (Range.isCollapsed(editor.selection)) {
    Transforms.insertNodes(editor, { type: 'link', url: trimmed, children: [{ text: trimmed }] });
  } else {
    Transforms.wrapNodes(editor, { type: 'link', url: trimmed, children: [] }, { split: true });
    Transforms.collapse(editor, { edge: 'end' });
  }
  return true;
}

/** A figure of a library photo, starting from the library's caption, credit and alt text. */
export function figureFor(photo: Photo): FigureElement {
  return {
    type: 'figure',
    photoId: photo.id,
    caption: photo.caption,
    credit: photo.credit,
    altText: photo.altText,
    children: [{ text: '' }],
  };
}

/** Inserts a figure after the block holding the selection (or at the end), then a paragraph. */
export function insertFigure(editor: Editor, figure: FigureElement): void {
  const topIndex = editor.selection === null ? null : editor.selection.anchor.path[0];
  const at =
    topIndex === null || topIndex === undefined ? [editor.children.length] : [topIndex + 1];
  Editor.withoutNormalizing(editor, () => {
    Transforms.insertNodes(editor, figure, { at });
    const next = Path.next(at);
    const following = editor.children[next[0] ?? 0];
    if (following === undefined || (Element.isElement(following) && following.type === 'figure')) {
      Transforms.insertNodes(editor, paragraph(), { at: next });
    }
  });
  Transforms.select(editor, Editor.start(editor, Path.next(at)));
}

/**
 * Enter in an empty list item ends the list; Enter at the end of a heading or quote starts a
 * plain paragraph. Returns whether it handled the break.
 */
export function handleBreak(editor: Editor): boolean {
  const selection = editor.selection;
  if (selection === null || !Range.isCollapsed(selection)) return false;
  const entry = Editor.above(editor, {
    match: (node) => Element.isElement(node) && isTextBlock(node),
  });
  if (entry === undefined) return false;
  const [block, path] = entry;
  if (block.type === 'list-item' && Node.string(block) === '') {
    liftListItems(editor);
    return true;
  }
  if (
    (block.type === 'heading' || block.type === 'block-quote') &&
    Editor.isEnd(editor, selection.anchor, path)
  ) {
    Transforms.insertNodes(editor, paragraph(), { at: Path.next(path), select: true });
    return true;
  }
  return false;
}
