import { Alert } from '../app/Alert';
import { useNewsroomConnection } from './connection';
import { isSignedIn } from './headerWord';
import { outboxAccountOf } from './sync/outboxEntries';
import { dismissOutcome, useSyncOutcomes, useWaitingChanges } from './sync/localStories';
import './newsroom.css';

/**
 * What the newsroom server made of this story's changes sent from here, when it refused them: one
 * alert each, with every reason and the values not accepted, until the person dismisses it. Then
 * what waits here for another account of this workstation: one note per account, listing each
 * change, until that account signs in again and sends them.
 */
export function SyncOutcomes({ storyId }: { storyId: string }) {
  const outcomes = useSyncOutcomes(storyId);
  const { status } = useNewsroomConnection();
  const account = isSignedIn(status) ? (outboxAccountOf(status)?.key ?? '') : '';
  const waiting = useWaitingChanges(storyId, account);
  return (
    <>
      {(outcomes ?? []).map((outcome) => (
        <Alert key={outcome.id} message={outcome.message} details={outcome.reasons}>
          <button type="button" onClick={() => void dismissOutcome(outcome.id)}>
            Dismiss
          </button>
        </Alert>
      ))}
      {(waiting ?? []).map(({ login, lines }) => (
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
