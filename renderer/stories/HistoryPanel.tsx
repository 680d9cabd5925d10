import { useState, type FormEvent } from 'react';
import { fieldsOf } from '../../shared/story/story';
import { Alert } from '../app/Alert';
import type { VersionRow } from '../db/db';
import { StoryTrail } from '../workflow/StoryTrail';
import { CompareView, type CompareSide } from './CompareView';
import { useVersions } from './repository/hooks';
import { bodyOfState } from './storyBody';

const REASON_LABELS: Record<VersionRow['reason'], string> = {
  transition: 'Workflow step',
  autosave: 'While editing',
  manual: 'Saved by hand',
  restore: 'Restored',
};

const CURRENT = 'current';

// One formatter for the module: toLocaleString builds a new one per call, per row, per render.
const WHEN_FORMAT = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/** When a version was taken, as people read it. */
export function formatWhen(epochMs: number): string {
  return WHEN_FORMAT.format(epochMs);
}

/** A version's name in lists and comparisons. */
export function versionTitle(version: VersionRow): string {
  const label = version.label === '' ? REASON_LABELS[version.reason] : version.label;
  return `${label} (${formatWhen(version.createdAt)})`;
}

function sideOf(version: VersionRow): CompareSide {
  return {
    title: versionTitle(version),
    fields: fieldsOf(version.fields),
    body: bodyOfState(version.bodyState),
  };
}

/**
 * The story's history: `Save version` (with an optional label), every version with who took it,
 * when and why, `Compare` of any two (or one with the text as it is now), `Restore this version`,
 * and the workflow trail of transitions and notes.
 */
export function HistoryPanel({
  storyId,
  current,
  canRestore,
  onSaveVersion,
  onRestore,
}: {
  storyId: string;
  current: () => CompareSide;
  canRestore: boolean;
  onSaveVersion(label: string): Promise<void>;
  onRestore(version: VersionRow): Promise<void>;
}) {
  const versions = useVersions(storyId);
  const [label, setLabel] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [comparison, setComparison] = useState<{ before: CompareSide; after: CompareSide } | null>(
    null,
  );
  const [message, setMessage] = useState<string | null>(null);

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    await onSaveVersion(label);
    setLabel('');
  }

  function toggle(id: string) {
    setMessage(null);
    setSelected((previous) =>
      previous.includes(id)
        ? previous.filter((entry) => entry !== id)
        : [...previous, id].slice(-2),
    );
  }

  function handleCompare() {
    const chosen = (versions ?? []).filter((version) => selected.includes(version.id));
    if (selected.length !== 2) {
      setMessage('Choose two versions (or one and the current text) to compare.');
      return;
    }
    const ordered = [...chosen].sort((a, b) => a.createdAt - b.createdAt);
    const [older, newer] = ordered;
    if (older === undefined) return;
    setComparison({
      before: sideOf(older),
      after: newer === undefined ? current() : sideOf(newer),
    });
  }

  return (
    <section className="history" aria-label="History">
      <h2>History</h2>
      <form className="save-version" onSubmit={handleSave}>
        <label>
          Version label
          <input
            type="text"
            value={label}
            placeholder="Optional"
            onChange={(event) => setLabel(event.target.value)}
          />
        </label>
        <button type="submit">Save version</button>
      </form>
      <h3>Versions</h3>
      {versions === undefined ? (
        <p>Loading versions…</p>
      ) : (
        <ul className="version-list">
          <li>
            <label>
              <input
                type="checkbox"
                checked={selected.includes(CURRENT)}
                onChange={() => toggle(CURRENT)}
              />
              Current text
            </label>
          </li>
          {versions.map((version) => (
            <li key={version.id}>
              <label>
                <input
                  type="checkbox"
                  checked={selected.includes(version.id)}
                  onChange={() => toggle(version.id)}
                />
                {versionTitle(version)}
              </label>
              <span className="version-meta">
                {REASON_LABELS[version.reason]} ·{' '}
                {version.author === '' ? 'Unknown' : version.author} · {version.fields.wordCount}{' '}
                words
              </span>
              {canRestore ? (
                <button
                  type="button"
                  aria-label={`Restore this version: ${versionTitle(version)}`}
                  onClick={() => void onRestore(version)}
                >
                  Restore this version
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={handleCompare}>
        Compare
      </button>
      {message !== null ? <Alert message={message} /> : null}
      {comparison !== null ? (
        <CompareView
          before={comparison.before}
          after={comparison.after}
          onClose={() => setComparison(null)}
        />
      ) : null}
      <StoryTrail storyId={storyId} />
    </section>
  );
}
