import { Alert } from '../app/Alert';
import { dismissOutcome, useSyncOutcomes } from './sync/localStories';

/**
 * What the newsroom server made of this story's changes sent from here, when it refused them: one
 * alert each, with every reason and the values not accepted, until the person dismisses it.
 */
export function SyncOutcomes({ storyId }: { storyId: string }) {
  const outcomes = useSyncOutcomes(storyId);
  if (outcomes === undefined || outcomes.length === 0) return null;
  return (
    <>
      {outcomes.map((outcome) => (
        <Alert key={outcome.id} message={outcome.message} details={outcome.reasons}>
          <button type="button" onClick={() => void dismissOutcome(outcome.id)}>
            Dismiss
          </button>
        </Alert>
      ))}
    </>
  );
}
