import { Alert } from '../app/Alert';
import { useHeldBody } from '../collab/useHeldBody';
import { useNewsroomConnection } from './connection';
import { isSignedIn } from './headerWord';
import { outboxAccountOf } from './sync/outboxEntries';
import {
  dismissOutcome,
  useSyncOutcomes,
  useWaitingChanges,
  type WaitingChanges,
} from './sync/localStories';
import './newsroom.css';

/** The line of a waiting note that stands for another account's unsent edits to the text. */
const HELD_TEXT_LINE =
  'Edits to the story text (kept on this computer; until they are sent, others here see the newsroom’s text, read-only)';

/** The waiting changes with the held text added to its account's note (a note of its own if none). */
function withHeldText(
  waiting: readonly WaitingChanges[],
  heldFor: string | null | undefined,
): WaitingChanges[] {
  if (heldFor === null || heldFor === undefined) return [...waiting];
  const hasNote = waiting.some((entry) => entry.login === heldFor);
  if (!hasNote) return [...waiting, { login: heldFor, lines: [HELD_TEXT_LINE] }];
  return waiting.map((entry) =>
    entry.login === heldFor ? { ...entry, lines: [...entry.lines, HELD_TEXT_LINE] } : entry,
  );
}

/**
 * What the newsroom server made of this story's changes sent from here, when it refused them: one
 * alert each, with every reason and the values not accepted, until the person dismisses it. Then
 * what waits here for another account of this workstation: one note per account, listing each
 * change (edits to the text included), until that account signs in again and sends them.
 */
export function SyncOutcomes({ storyId }: { storyId: string }) {
  const outcomes = useSyncOutcomes(storyId);
  const { status } = useNewsroomConnection();
  const account = isSignedIn(status) ? (outboxAccountOf(status)?.key ?? '') : '';
  const waiting = withHeldText(
    useWaitingChanges(storyId, account) ?? [],
    useHeldBody(storyId, account),
  );
  return (
    <>
      {(outcomes ?? []).map((outcome) => (
        <Alert key={outcome.id} message={outcome.message} details={outcome.reasons}>
          <button type="button" onClick={() => void dismissOutcome(outcome.id)}>
            Dismiss
          </button>
        </Alert>
      ))}
      {waiting.map(({ login, lines }) => (
        <div key={login} role="note" className="newsroom-waiting">
          <p>
            {login === ''
              ? 'Changes made here under an earlier sign-in wait to be sent until that account signs in again on this workstation:'
              : `Changes made here as ${login} wait to be sent until ${login} signs in again on this workstation (never under another account):`}
          </p>
          <ul>
            {lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
