import { Editor, Element, Node, Range, Transforms } from 'slate';
import { blockSchema } from '../../shared/story/schema';
import type { Body } from '../../shared/story/body';
import { htmlToBody, plainTextToBody } from './paste';

/** A fragment copied from a story editor, if the clipboard holds one that passes our schema. */
function storyFragment(data: DataTransfer): Body | null {
  const encoded = data.getData('application/x-slate-fragment');
  if (encoded === '') return null;
  try {
    const decoded: unknown = JSON.parse(decodeURIComponent(window.atob(encoded)));
    if (!Array.isArray(decoded)) return null;
    const blocks: Body = [];
    for (const node of decoded) {
      const parsed = blockSchema.safeParse(node);
      if (!parsed.success) return null;
      blocks.push(parsed.data);
    }
    return blocks;
  } catch {
    return null;
  }
}

/**
 * Inserts pasted blocks. Into an empty paragraph they go as they are (Slate's fragment insertion
 * would pour the first block into the paragraph and lose its heading or list); elsewhere the
 * fragment merges into the text around the caret as usual.
 */
function insertBlocks(editor: Editor, blocks: Body): void {
  const selection = editor.selection;
  const entry =
    selection !== null && Range.isCollapsed(selection)
      ? Editor.above(editor, {
          match: (node) => Element.isElement(node) && node.type === 'paragraph',
          mode: 'lowest',
        })
      : undefined;
  if (entry === undefined || Node.string(entry[0]) !== '' || entry[1].length !== 1) {
    Transforms.insertFragment(editor, blocks);
    return;
  }
  const [, path] = entry;
  Editor.withoutNormalizing(editor, () => {
    Transforms.removeNodes(editor, { at: path });
    Transforms.insertNodes(editor, blocks, { at: path });
  });
  Transforms.select(editor, Editor.end(editor, [(path[0] ?? 0) + blocks.length - 1]));
}

/**
 * Pasting and dropping text: a fragment copied from another story stays as it was (after checking
 * it against the body schema); HTML from Word, Google Docs or the web is converted to our elements
 * and marks only; plain text becomes paragraphs.
 */
export function withPaste<T extends Editor>(editor: T): T {
  editor.insertData = (data) => {
    const fragment = storyFragment(data);
    const html = data.getData('text/html');
    const blocks =
      fragment ??
      (html.trim() !== '' ? htmlToBody(html) : plainTextToBody(data.getData('text/plain')));
    if (blocks.length === 0) return;
    insertBlocks(editor, blocks);
  };
  return editor;
}
