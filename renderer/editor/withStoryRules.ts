import { Editor, Element, Node, Text, Transforms, type Descendant, type NodeEntry } from 'slate';
import { isAllowedUrl, MARKS } from '../../shared/story/body';
import { isList, isTextBlock, listItem, paragraph } from './schema';

const KNOWN_TYPES = new Set([
  'paragraph',
  'heading',
  'block-quote',
  'bulleted-list',
  'numbered-list',
  'list-item',
  'figure',
  'link',
]);

const TEXT_KEYS = new Set<string>(['text', ...MARKS]);

/** Removes from a text leaf any property that is not one of our marks (pasted or synced junk). */
function normalizeText(editor: Editor, [node, path]: NodeEntry<Text>): boolean {
  const foreign = Object.keys(node).filter((key) => !TEXT_KEYS.has(key));
  const falseMarks = MARKS.filter((mark) => mark in node && node[mark] !== true);
  const toRemove = [...foreign, ...falseMarks];
  if (toRemove.length === 0) return false;
  Transforms.unsetNodes(editor, toRemove, { at: path });
  return true;
}

/**
 * Keeps every body the shape shared/story/body.ts describes, whatever edits, pastes or merged
 * offline changes produced: only our blocks at the top, only list items in lists, only text and
 * links in text blocks, only allowed URLs in links, headings of level 2 or 3, and a paragraph after
 * a trailing figure so there is always somewhere to type.
 */
export function withStoryRules<T extends Editor>(editor: T): T {
  const { normalizeNode, isInline, isVoid } = editor;

  editor.isInline = (element) => element.type === 'link' || isInline(element);
  editor.isVoid = (element) => element.type === 'figure' || isVoid(element);

  editor.normalizeNode = (entry, options) => {
    const [node, path] = entry;

    if (Text.isText(node)) {
      if (normalizeText(editor, [node, path])) return;
      return normalizeNode(entry, options);
    }

    if (Editor.isEditor(node)) {
      if (node.children.length === 0) {
        Transforms.insertNodes(editor, paragraph(), { at: [0] });
        return;
      }
      for (const [index, child] of node.children.entries()) {
        if (Text.isText(child) || child.type === 'link') {
          Transforms.wrapNodes(editor, paragraph([]), { at: [index] });
          return;
        }
        if (child.type === 'list-item') {
          Transforms.wrapNodes(editor, { type: 'bulleted-list', children: [] }, { at: [index] });
          return;
        }
      }
      const last = node.children[node.children.length - 1];
      if (last !== undefined && !Text.isText(last) && last.type === 'figure') {
        Transforms.insertNodes(editor, paragraph(), { at: [node.children.length] });
        return;
      }
      return normalizeNode(entry, options);
    }

    if (!Element.isElement(node)) return normalizeNode(entry, options);

    if (!KNOWN_TYPES.has(node.type)) {
      Transforms.setNodes(editor, { type: 'paragraph' }, { at: path });
      return;
    }

    if (node.type === 'heading' && node.level !== 2 && node.level !== 3) {
      Transforms.setNodes(editor, { level: node.level > 3 ? 3 : 2 }, { at: path });
      return;
    }

    if (node.type === 'link') {
      if (!isAllowedUrl(node.url)) {
        Transforms.unwrapNodes(editor, { at: path });
        return;
      }
      for (const [index, child] of node.children.entries()) {
        if (!Text.isText(child)) {
          Transforms.unwrapNodes(editor, { at: [...path, index] });
          return;
        }
      }
    }

    if (isList(node)) {
      if (path.length > 1) {
        Transforms.unwrapNodes(editor, { at: path });
        return;
      }
      const children: readonly Descendant[] = node.children;
      for (const [index, child] of children.entries()) {
        const childPath = [...path, index];
        if (Text.isText(child) || child.type === 'link') {
          Transforms.wrapNodes(editor, listItem([]), { at: childPath });
          return;
        }
        if (isList(child)) {
          Transforms.unwrapNodes(editor, { at: childPath });
          return;
        }
        if (child.type === 'figure') {
          Transforms.moveNodes(editor, { at: childPath, to: [path[0] ?? 0] });
          return;
        }
        if (child.type !== 'list-item') {
          Transforms.setNodes(editor, { type: 'list-item' }, { at: childPath });
          return;
        }
      }
    }

    if (node.type === 'list-item' && path.length === 1) {
      Transforms.wrapNodes(editor, { type: 'bulleted-list', children: [] }, { at: path });
      return;
    }

    if (isTextBlock(node)) {
      for (const [index, child] of node.children.entries()) {
        if (Element.isElement(child) && child.type !== 'link') {
          Transforms.unwrapNodes(editor, { at: [...path, index] });
          return;
        }
      }
      if (path.length > 1 && node.type !== 'list-item') {
        const parent = Node.parent(editor, path);
        if (!Editor.isEditor(parent) && Element.isElement(parent) && isList(parent)) {
          Transforms.setNodes(editor, { type: 'list-item' }, { at: path });
          return;
        }
        Transforms.unwrapNodes(editor, { at: path.slice(0, -1) });
        return;
      }
    }

    if (node.type === 'figure' && path.length > 1) {
      Transforms.moveNodes(editor, { at: path, to: [path[0] ?? 0] });
      return;
    }

    normalizeNode(entry, options);
  };

  return editor;
}
