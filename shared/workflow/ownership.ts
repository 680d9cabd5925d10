import type { Role } from '../settings/settings';
import type { StoryState } from '../story/story';
import { editRule, type EditRule } from './permissions';

/**
 * Who may act on whose story (NEWSROOM.md, Ownership): a story belongs to the account that created
 * it. A reporter edits and moves only their own stories; editors act on any story and may reassign
 * one; the photo desk works on the photos and figures of any story. Signed in, the workstation and
 * the server both read this beside the role × state tables.
 */
export function actsOnOthersStories(role: Role): boolean {
  return role !== 'reporter';
}

/** Whether this role may give a story to another account. */
export function mayReassign(role: Role): boolean {
  return role === 'editor';
}

/** Whether this role may create stories (the photo desk attaches photos to others' stories). */
export function mayCreateStories(role: Role): boolean {
  return role === 'reporter' || role === 'editor';
}

/** The line shown above someone else's story that a reporter may read but not change. */
export function notYourStoryLine(ownerName: string): string {
  return `This story belongs to ${ownerName}: you can read it but not change it.`;
}

/**
 * The edit table's cell for this state and role, narrowed by ownership: on someone else's story a
 * reporter may change nothing.
 */
export function ownedEditRule(
  state: StoryState,
  role: Role,
  isOwner: boolean,
  ownerName: string,
): EditRule {
  if (isOwner || actsOnOthersStories(role)) return editRule(state, role);
  return { fields: false, body: false, photos: false, why: notYourStoryLine(ownerName) };
}

/**
 * Whether this role may change the newsroom library's photo records (caption, credit,
 * photographer, copyright, alt text): the photo desk's job, and editors'. Anyone signed in may
 * import a photo.
 */
export function mayEditPhotoRecords(role: Role): boolean {
  return role === 'photo_desk' || role === 'editor';
}
