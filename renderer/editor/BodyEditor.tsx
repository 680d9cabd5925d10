import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import {
  Range,
  Transforms,
  type BaseRange,
  type BaseSelection,
  type Descendant,
  type NodeEntry,
} from 'slate';
import { Editable, ReactEditor, Slate, useSlate, type RenderChunkProps } from 'slate-react';
import type { Mark } from '../../shared/story/body';
import { handleBreak, toggleMark } from './commands';
import type { StoryEditor } from './custom-types';
import { renderElement, renderLeaf } from './elements';
import { FigureEditingContext } from './FigureView';
import { isHotkey } from './hotkeys';
import { useChecking } from '../spelling/CheckingContext';
import type { Flag } from '../spelling/flags';
import { FlagMenu, type MenuPlace } from '../spelling/FlagMenu';
import { createFlagDecorator, flagAt } from './flagDecorations';
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

/** The keys that move the caret or extend the selection natively (with Shift). */
const NAVIGATION_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/** Where the selection on screen was after the body last rendered. */
interface ScreenSelection {
  anchorNode: globalThis.Node | null;
  anchorOffset: number;
  focusNode: globalThis.Node | null;
  focusOffset: number;
}

/**
 * What keeps a selection moved by a key on screen: Slate's selection when the key was pressed
 * (while Slate has not read the move), and the screen's after the last render.
 */
interface SelectionKeeping {
  keyedFrom: { selection: BaseSelection } | null;
  rendered: ScreenSelection | null;
}

function screenSelection(): ScreenSelection | null {
  const screen = window.getSelection();
  return screen === null
    ? null
    : {
        anchorNode: screen.anchorNode,
        anchorOffset: screen.anchorOffset,
        focusNode: screen.focusNode,
        focusOffset: screen.focusOffset,
      };
}

function isSameScreenSelection(a: ScreenSelection, b: ScreenSelection): boolean {
  return (
    a.anchorNode === b.anchorNode &&
    a.anchorOffset === b.anchorOffset &&
    a.focusNode === b.focusNode &&
    a.focusOffset === b.focusOffset
  );
}

/**
 * Keeps a selection moved by a key (Shift+Arrow extends it natively) when the body renders before
 * the browser has told Slate of the move: a checker's answer, say, landing between the key and its
 * selectionchange event. Editable's layout effect would set the screen back to the selection Slate
 * last read and the keypress would be undone. Rendered just before Editable, so its layout effect
 * runs first: while Slate's selection is still the one the key found and the screen's has moved
 * since the last render, Slate takes the screen's.
 */
function KeepScreenSelection({ keepingRef }: { keepingRef: RefObject<SelectionKeeping> }) {
  const editor = useSlate();
  useLayoutEffect(() => {
    const { keyedFrom, rendered } = keepingRef.current;
    if (keyedFrom === null || rendered === null || editor.selection !== keyedFrom.selection) {
      return;
    }
    const screen = window.getSelection();
    const now = screenSelection();
    if (screen === null || now === null || isSameScreenSelection(now, rendered)) return;
    if (
      !ReactEditor.isFocused(editor) ||
      ReactEditor.isComposing(editor) ||
      screen.anchorNode === null ||
      screen.focusNode === null ||
      !ReactEditor.hasDOMNode(editor, screen.anchorNode, { editable: true }) ||
      !ReactEditor.hasDOMNode(editor, screen.focusNode, { editable: true })
    ) {
      return;
    }
    const range = ReactEditor.toSlateRange(editor, screen, {
      exactMatch: false,
      suppressThrow: true,
    });
    if (range !== null && (editor.selection === null || !Range.equals(range, editor.selection))) {
      Transforms.select(editor, range);
    }
  });
  return null;
}

/** Notes the screen's selection once Editable has rendered and set it (see KeepScreenSelection). */
function NoteScreenSelection({ keepingRef }: { keepingRef: RefObject<SelectionKeeping> }) {
  const editor = useSlate();
  useLayoutEffect(() => {
    const keeping = keepingRef.current;
    keeping.rendered = screenSelection();
    // Slate has read the move (or made another): nothing is left to keep.
    if (keeping.keyedFrom !== null && editor.selection !== keeping.keyedFrom.selection) {
      keeping.keyedFrom = null;
    }
  });
  return null;
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
  const checking = useChecking();
  const decorator = useMemo(
    () => (checking === null ? null : createFlagDecorator(editor, checking)),
    [checking, editor],
  );
  // Slate decorates every block again whenever `decorate` changes: it changes only when an answer
  // of the checker changed what some block shows, not on every answer.
  const [decorations, setDecorations] = useState(0);
  useEffect(() => {
    if (decorator === null || checking === null) return;
    return checking.checker.subscribe(() => {
      if (decorator.refresh()) setDecorations((count) => count + 1);
    });
  }, [checking, decorator]);
  useEffect(() => {
    if (decorator === null || checking === null) return;
    return checking.ignored.subscribe(() => {
      if (decorator.refresh()) setDecorations((count) => count + 1);
    });
  }, [checking, decorator]);
  const decorate = useMemo(
    () => (decorator === null ? undefined : (entry: NodeEntry) => decorator.decorate(entry)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new function is the signal
    [decorator, decorations],
  );
  const [menu, setMenu] = useState<{ flag: Flag; range: BaseRange; place: MenuPlace } | null>(null);
  const selectionKeepingRef = useRef<SelectionKeeping>({ keyedFrom: null, rendered: null });

  const openMenuAtSelection = useCallback((): boolean => {
    const selection = editor.selection;
    if (decorate === undefined || selection === null) return false;
    const found = flagAt(editor, decorate, selection.anchor);
    if (found === null) return false;
    let place: MenuPlace = { x: 0, y: 0 };
    try {
      const rect = ReactEditor.toDOMRange(editor, found.range).getBoundingClientRect();
      place = { x: rect.left, y: rect.bottom + 4 };
    } catch {
      // The range is off screen or not rendered yet: the menu opens at the top left instead.
    }
    setMenu({ ...found, place });
    return true;
  }, [decorate, editor]);

  const handleContextMenu = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      if (decorate === undefined) return;
      let found = null;
      try {
        const range = ReactEditor.findEventRange(editor, event);
        found = flagAt(editor, decorate, range.anchor);
      } catch {
        // Not over text: the browser's own menu.
      }
      if (found === null) return;
      event.preventDefault();
      Transforms.select(editor, found.range.anchor);
      setMenu({ ...found, place: { x: event.clientX, y: event.clientY } });
    },
    [decorate, editor],
  );

  const handleCloseMenu = useCallback(() => {
    setMenu(null);
    ReactEditor.focus(editor);
  }, [editor]);

  const handleReplace = useCallback(
    (text: string) => {
      if (menu === null) return;
      Transforms.insertText(editor, text, { at: menu.range });
      handleCloseMenu();
    },
    [editor, handleCloseMenu, menu],
  );

  const handleKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (NAVIGATION_KEYS.has(event.key)) {
        selectionKeepingRef.current.keyedFrom = { selection: editor.selection };
      }
      // The keyboard way to the suggestions of the flag at the caret: the menu key or Shift+F10.
      if (event.key === 'ContextMenu' || isHotkey('shift+f10', event)) {
        if (openMenuAtSelection()) event.preventDefault();
        return;
      }
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
    [editor, openMenuAtSelection],
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
        <KeepScreenSelection keepingRef={selectionKeepingRef} />
        <Editable
          className="story-body"
          aria-label="Story body"
          aria-multiline="true"
          role="textbox"
          // contenteditable=false alone leaves assistive technology calling the text box editable.
          aria-readonly={isReadOnly}
          readOnly={isReadOnly}
          renderElement={renderElement}
          renderLeaf={renderLeaf}
          renderChunk={renderChunk}
          onKeyDown={handleKeyDown}
          onDrop={handleDrop}
          onContextMenu={handleContextMenu}
          decorate={decorate}
          // The workstation checks spelling itself, offline; the browser's checker would
          // underline the same words a second time (and needs the network for its dictionaries).
          spellCheck={false}
          lang={language}
        />
        <NoteScreenSelection keepingRef={selectionKeepingRef} />
        {menu !== null && checking !== null && !isReadOnly ? (
          <FlagMenu
            flag={menu.flag}
            place={menu.place}
            checking={checking}
            onReplace={handleReplace}
            onClose={handleCloseMenu}
          />
        ) : null}
      </Slate>
    </FigureEditingContext.Provider>
  );
});
