import { memo, useEffect, useId, useRef, useState } from 'react';
import {
  missingPublishFields,
  PHOTO_FIELD_LABELS,
  PHOTO_FIELD_NAMES,
  photoFieldsOf,
  samePhotoFields,
  type PhotoFieldName,
} from '../../shared/media/library';
import { PHOTO_FIELD_LIMITS, type Photo, type PhotoFields } from '../../shared/media/photo';
import { Alert } from '../app/Alert';
import { call, mediaUrl } from '../api/client';
import { CreditPresets } from './CreditPresets';

/** How long typing may pause before the fields are saved (a blur saves at once). */
const SAVE_DELAY_MS = 600;

type SaveState =
  { kind: 'saved' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'failed'; message: string };

const FORMAT_LABELS: Record<Photo['mimeType'], string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

function describePhoto(photo: Photo): string {
  const parts = [`${photo.width} × ${photo.height}`, FORMAT_LABELS[photo.mimeType]];
  if (photo.takenAt !== null) {
    parts.push(
      `taken ${new Date(photo.takenAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`,
    );
  }
  const place = [photo.city, photo.country].filter(Boolean).join(', ');
  if (place !== '') parts.push(place);
  return parts.join(' · ');
}

const SAVE_STATE_TEXT: Record<Exclude<SaveState['kind'], 'failed'>, string> = {
  saved: 'Saved',
  dirty: 'Unsaved changes',
  saving: 'Saving…',
};

/** Props of one photo in the library grid. */
export interface PhotoCardProps {
  photo: Photo;
  creditPresets: readonly string[];
  isSelected: boolean;
  /** `isRange`: Shift was held, so every photo since the last one clicked follows this one. */
  onSelectedChange(photoId: string, isSelected: boolean, isRange: boolean): void;
  /** Called with the library's copy after every save. */
  onSaved(photo: Photo): void;
}

/**
 * One photo of the library: thumbnail, facts, and its five fields, saved to the library as the
 * desk types (after a short pause, or at once when a field loses focus), with a visible save state.
 * Memoized: a re-list that keeps this photo's object (see keepUnchanged) does not render it again.
 */
export const PhotoCard = memo(function PhotoCard({
  photo,
  creditPresets,
  isSelected,
  onSelectedChange,
  onSaved,
}: PhotoCardProps) {
  const [draft, setDraft] = useState<PhotoFields>(() => photoFieldsOf(photo));
  const [basis, setBasis] = useState(photo);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  const timer = useRef<number | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const latestDraft = useRef(draft);
  const headingId = useId();

  // A photo changed elsewhere (a batch caption) replaces the fields unless the desk is mid-edit.
  if (basis !== photo) {
    setBasis(photo);
    if (samePhotoFields(draft, photoFieldsOf(basis))) setDraft(photoFieldsOf(photo));
  }

  useEffect(() => {
    latestDraft.current = draft;
  }, [draft]);

  const photoId = photo.id;
  useEffect(
    () => () => {
      if (timer.current === null) return;
      window.clearTimeout(timer.current);
      // The card is leaving (another view, another filter) mid-pause: save the edit now.
      void call('media:update', { id: photoId, fields: latestDraft.current });
    },
    [photoId],
  );

  useEffect(() => {
    // A reload or a closed tab unmounts nothing: send a pending edit as the page goes.
    function handlePageHide() {
      if (timer.current === null) return;
      window.clearTimeout(timer.current);
      timer.current = null;
      void call('media:update', { id: photoId, fields: latestDraft.current });
    }
    window.addEventListener('pagehide', handlePageHide);
    return () => window.removeEventListener('pagehide', handlePageHide);
  }, [photoId]);

  function save() {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    // Saves run one after another so an older save can never land after a newer one.
    queue.current = queue.current.then(async () => {
      const fields = latestDraft.current;
      setSaveState({ kind: 'saving' });
      const result = await call('media:update', { id: photo.id, fields });
      if (!result.ok) {
        setSaveState({ kind: 'failed', message: result.error.message });
        return;
      }
      onSaved(result.value);
      setSaveState(
        samePhotoFields(latestDraft.current, fields) ? { kind: 'saved' } : { kind: 'dirty' },
      );
    });
  }

  function handleChange(name: PhotoFieldName, value: string) {
    const next = { ...latestDraft.current, [name]: value };
    latestDraft.current = next;
    setDraft(next);
    setSaveState({ kind: 'dirty' });
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(save, SAVE_DELAY_MS);
  }

  function handleBlur() {
    if (timer.current !== null) save();
  }

  function handlePreset(preset: string) {
    handleChange('credit', preset);
    save();
  }

  const missing = missingPublishFields(draft);
  const thumb = photo.renditions.find((rendition) => rendition.name === 'thumb');

  return (
    <article className="photo-card" aria-labelledby={headingId} data-selected={isSelected}>
      <div className="photo-card-image">
        <img
          src={mediaUrl(photo.id, 'thumb')}
          alt={photo.altText}
          loading="lazy"
          decoding="async"
          width={thumb?.width}
          height={thumb?.height}
        />
      </div>
      <div className="photo-card-body">
        <div className="photo-card-head">
          <input
            type="checkbox"
            aria-label={`Select ${photo.fileName}`}
            checked={isSelected}
            onChange={(event) => {
              // React fires a checkbox's change from its click, so Shift is readable here.
              const { nativeEvent } = event;
              const isRange = nativeEvent instanceof MouseEvent && nativeEvent.shiftKey;
              onSelectedChange(photo.id, event.target.checked, isRange);
            }}
          />
          <h2 id={headingId} className="photo-card-title">
            {photo.fileName}
          </h2>
        </div>
        <p className="photo-card-facts">{describePhoto(photo)}</p>
        {PHOTO_FIELD_NAMES.map((name) => (
          <div key={name} className={`photo-field photo-field-${name}`}>
            <label>
              <span className="photo-field-label">{PHOTO_FIELD_LABELS[name]}</span>
              {name === 'caption' || name === 'altText' ? (
                <textarea
                  rows={name === 'caption' ? 3 : 2}
                  maxLength={PHOTO_FIELD_LIMITS[name]}
                  value={draft[name]}
                  onChange={(event) => handleChange(name, event.target.value)}
                  onBlur={handleBlur}
                />
              ) : (
                <input
                  type="text"
                  maxLength={PHOTO_FIELD_LIMITS[name]}
                  value={draft[name]}
                  onChange={(event) => handleChange(name, event.target.value)}
                  onBlur={handleBlur}
                />
              )}
            </label>
            {name === 'credit' ? (
              <CreditPresets
                presets={creditPresets}
                current={draft.credit}
                onChoose={handlePreset}
              />
            ) : null}
          </div>
        ))}
        <div className="photo-card-foot">
          {missing.length > 0 ? (
            <p className="photo-missing">
              Needs {missing.map((name) => PHOTO_FIELD_LABELS[name].toLowerCase()).join(', ')}{' '}
              before publishing
            </p>
          ) : (
            <p className="photo-ready">Ready to publish</p>
          )}
          {saveState.kind === 'failed' ? (
            <Alert message={saveState.message}>
              <button type="button" onClick={save}>
                Try saving again
              </button>
            </Alert>
          ) : (
            <p role="status" className={`save-state save-state-${saveState.kind}`}>
              {SAVE_STATE_TEXT[saveState.kind]}
            </p>
          )}
        </div>
      </div>
    </article>
  );
});
