import type { portalChannels } from '../../../shared/api/portal';
import type { Handlers } from '../../router';
import type { Publisher } from './publisher';

/** The portal channels, served by the publisher. */
export function portalHandlers(publisher: Publisher): Pick<Handlers, keyof typeof portalChannels> {
  return {
    'portal:publish': ({ story }) => publisher.publish(story),
    'portal:unpublish': ({ storyId, reason }) => publisher.unpublish(storyId, reason),
    'portal:rebuild': () => publisher.rebuild(),
    'portal:context': ({ storyId, photoIds }) => publisher.context(storyId, photoIds),
  };
}
