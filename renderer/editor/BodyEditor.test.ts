import { describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../tests/support/modulePage';

/** What the test bundle puts on the page's window. */
interface BodyEditorApi {
  /** Shows a body of one paragraph in the story body editor, the caret after its first word. */
  show(text: string): Promise<void>;
  /**
   * Extends the selection by a word as Shift+Ctrl+ArrowRight does (its keydown, then the move in the
   * DOM that the browser makes, not Slate), and renders
   * the body again before the browser tells Slate of the new selection, as a render does that
   * lands in between (a checker's answer, another language); with no language, renders nothing.
   */
  extendThenRender(language: string | null): void;
  /** The selection Slate holds and the one on screen, once the browser has told Slate. */
  selections(): Promise<{ slate: string; screen: string }>;
}

declare global {
  interface Window {
    bodyEditorApi: BodyEditorApi;
  }
}

/** The story body editor in real Chromium: its Slate, its DOM selection and React's renders. */
const { page } = modulePageForTests({
  contents: `
      import { createElement } from 'react';
      import { flushSync } from 'react-dom';
      import { createRoot } from 'react-dom/client';
      import { createEditor, Editor, Transforms } from 'slate';
      import { ReactEditor, withReact } from 'slate-react';
      import { BodyEditor } from './BodyEditor';
      let root = null;
      let editor = null;
      function render(language) {
        root.render(createElement(BodyEditor, {
          editor, isReadOnly: false, canEditPhotos: false, language,
          onValueChange: () => undefined, onInsertPhoto: () => undefined,
          onDropImages: () => undefined,
        }));
      }
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      window.bodyEditorApi = {
        async show(text) {
          root?.unmount();
          document.body.replaceChildren();
          root = createRoot(document.body.appendChild(document.createElement('div')));
          editor = withReact(createEditor());
          editor.children = [{ type: 'paragraph', children: [{ text }] }];
          flushSync(() => render('en-US'));
          ReactEditor.focus(editor);
          Transforms.select(editor, { path: [0, 0], offset: text.indexOf(' ') + 1 });
          for (let index = 0; index < 5; index += 1) await frame();
        },
        extendThenRender(language) {
          const body = document.querySelector('[aria-label="Story body"]');
          const key = { key: 'ArrowRight', shiftKey: true, ctrlKey: true, bubbles: true };
          body.dispatchEvent(new KeyboardEvent('keydown', key));
          getSelection().modify('extend', 'forward', 'word');
          if (language !== null) flushSync(() => render(language));
        },
        async selections() {
          // Past Slate's selection-change throttle (100 ms).
          await new Promise((resolve) => setTimeout(resolve, 300));
          await frame();
          return {
            slate: editor.selection === null ? '' : Editor.string(editor, editor.selection),
            screen: getSelection().toString(),
          };
        },
      };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

describe('the story body editor', () => {
  it('takes a selection extended on screen', async () => {
    await page().evaluate(() => window.bodyEditorApi.show('The canal district opens on Friday.'));
    await page().evaluate(() => window.bodyEditorApi.extendThenRender(null));
    const selections = await page().evaluate(() => window.bodyEditorApi.selections());
    expect(selections).toEqual({ slate: 'canal', screen: 'canal' });
  });

  it('keeps a selection extended on screen when the body renders before Slate reads it', async () => {
    await page().evaluate(() => window.bodyEditorApi.show('The canal district opens on Friday.'));
    await page().evaluate(() => window.bodyEditorApi.extendThenRender('en-GB'));
    const selections = await page().evaluate(() => window.bodyEditorApi.selections());
    expect(selections).toEqual({ slate: 'canal', screen: 'canal' });
  });
});
