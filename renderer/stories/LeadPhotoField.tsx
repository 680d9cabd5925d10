import type { PhotoRef } from '../../shared/story/story';
import { mediaUrl } from '../api/client';

const REF_FIELDS: Array<{ key: Exclude<keyof PhotoRef, 'photoId'>; label: string }> = [
  { key: 'caption', label: 'Lead photo caption' },
  { key: 'credit', label: 'Lead photo credit' },
  { key: 'altText', label: 'Lead photo alt text' },
];

/**
 * The story's lead photo: the photo with its caption, credit and alt text for this story (starting
 * from the library's), `Choose lead photo` to pick or replace it, `Remove lead photo`.
 */
export function LeadPhotoField({
  leadPhoto,
  canEdit,
  onChoose,
  onChange,
}: {
  leadPhoto: PhotoRef | null;
  canEdit: boolean;
  onChoose(): void;
  onChange(leadPhoto: PhotoRef | null): void;
}) {
  return (
    <fieldset className="lead-photo">
      <legend>Lead photo</legend>
      {leadPhoto === null ? (
        <p className="lead-photo-empty">No lead photo.</p>
      ) : (
        <div className="lead-photo-body">
          <img src={mediaUrl(leadPhoto.photoId, 'thumb')} alt={leadPhoto.altText} />
          <div className="lead-photo-fields">
            {REF_FIELDS.map(({ key, label }) => (
              <label key={key}>
                {label.replace('Lead photo ', '').replace(/^./, (first) => first.toUpperCase())}
                <input
                  type="text"
                  aria-label={label}
                  value={leadPhoto[key]}
                  readOnly={!canEdit}
                  onChange={(event) => onChange({ ...leadPhoto, [key]: event.target.value })}
                />
              </label>
            ))}
          </div>
        </div>
      )}
      {canEdit ? (
        <div className="lead-photo-actions">
          <button type="button" onClick={onChoose}>
            Choose lead photo
          </button>
          {leadPhoto !== null ? (
            <button type="button" onClick={() => onChange(null)}>
              Remove lead photo
            </button>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
