import { useState, type FormEvent, type MouseEvent } from 'react';
import { Transforms, type BaseRange, type Editor } from 'slate';
import { ReactEditor, useSlateSelector, useSlateStatic } from 'slate-react';
import type { Mark } from '../../shared/story/body';
import { Alert } from '../app/Alert';
import {
  activeLink,
  currentBlockStyle,
  isMarkActive,
  removeLink,
  setLink,
  toggleBlockStyle,
  toggleList,
  toggleMark,
} from './commands';
import type { ListType, TextBlockStyle } from './schema';

const MARK_BUTTONS: Array<{ mark: Mark; label: string; shortcut: string; glyph: string }> = [
  { mark: 'bold', label: 'Bold', shortcut: 'Ctrl+B', glyph: 'B' },
  { mark: 'italic', label: 'Italic', shortcut: 'Ctrl+I', glyph: 'I' },
  { mark: 'underline', label: 'Underline', shortcut: 'Ctrl+U', glyph: 'U' },
  { mark: 'strikethrough', label: 'Strikethrough', shortcut: 'Ctrl+Shift+X', glyph: 'S' },
];

const BLOCK_BUTTONS: Array<{ style: TextBlockStyle; label: string; glyph: string }> = [
  { style: 'heading-2', label: 'Heading', glyph: 'H2' },
  { style: 'heading-3', label: 'Subheading', glyph: 'H3' },
  { style: 'block-quote', label: 'Quote', glyph: '❝' },
];

const LIST_BUTTONS: Array<{ listType: ListType; label: string; glyph: string }> = [
  { listType: 'bulleted-list', label: 'Bulleted list', glyph: '•' },
  { listType: 'numbered-list', label: 'Numbered list', glyph: '1.' },
];

/** What the toolbar shows of the selection: which marks, block style and link it is in. */
interface FormatState {
  marks: Record<Mark, boolean>;
  blockStyle: ReturnType<typeof currentBlockStyle>;
  isInLink: boolean;
}

function formatStateOf(editor: Editor): FormatState {
  return {
    marks: {
      bold: isMarkActive(editor, 'bold'),
      italic: isMarkActive(editor, 'italic'),
      underline: isMarkActive(editor, 'underline'),
      strikethrough: isMarkActive(editor, 'strikethrough'),
    },
    blockStyle: currentBlockStyle(editor),
    isInLink: activeLink(editor) !== undefined,
  };
}

function isSameFormat(a: FormatState | null, b: FormatState): boolean {
  return (
    a !== null &&
    a.blockStyle === b.blockStyle &&
    a.isInLink === b.isInLink &&
    MARK_BUTTONS.every(({ mark }) => a.marks[mark] === b.marks[mark])
  );
}

/**
 * Keeps the editor's selection when a toolbar button is pressed with the mouse, and brings it up to
 * date first: slate-react reads the DOM selection on a throttle, so a click right after selecting
 * with the keyboard would otherwise act on a selection a few characters short.
 */
function keepSelection(editor: Editor, event: MouseEvent) {
  event.preventDefault();
  const domSelection = window.getSelection();
  const anchor = domSelection?.anchorNode ?? null;
  if (
    domSelection === null ||
    anchor === null ||
    !ReactEditor.hasDOMNode(editor, anchor, { editable: true })
  ) {
    return;
  }
  const range = ReactEditor.toSlateRange(editor, domSelection, {
    exactMatch: false,
    suppressThrow: true,
  });
  if (range !== null) Transforms.select(editor, range);
}

/** The body's toolbar: marks, block styles, lists, link, undo and redo, and inserting a photo. */
export function Toolbar({
  isReadOnly,
  canInsertPhoto,
  onInsertPhoto,
}: {
  isReadOnly: boolean;
  canInsertPhoto: boolean;
  onInsertPhoto(): void;
}) {
  // Re-rendered only when what it shows changes, not on every keystroke.
  const editor = useSlateStatic();
  const { marks, blockStyle, isInLink } = useSlateSelector(formatStateOf, isSameFormat);
  const [linkForm, setLinkForm] = useState<{ selection: BaseRange; url: string } | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);

  function handleLinkButton() {
    if (editor.selection === null) return;
    const existing = activeLink(editor);
    setLinkError(null);
    setLinkForm({
      selection: editor.selection,
      url: existing !== undefined ? existing[0].url : '',
    });
  }

  function handleLinkSubmit(event: FormEvent) {
    event.preventDefault();
    if (linkForm === null) return;
    Transforms.select(editor, linkForm.selection);
    if (!setLink(editor, linkForm.url)) {
      setLinkError('A link must be a full http://, https:// or mailto: address.');
      return;
    }
    setLinkForm(null);
    ReactEditor.focus(editor);
  }

  function handleRemoveLink() {
    if (linkForm === null) return;
    Transforms.select(editor, linkForm.selection);
    removeLink(editor);
    setLinkForm(null);
    ReactEditor.focus(editor);
  }

  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
      {MARK_BUTTONS.map(({ mark, label, shortcut, glyph }) => (
        <button
          key={mark}
          type="button"
          aria-label={label}
          title={`${label} (${shortcut})`}
          aria-pressed={marks[mark]}
          disabled={isReadOnly}
          className={`toolbar-${mark}`}
          onMouseDown={(event) => keepSelection(editor, event)}
          onClick={() => toggleMark(editor, mark)}
        >
          {glyph}
        </button>
      ))}
      {BLOCK_BUTTONS.map(({ style, label, glyph }) => (
        <button
          key={style}
          type="button"
          aria-label={label}
          title={label}
          aria-pressed={blockStyle === style}
          disabled={isReadOnly}
          onMouseDown={(event) => keepSelection(editor, event)}
          onClick={() => toggleBlockStyle(editor, style)}
        >
          {glyph}
        </button>
      ))}
      {LIST_BUTTONS.map(({ listType, label, glyph }) => (
        <button
          key={listType}
          type="button"
          aria-label={label}
          title={label}
          aria-pressed={blockStyle === listType}
          disabled={isReadOnly}
          onMouseDown={(event) => keepSelection(editor, event)}
          onClick={() => toggleList(editor, listType)}
        >
          {glyph}
        </button>
      ))}
      <button
        type="button"
        aria-label="Link"
        title="Link"
        aria-pressed={isInLink}
        disabled={isReadOnly}
        onMouseDown={(event) => keepSelection(editor, event)}
        onClick={handleLinkButton}
      >
        Link
      </button>
      <button
        type="button"
        aria-label="Undo"
        title="Undo (Ctrl+Z)"
        disabled={isReadOnly}
        onMouseDown={(event) => keepSelection(editor, event)}
        onClick={() => editor.undo()}
      >
        ↶
      </button>
      <button
        type="button"
        aria-label="Redo"
        title="Redo (Ctrl+Shift+Z)"
        disabled={isReadOnly}
        onMouseDown={(event) => keepSelection(editor, event)}
        onClick={() => editor.redo()}
      >
        ↷
      </button>
      <button
        type="button"
        disabled={!canInsertPhoto}
        onMouseDown={(event) => keepSelection(editor, event)}
        onClick={onInsertPhoto}
      >
        Insert photo
      </button>
      {linkForm !== null ? (
        <form className="link-form" aria-label="Edit link" noValidate onSubmit={handleLinkSubmit}>
          <label>
            Link address
            <input
              type="url"
              autoFocus
              value={linkForm.url}
              placeholder="https://"
              onChange={(event) => setLinkForm({ ...linkForm, url: event.target.value })}
            />
          </label>
          <button type="submit">Apply link</button>
          {isInLink ? (
            <button type="button" onClick={handleRemoveLink}>
              Remove link
            </button>
          ) : null}
          <button type="button" onClick={() => setLinkForm(null)}>
            Cancel
          </button>
          {linkError !== null ? <Alert message={linkError} /> : null}
        </form>
      ) : null}
    </div>
  );
}
