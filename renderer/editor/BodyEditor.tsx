import { memo, useCallback, type DragEvent, type KeyboardEvent } from 'react';
import { Transforms, type Descendant } from 'slate';
import { Editable, ReactEditor, Slate, type RenderChunkProps } from 'slate-react';
import type { Mark } from '../../shared/story/body';
import { handleBreak, toggleMark } from './commands';
import type { StoryEditor } from './custom-types';
import { renderElement, renderLeaf } from './elements';
import { FigureEditingContext } from './FigureView';
import { isHotkey } from './hotkeys';
import { Toolbar } from './Toolbar';
import './editor.css';

const MARK_HOTKEYS: Array<[string, Mark]> = [
  ['mod+b', 'bold'],
  ['mod+i', 'italic'],
  ['mod+u', 'underline'],
  ['mod+shift+x', 'strikethrough'],
];

function renderChunk({ attributes, children, lowest }: RenderChunkProps) {
  return (
    <div {...attributes} className={lowest ? 'body-chunk' : undefined}>
      {children}
    </div>
  );
}

/** Props of the story body editor. */
export interface BodyEditorProps {
  editor: StoryEditor;
  /** Text may not be changed (the workflow says why elsewhere). */
  isReadOnly: boolean;
  /** Figures may be inserted, removed and captioned. */
  canEditPhotos: boolean;
  /** The story's language (BCP 47), for spelling and the fonts of the text. */
  language: string;
  /** Called after every change of the body, with the new value. */
  onValueChange(value: Descendant[]): void;
  /** `Insert photo` was pressed. */
  onInsertPhoto(): void;
  /** Image files were dropped on the body. */
  onDropImages(files: File[]): void;
}

/** The story body: its toolbar and the editable text, named `Story body`. */
export const BodyEditor = memo(function BodyEditor({
  editor,
  isReadOnly,
  canEditPhotos,
  language,
  onValueChange,
  onInsertPhoto,
  onDropImages,
}: BodyEditorProps) {
  const handleKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      for (const [hotkey, mark] of MARK_HOTKEYS) {
        if (isHotkey(hotkey, event)) {
          event.preventDefault();
          toggleMark(editor, mark);
          return;
        }
      }
      if (isHotkey('mod+z', event)) {
        event.preventDefault();
        editor.undo();
        return;
      }
      if (isHotkey('mod+shift+z', event) || isHotkey('mod+y', event)) {
        event.preventDefault();
        editor.redo();
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        if (handleBreak(editor)) event.preventDefault();
      }
    },
    [editor],
  );

  const handleDrop = useCallback(
    (event: DragEvent<HTMLDivElement>) => {
      const images = Array.from(event.dataTransfer.files).filter((file) =>
        file.type.startsWith('image/'),
      );
      if (images.length === 0) return false;
      event.preventDefault();
      if (!canEditPhotos) return true;
      try {
        Transforms.select(editor, ReactEditor.findEventRange(editor, event));
      } catch {
        // Dropped where no text position resolves (a margin, a figure): the photos go after the
        // block holding the current selection instead.
      }
      onDropImages(images);
      return true;
    },
    [canEditPhotos, editor, onDropImages],
  );

  return (
    <FigureEditingContext.Provider value={canEditPhotos}>
      <Slate editor={editor} initialValue={editor.children} onValueChange={onValueChange}>
        <Toolbar
          isReadOnly={isReadOnly}
          canInsertPhoto={canEditPhotos}
          onInsertPhoto={onInsertPhoto}
        />
        <Editable
          className="story-body"
          aria-label="Story body"
          aria-multiline="true"
          role="textbox"
          readOnly={isReadOnly}
          renderElement={renderElement}
          renderLeaf={renderLeaf}
          renderChunk={renderChunk}
          onKeyDown={handleKeyDown}
          onDrop={handleDrop}
          spellCheck
          lang={language}
        />
      </Slate>
    </FigureEditingContext.Provider>
  );
});
