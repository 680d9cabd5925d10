import type { portalChannels } from '../../../shared/api/portal';
import type { Role } from '../../../shared/settings/settings';
import type { Handlers } from '../../router';
import type { Publisher } from './publisher';

/**
 * The portal channels, served by the publisher. The role is this workstation's own setting, read
 * at each call: the renderer sends the story and the action, never who acts.
 */
export function portalHandlers(
  publisher: Publisher,
  role: () => Role,
): Pick<Handlers, keyof typeof portalChannels> {
  return {
    'portal:publish': ({ story, action, input }) =>
      publisher.publish({ story, action, input, role: role() }),
    'portal:unpublish': ({ story, reason }) => publisher.unpublish({ story, reason, role: role() }),
    'portal:rebuild': () => publisher.rebuild(),
    'portal:context': ({ storyId, photoIds }) => publisher.context(storyId, photoIds),
  };
}
