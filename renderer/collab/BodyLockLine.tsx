import type { StoryLinkState } from './collabHub';
import { isBodyLocked } from './useStoryLink';
import './collab.css';

/** Why a held text is locked, and what becomes of the edits it holds. */
function heldLine(login: string): string {
  return `Edits to this text made on this computer as ${login} are not on the newsroom server yet: they are kept here and sent when ${login} signs in again. Until then you see the newsroom’s text, read-only.`;
}

/**
 * The line over a locked body saying why the newsroom does not take edits to it now, or whose
 * unsent edits to it this workstation keeps.
 */
export function BodyLockLine({ state }: { state: StoryLinkState }) {
  if (!isBodyLocked(state)) return null;
  if (state.heldFor !== null)
    return (
      <p className="body-lock-line" role="note">
        <strong>Text locked.</strong> {heldLine(state.heldFor)}
      </p>
    );
  return (
    <p className="body-lock-line" role="note">
      <strong>Text locked.</strong>{' '}
      {state.rights?.why ?? 'You may not change the text of this story.'}
    </p>
  );
}
