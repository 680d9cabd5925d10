import {
  type DragEvent,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { Photo } from '../../shared/media/photo';
import { PhotoListing } from './PhotoListing';
import { useSettings } from '../app/SettingsContext';
import { BatchCaptionDialog } from './BatchCaptionDialog';
import { ImportProgress } from './ImportProgress';
import { PhotoCard } from './PhotoCard';
import { PhotoSearchBar, type PhotoQuery } from './PhotoSearchBar';
import { usePhotoImports } from './usePhotoImports';
import { usePhotoLibrary } from './usePhotoLibrary';
import './photos.css';
import { ImportPhotosButton } from './ImportPhotosButton';

/** The listing while the library loads: one array, so effects on it do not run every render. */
const NO_PHOTOS: Photo[] = [];

/** Photos rendered at first; more on request, so a big library stays quick to open. */
const PAGE_SIZE = 48;

function hasFiles(event: DragEvent<HTMLElement>): boolean {
  return event.dataTransfer.types.includes('Files');
}

/**
 * The photo desk's library (`#/photos`): import by file chooser or drop, progress and a message per
 * file, search and filters, each photo's five fields, and `Caption selected` for many at once
 * (Shift-click selects a run of photos, as in Photo Mechanic's contact sheet).
 */
export function PhotosView() {
  const { settings } = useSettings();
  const creditPresets = settings.portalProfile.creditPresets;
  const [query, setQuery] = useState<PhotoQuery>({
    text: '',
    filter: 'all',
    sort: 'uncaptionedFirst',
  });
  const deferredText = useDeferredValue(query.text);
  const [shownCount, setShownCount] = useState(PAGE_SIZE);
  const library = usePhotoLibrary({
    text: deferredText,
    filter: query.filter,
    sort: query.sort,
    limit: shownCount,
  });
  const { reload, replacePhotos } = library;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** The photo last ticked or unticked: where a Shift-click's run starts. */
  const selectionAnchor = useRef<string | null>(null);
  const [isBatchOpen, setIsBatchOpen] = useState(false);
  const [batchMessage, setBatchMessage] = useState('');
  const [isDragging, setIsDragging] = useState(false);
  const headingId = useId();

  const imports = usePhotoImports(reload);
  const shown = library.photos ?? NO_PHOTOS;

  function handleDragOver(event: DragEvent<HTMLElement>) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setIsDragging(true);
  }

  function handleDrop(event: DragEvent<HTMLElement>) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setIsDragging(false);
    imports.importFiles([...event.dataTransfer.files]);
  }

  // The cards are memoized, so their handler stays one function: it reads the listing as it is
  // when a box is clicked, not as it was when the card last rendered.
  const shownNow = useRef(shown);
  useEffect(() => {
    shownNow.current = shown;
  }, [shown]);
  const handleSelectedChange = useCallback(
    (photoId: string, isSelected: boolean, isRange: boolean) => {
      const listed = shownNow.current;
      const index = listed.findIndex((photo) => photo.id === photoId);
      const anchorIndex = listed.findIndex((photo) => photo.id === selectionAnchor.current);
      const range =
        isRange && anchorIndex !== -1 && index !== -1
          ? listed.slice(Math.min(anchorIndex, index), Math.max(anchorIndex, index) + 1)
          : listed.filter((photo) => photo.id === photoId);
      setSelected((current) => {
        const next = new Set(current);
        for (const photo of range) {
          if (isSelected) next.add(photo.id);
          else next.delete(photo.id);
        }
        return next;
      });
      selectionAnchor.current = photoId;
    },
    [],
  );

  const handleSaved = useCallback((photo: Photo) => replacePhotos([photo]), [replacePhotos]);

  function handleBatchApplied(photos: Photo[]) {
    replacePhotos(photos);
    setIsBatchOpen(false);
    setBatchMessage(`Captioned ${photos.length} ${photos.length === 1 ? 'photo' : 'photos'}.`);
    reload();
  }

  const selectedIds = [...selected];

  return (
    <section
      className="photos-view"
      aria-labelledby={headingId}
      data-dragging={isDragging}
      onDragOver={handleDragOver}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setIsDragging(false);
      }}
      onDrop={handleDrop}
    >
      <div className="photos-head">
        <h1 id={headingId}>Photos</h1>
        <ImportPhotosButton onFiles={imports.importFiles} />
        <p className="field-help">
          JPEG, PNG or WebP, as many as you like. You can also drop files anywhere on this page.
          Captions, credits and photographers embedded by the camera or Photo Mechanic (IPTC, XMP)
          fill the fields.
        </p>
      </div>

      <ImportProgress batches={imports.batches} onClear={imports.clear} />

      <PhotoSearchBar query={query} canSort onChange={setQuery}>
        <div className="photo-selection">
          <span>
            {selected.size === 0
              ? 'No photos selected'
              : `${selected.size} ${selected.size === 1 ? 'photo' : 'photos'} selected`}
          </span>
          <button
            type="button"
            className="primary"
            disabled={selected.size === 0}
            onClick={() => {
              setBatchMessage('');
              setIsBatchOpen(true);
            }}
          >
            Caption selected
          </button>
          <button
            type="button"
            disabled={shown.length === 0}
            onClick={() => setSelected(new Set(shown.map((photo) => photo.id)))}
          >
            Select all shown
          </button>
          <button
            type="button"
            disabled={selected.size === 0}
            onClick={() => setSelected(new Set())}
          >
            Clear selection
          </button>
        </div>
      </PhotoSearchBar>

      {batchMessage === '' ? null : (
        <p role="status" className="message message-ok">
          {batchMessage}
        </p>
      )}
      <PhotoListing
        library={library}
        emptyLibrary="The photo library is empty. Import photos, or drop them here."
        noMatch="No photo matches this search and filter."
      >
        {(photos) => (
          <>
            <p className="photo-count">
              Showing {photos.length} of {library.matched}
              {library.matched === library.total ? '' : ` (${library.total} in the library)`}
            </p>
            <div className="photo-grid">
              {photos.map((photo) => (
                <PhotoCard
                  key={photo.id}
                  photo={photo}
                  creditPresets={creditPresets}
                  isSelected={selected.has(photo.id)}
                  onSelectedChange={handleSelectedChange}
                  onSaved={handleSaved}
                />
              ))}
            </div>
            {photos.length < library.matched ? (
              <button type="button" onClick={() => setShownCount((count) => count + PAGE_SIZE)}>
                Show more photos
              </button>
            ) : null}
          </>
        )}
      </PhotoListing>

      {isBatchOpen ? (
        <BatchCaptionDialog
          photoIds={selectedIds}
          creditPresets={creditPresets}
          onApplied={handleBatchApplied}
          onClose={() => setIsBatchOpen(false)}
        />
      ) : null}
    </section>
  );
}
