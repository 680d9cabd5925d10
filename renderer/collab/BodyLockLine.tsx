import type { StoryLinkState } from './collabHub';
import { isBodyLocked } from './useStoryLink';
import './collab.css';

/** The line over a locked body saying why the newsroom does not take edits to it now. */
export function BodyLockLine({ state }: { state: StoryLinkState }) {
  if (!isBodyLocked(state)) return null;
  return (
    <p className="body-lock-line" role="note">
      <strong>Text locked.</strong>{' '}
      {state.rights?.why ?? 'You may not change the text of this story.'}
    </p>
  );
}
