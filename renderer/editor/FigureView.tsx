import { createContext, useContext, type ReactNode } from 'react';
import { Transforms } from 'slate';
import { ReactEditor, useSlateStatic, type RenderElementProps } from 'slate-react';
import type { FigureElement } from '../../shared/story/body';
import { mediaUrl } from '../api/client';

/** Whether figures may be changed here (the photo desk may, even where the text is read-only). */
export const FigureEditingContext = createContext(false);

type FigureText = 'caption' | 'credit' | 'altText';

const FIGURE_FIELDS: Array<{ key: FigureText; label: string; shown: string }> = [
  { key: 'caption', label: 'Figure caption', shown: 'Caption' },
  { key: 'credit', label: 'Figure credit', shown: 'Credit' },
  { key: 'altText', label: 'Figure alt text', shown: 'Alt text' },
];

/**
 * A figure in the body: the photo, then its caption, credit and alt text for this story, editable
 * in place (each change is a body edit, saved and undoable like typing).
 */
export function FigureView({
  attributes,
  element,
  children,
}: {
  attributes: RenderElementProps['attributes'];
  element: FigureElement;
  children: ReactNode;
}) {
  const editor = useSlateStatic();
  const canEdit = useContext(FigureEditingContext);

  function handleChange(key: FigureText, value: string) {
    const path = ReactEditor.findPath(editor, element);
    Transforms.setNodes(editor, { [key]: value }, { at: path });
  }

  function handleRemove() {
    Transforms.removeNodes(editor, { at: ReactEditor.findPath(editor, element) });
  }

  return (
    <figure {...attributes} className="body-figure">
      <div contentEditable={false} className="body-figure-frame">
        <img src={mediaUrl(element.photoId, 'w640')} alt={element.altText} />
        <div className="body-figure-fields">
          {FIGURE_FIELDS.map(({ key, label, shown }) => (
            <label key={key}>
              <span aria-hidden="true">{shown}</span>
              <input
                type="text"
                aria-label={label}
                value={element[key]}
                readOnly={!canEdit}
                onChange={(event) => handleChange(key, event.target.value)}
              />
            </label>
          ))}
          {canEdit ? (
            <button type="button" onClick={handleRemove}>
              Remove figure
            </button>
          ) : null}
        </div>
      </div>
      {children}
    </figure>
  );
}
