import {
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
  memo,
} from 'react';
import type { UserError } from '../../shared/result';
import { ROLE_LABELS } from '../../shared/settings/settings';
import { STATE_LABELS, type Story } from '../../shared/story/story';
import type { TransitionInput } from '../../shared/workflow/decide';
import { fromDateTimeLocal, scheduleLabel, toDateTimeLocal } from '../../shared/workflow/schedule';
import { TRANSITIONS, type WorkflowAction } from '../../shared/workflow/transitions';
import { Alert } from '../app/Alert';
import { SyncOutcomes } from '../newsroom/SyncOutcomes';
import { useSettings } from '../app/SettingsContext';
import { useLastReturn } from '../stories/repository/hooks';
import { releaseProblem, subscribeReleaseProblems } from './scheduler';
import { applyTransition } from './transition';
import type { StoryAccess } from './useEditPermission';
import { useNow } from './useNow';
import './workflow.css';

/** The actions that ask for something first, and what: the dialog's field and its confirm button. */
const DIALOGS = {
  return: { field: 'Note for the reporter', kind: 'text', confirm: 'Return with note' },
  schedule: { field: 'Publish at', kind: 'datetime', confirm: 'Confirm schedule' },
  publishCorrection: { field: 'Correction note', kind: 'text', confirm: 'Publish the correction' },
  unpublish: { field: 'Reason', kind: 'text', confirm: 'Unpublish the story' },
} as const satisfies Partial<
  Record<WorkflowAction, { field: string; kind: 'text' | 'datetime'; confirm: string }>
>;
type DialogAction = keyof typeof DIALOGS;

function isDialogAction(action: WorkflowAction): action is DialogAction {
  return Object.hasOwn(DIALOGS, action);
}

function inputFor(action: DialogAction, value: string, timeZone: string): TransitionInput {
  switch (action) {
    case 'return':
      return { note: value };
    case 'schedule': {
      const at = fromDateTimeLocal(value, timeZone);
      return at === null ? {} : { scheduledAt: at };
    }
    case 'publishCorrection':
      return { correctionNote: value };
    case 'unpublish':
      return { reason: value };
  }
}

/** What the chosen time means, said the way the story will show it once scheduled. */
function SchedulePreview({ value, timeZone }: { value: string; timeZone: string }) {
  const { settings } = useSettings();
  const now = useNow(30_000);
  const at = fromDateTimeLocal(value, timeZone);
  if (at === null) return null;
  return <p className="field-help">This story {scheduleLabel(at, now, settings.portalProfile)}.</p>;
}

interface ActionDialogProps {
  action: DialogAction;
  timeZone: string;
  timeZoneLabel: string;
  isBusy: boolean;
  error: UserError | null;
  onConfirm(input: TransitionInput): void;
  onCancel(): void;
}

function ActionDialog({
  action,
  timeZone,
  timeZoneLabel,
  isBusy,
  error,
  onConfirm,
  onCancel,
}: ActionDialogProps) {
  const spec = DIALOGS[action];
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fieldId = useId();
  const [value, setValue] = useState(() =>
    spec.kind === 'datetime' ? toDateTimeLocal(Date.now() + 3_600_000, timeZone) : '',
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    onConfirm(inputFor(action, value, timeZone));
  }

  return (
    <dialog
      ref={dialogRef}
      className="workflow-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={handleSubmit}>
        <h2 id={titleId}>{TRANSITIONS[action].label}</h2>
        <label htmlFor={fieldId}>
          {spec.field}
          {spec.kind === 'datetime' && <span className="field-help"> ({timeZoneLabel})</span>}
        </label>
        {spec.kind === 'datetime' ? (
          <input
            id={fieldId}
            type="datetime-local"
            value={value}
            required
            onChange={(event) => setValue(event.target.value)}
          />
        ) : (
          <textarea
            id={fieldId}
            value={value}
            rows={4}
            maxLength={2000}
            onChange={(event) => setValue(event.target.value)}
          />
        )}
        {spec.kind === 'datetime' && <SchedulePreview value={value} timeZone={timeZone} />}
        {error !== null && <Alert message={error.message} details={error.details} />}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={isBusy}>
            {spec.confirm}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function ReturnNote({ storyId }: { storyId: string }) {
  const returned = useLastReturn(storyId);
  if (returned === undefined || returned === null) return null;
  return (
    <div className="workflow-returned" role="note" aria-label="Returned by the desk">
      <p className="workflow-returned-title">Returned by {returned.actor}. What to fix:</p>
      <p className="workflow-returned-note">{returned.note}</p>
    </div>
  );
}

function useReleaseProblem(storyId: string): string[] | null {
  return useSyncExternalStore(subscribeReleaseProblems, () => releaseProblem(storyId));
}

/**
 * The workflow bar of a story: its state, the actions the current role may take on it (and only those),
 * the dialogs that ask for a note, reason, correction or time, every reason a refused action gives,
 * the editor's note on a returned story, and a line saying why the story is read-only, if it is.
 * `access` is the story view's own read of what the role may do (useStoryAccess), not read again.
 */
function WorkflowBarView({ story, access }: { story: Story; access: StoryAccess }) {
  const { settings } = useSettings();
  const profile = settings.portalProfile;
  const now = useNow(30_000);
  const [openDialog, setOpenDialog] = useState<DialogAction | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const releaseProblems = useReleaseProblem(story.id);
  const { rule, actions } = access;

  async function run(action: WorkflowAction, input: TransitionInput) {
    setIsBusy(true);
    setError(null);
    const result = await applyTransition({
      storyId: story.id,
      action,
      input,
      actor: { name: settings.userName, role: settings.role },
      profile,
    });
    setIsBusy(false);
    if (result.ok) setOpenDialog(null);
    else setError(result.error);
  }

  function handleAction(action: WorkflowAction) {
    setError(null);
    if (isDialogAction(action)) setOpenDialog(action);
    else void run(action, {});
  }

  return (
    <section className="workflow-bar" aria-label="Workflow">
      <div className="workflow-row">
        <p className="workflow-state">
          <span className={`state-badge state-${story.state}`}>{STATE_LABELS[story.state]}</span>
          {story.state === 'scheduled' && story.scheduledAt !== null && (
            <span className="workflow-schedule">
              {scheduleLabel(story.scheduledAt, now, profile)}
            </span>
          )}
        </p>
        {actions.length > 0 && (
          <div className="workflow-actions" role="group" aria-label="Workflow actions">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={action === 'publish' ? 'button-primary' : undefined}
                disabled={isBusy}
                onClick={() => handleAction(action)}
              >
                {TRANSITIONS[action].label}
              </button>
            ))}
          </div>
        )}
      </div>
      {rule.why !== null && (
        <p className="workflow-readonly">
          {rule.why} (You work as {ROLE_LABELS[settings.role].toLowerCase()}.)
        </p>
      )}
      {story.state === 'published' && rule.body && (
        <p className="workflow-info">Changes go live when you publish a correction.</p>
      )}
      {story.state === 'returned' && <ReturnNote storyId={story.id} />}
      {story.state === 'scheduled' && releaseProblems !== null && (
        <Alert
          message="The scheduled publication did not go out; it will be retried."
          details={releaseProblems}
        />
      )}
      {error !== null && openDialog === null && (
        <Alert message={error.message} details={error.details} />
      )}
      <SyncOutcomes storyId={story.id} />
      {openDialog !== null && (
        <ActionDialog
          action={openDialog}
          timeZone={profile.timeZone}
          timeZoneLabel={profile.timeZoneLabel}
          isBusy={isBusy}
          error={error}
          onConfirm={(input) => void run(openDialog, input)}
          onCancel={() => {
            setOpenDialog(null);
            setError(null);
          }}
        />
      )}
    </section>
  );
}

/** Memoised: body edits re-render the story view, and these props do not change with them. */
export const WorkflowBar = memo(WorkflowBarView);
