import { type DragEvent, useDeferredValue, useId, useState } from 'react';
import { missingPublishFields, PHOTO_FIELD_LABELS } from '../../shared/media/library';
import type { Photo } from '../../shared/media/photo';
import { call, mediaUrl } from '../api/client';
import { useModalDialog } from '../app/useModalDialog';
import { ImportProgress } from './ImportProgress';
import { PhotoListing } from './PhotoListing';
import { PhotoSearchBar, type PhotoQuery } from './PhotoSearchBar';
import { usePhotoImports } from './usePhotoImports';
import { usePhotoLibrary } from './usePhotoLibrary';
import './photos.css';
import { ImportPhotosButton } from './ImportPhotosButton';

/** Photos the picker lists at most: the newest; searching reaches the rest. */
const PICKER_LIMIT = 120;

/** Props of the photo picker: `Choose lead photo` and `Insert photo` open it. */
export interface PhotoPickerDialogProps {
  /** The dialog's heading and accessible name, e.g. `Choose lead photo`. */
  title: string;
  onChoose(photo: Photo): void;
  onClose(): void;
}

/**
 * A modal dialog listing the library's photos, newest first, with thumbnails and captions; the
 * person searches, then chooses one. Photos not yet in the library can be imported (or dropped)
 * right here. Escape or `Cancel` closes it without choosing.
 */
export function PhotoPickerDialog({ title, onChoose, onClose }: PhotoPickerDialogProps) {
  const modal = useModalDialog(onClose);
  // The picker lists the newest first, always: what was just imported is what is wanted.
  const [query, setQuery] = useState<PhotoQuery>({ text: '', filter: 'all', sort: 'newest' });
  const deferredText = useDeferredValue(query.text);
  const library = usePhotoLibrary({
    text: deferredText,
    filter: query.filter,
    sort: query.sort,
    limit: PICKER_LIMIT,
  });
  const imports = usePhotoImports(library.reload);
  const headingId = useId();

  function handleChoose(photo: Photo) {
    // Signed in, main sends the photo to the newsroom now (imported before signing in, the
    // server may lack it); the answer is nothing to wait for.
    void call('media:use', { id: photo.id });
    onChoose(photo);
  }

  return (
    <dialog
      {...modal}
      className="photo-dialog photo-picker"
      aria-labelledby={headingId}
      onDragOver={(event: DragEvent<HTMLDialogElement>) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(event: DragEvent<HTMLDialogElement>) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        imports.importFiles([...event.dataTransfer.files]);
      }}
    >
      <div className="photo-picker-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      <div className="photo-picker-import">
        <ImportPhotosButton onFiles={imports.importFiles} />
        <span className="field-help">or drop photos here; new photos come first.</span>
      </div>
      <ImportProgress batches={imports.batches} onClear={imports.clear} />
      <PhotoSearchBar query={query} canSort={false} onChange={setQuery} />
      <PhotoListing
        library={library}
        emptyLibrary="The photo library is empty. Import photos above, or drop them here."
        noMatch="No photo matches this search."
      >
        {(photos) => (
          <ul className="photo-picker-list">
            {photos.map((photo) => (
              <li key={photo.id}>
                <button
                  type="button"
                  className="photo-picker-item"
                  onClick={() => handleChoose(photo)}
                >
                  <img src={mediaUrl(photo.id, 'thumb')} alt="" loading="lazy" decoding="async" />
                  <span className="photo-picker-caption">
                    {photo.caption === '' ? 'No caption yet' : photo.caption}
                  </span>
                  <span className="photo-picker-meta">
                    {[photo.credit, photo.fileName].filter(Boolean).join(' · ')}
                  </span>
                  {missingPublishFields(photo).length > 0 ? (
                    <span className="photo-missing">
                      Needs{' '}
                      {missingPublishFields(photo)
                        .map((name) => PHOTO_FIELD_LABELS[name].toLowerCase())
                        .join(', ')}
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </PhotoListing>
      {library.photos !== null && library.photos.length < library.matched ? (
        <p className="photo-count">
          Showing the newest {library.photos.length} of {library.matched}; search to find the
          others.
        </p>
      ) : null}
    </dialog>
  );
}
