import { useSyncExternalStore } from 'react';
import type { StoryLink, StoryLinkState } from './collabHub';

/** A story body's newsroom state (connection, `Synced`, rights), live. */
export function useStoryLink(link: StoryLink): StoryLinkState {
  return useSyncExternalStore(link.subscribe, link.state);
}

/**
 * Whether the story's text may not be changed here now: the server said so, or the text shown is
 * the newsroom's while another account's unsent edits are held on this workstation.
 */
export function isBodyLocked(state: StoryLinkState): boolean {
  return state.heldFor !== null || state.rights?.canEdit === false;
}
