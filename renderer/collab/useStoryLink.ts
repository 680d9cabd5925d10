import { useSyncExternalStore } from 'react';
import type { StoryLink, StoryLinkState } from './collabHub';

/** A story body's newsroom state (connection, `Synced`, rights), live. */
export function useStoryLink(link: StoryLink): StoryLinkState {
  return useSyncExternalStore(link.subscribe, link.state);
}

/** Whether the server has said this workstation may not change the story's text now. */
export function isBodyLocked(state: StoryLinkState): boolean {
  return state.rights?.canEdit === false;
}
