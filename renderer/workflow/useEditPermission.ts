import type { Story } from '../../shared/story/story';
import { editRule, type EditRule } from '../../shared/workflow/permissions';
import { useSettings } from '../app/SettingsContext';

/**
 * What the current role may change on this story (`fields`, `body`, `photos`: the lead photo and
 * figures) and, when something is withheld, the line saying why. The story view makes the withheld
 * parts read-only.
 */
export function useEditPermission(story: Pick<Story, 'state'>): EditRule {
  const { settings } = useSettings();
  return editRule(story.state, settings.role);
}
