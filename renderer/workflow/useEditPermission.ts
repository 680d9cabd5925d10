import { useMemo } from 'react';
import type { Story } from '../../shared/story/story';
import { availableActions } from '../../shared/workflow/decide';
import { actsOnOthersStories, ownedEditRule } from '../../shared/workflow/ownership';
import { editRule, type EditRule } from '../../shared/workflow/permissions';
import type { WorkflowAction } from '../../shared/workflow/transitions';
import { useSettings } from '../app/SettingsContext';
import { useStoryOwner } from '../newsroom/sync/localStories';

/** What the current role may do on a story: change it (`rule`), and move it (`actions`). */
export interface StoryAccess {
  rule: EditRule;
  actions: WorkflowAction[];
}

/**
 * What the current role may change on this story (`fields`, `body`, `photos`: the lead photo and
 * figures), the line saying why when something is withheld, and the workflow actions it may take,
 * from one live read of the story's owner. Signed in to a newsroom, the owner narrows both as the
 * server does: a reporter changes nothing of a colleague's story and moves none (the server
 * refuses them, so none is offered). The story view reads it once and hands it to its workflow
 * bar; the same access while the state, role and owner stay (a memoised bar does not re-render).
 */
export function useStoryAccess(story: Pick<Story, 'id' | 'state'>): StoryAccess {
  const { role } = useSettings().settings;
  const owner = useStoryOwner(story.id);
  const { state } = story;
  return useMemo(() => {
    const isOthers = owner?.isMine === false && !actsOnOthersStories(role);
    return {
      rule:
        owner === null || owner === undefined
          ? editRule(state, role)
          : ownedEditRule(state, role, owner.isMine, owner.ownerName),
      actions: isOthers ? [] : availableActions(state, role),
    };
  }, [owner, role, state]);
}
