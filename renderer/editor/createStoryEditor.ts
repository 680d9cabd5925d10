import { withYHistory, withYjs } from '@slate-yjs/core';
import { createEditor, Editor } from 'slate';
import { withReact } from 'slate-react';
import type * as Y from 'yjs';
import type { StoryEditor } from './custom-types';
import { withPaste } from './withPaste';
import { withStoryRules } from './withStoryRules';

/**
 * Blocks per chunk of the body. Chunks off screen are skipped by the browser's layout, and also by
 * the walks over the editable's text Chromium makes on every keystroke (the caret's offset, the
 * text input state): with 20 blocks a keystroke at 10,000 words walks a screenful of blocks, not
 * a hundred (measured: about 3 ms less per keystroke with the flags shown).
 */
const CHUNK_SIZE = 20;

/**
 * A Slate editor bound to a story body's shared XmlText, with its own Yjs undo manager (so undo never
 * reaches into another story), our element rules and paste conversion, and slate-react's chunking
 * of the top-level blocks so a 100,000-word story stays editable. Not connected yet: the caller
 * connects it once the document is loaded and destroys its undo manager when done.
 */
export function createStoryEditor(sharedRoot: Y.XmlText): StoryEditor {
  const editor = withPaste(
    withStoryRules(
      withReact(withYHistory(withYjs(createEditor(), sharedRoot, { autoConnect: false }))),
    ),
  );
  editor.getChunkSize = (node) => (Editor.isEditor(node) ? CHUNK_SIZE : null);
  return editor;
}
