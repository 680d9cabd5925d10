import type { Story } from '../../shared/story/story';
import { ownedEditRule } from '../../shared/workflow/ownership';
import { editRule, type EditRule } from '../../shared/workflow/permissions';
import { useSettings } from '../app/SettingsContext';
import { useStoryOwner } from '../newsroom/sync/localStories';

/**
 * What the current role may change on this story (`fields`, `body`, `photos`: the lead photo and
 * figures) and, when something is withheld, the line saying why. Signed in to a newsroom, the
 * story's owner narrows it as the server does: a reporter changes nothing of a colleague's story.
 * The story view makes the withheld parts read-only and the workflow bar offers no action.
 */
export function useEditPermission(story: Pick<Story, 'id' | 'state'>): EditRule {
  const { settings } = useSettings();
  const owner = useStoryOwner(story.id);
  if (owner === null || owner === undefined) return editRule(story.state, settings.role);
  return ownedEditRule(story.state, settings.role, owner.isMine, owner.ownerName);
}
