import { type FormEvent, useId, useState } from 'react';
import {
  type BatchCaption,
  type BatchField,
  emptyBatchCaption,
  PHOTO_FIELD_LABELS,
  PHOTO_FIELD_NAMES,
  type PhotoFieldName,
} from '../../shared/media/library';
import { PHOTO_FIELD_LIMITS, type Photo } from '../../shared/media/photo';
import type { UserError } from '../../shared/result';
import { Alert } from '../app/Alert';
import { useModalDialog } from '../app/useModalDialog';
import { call } from '../api/client';
import { CreditPresets } from './CreditPresets';

/** Props of the `Caption selected` form. */
export interface BatchCaptionDialogProps {
  photoIds: readonly string[];
  creditPresets: readonly string[];
  onApplied(photos: Photo[]): void;
  onClose(): void;
}

/**
 * Captions many photos at once, as Photo Mechanic's stationery pad does: each field is ticked on or
 * off, and a ticked field is appended to what each photo has or replaces it. Typing in a field
 * ticks it.
 */
export function BatchCaptionDialog({
  photoIds,
  creditPresets,
  onApplied,
  onClose,
}: BatchCaptionDialogProps) {
  const modal = useModalDialog(onClose);
  const [batch, setBatch] = useState<BatchCaption>(emptyBatchCaption);
  const [error, setError] = useState<UserError | null>(null);
  const [isApplying, setIsApplying] = useState(false);
  const headingId = useId();
  const count = photoIds.length;
  const isAnyEnabled = PHOTO_FIELD_NAMES.some((name) => batch[name].enabled);

  function change(name: PhotoFieldName, patch: Partial<BatchField>) {
    setBatch((current) => ({ ...current, [name]: { ...current[name], ...patch } }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsApplying(true);
    const result = await call('media:captionMany', { ids: [...photoIds], batch });
    setIsApplying(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onApplied(result.value);
  }

  return (
    <dialog {...modal} className="photo-dialog batch-caption-dialog" aria-labelledby={headingId}>
      <form onSubmit={handleSubmit}>
        <h2 id={headingId}>
          Caption {count} selected {count === 1 ? 'photo' : 'photos'}
        </h2>
        <p className="field-help">
          Tick the fields to change. Append adds the text after what each photo already has; Replace
          puts it in place of it.
        </p>
        {PHOTO_FIELD_NAMES.map((name) => {
          const field = batch[name];
          const label = PHOTO_FIELD_LABELS[name];
          return (
            <fieldset key={name} className="batch-field" data-enabled={field.enabled}>
              <legend>{label}</legend>
              <label className="batch-field-toggle">
                <input
                  type="checkbox"
                  checked={field.enabled}
                  onChange={(event) => change(name, { enabled: event.target.checked })}
                />
                Change {label.toLowerCase()}
              </label>
              <div role="radiogroup" aria-label={`${label}: append or replace`}>
                {(['append', 'replace'] as const).map((mode) => (
                  <label key={mode}>
                    <input
                      type="radio"
                      name={`batch-${name}-mode`}
                      value={mode}
                      checked={field.mode === mode}
                      onChange={() => change(name, { mode, enabled: true })}
                    />
                    {mode === 'append' ? 'Append' : 'Replace'}
                  </label>
                ))}
              </div>
              <label className="batch-field-value">
                <span className="photo-field-label">{label}</span>
                {name === 'caption' || name === 'altText' ? (
                  <textarea
                    rows={3}
                    maxLength={PHOTO_FIELD_LIMITS[name]}
                    value={field.value}
                    onChange={(event) => change(name, { value: event.target.value, enabled: true })}
                  />
                ) : (
                  <input
                    type="text"
                    maxLength={PHOTO_FIELD_LIMITS[name]}
                    value={field.value}
                    onChange={(event) => change(name, { value: event.target.value, enabled: true })}
                  />
                )}
              </label>
              {name === 'credit' ? (
                <CreditPresets
                  presets={creditPresets}
                  current={field.value}
                  onChoose={(preset) => change('credit', { value: preset, enabled: true })}
                />
              ) : null}
            </fieldset>
          );
        })}
        {error === null ? null : <Alert message={error.message} details={error.details} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!isAnyEnabled || isApplying}>
            Apply to {count} {count === 1 ? 'photo' : 'photos'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
