import { portalContextSchema, type portalChannels } from '../../../shared/api/portal';
import { PHOTO_ID_PATTERN } from '../../../shared/media/photo';
import { ok } from '../../../shared/result';
import type { Role } from '../../../shared/settings/settings';
import type { NewsroomGateway } from '../../newsroom/gateway';
import type { Handlers } from '../../router';
import type { Publisher } from './publisher';

/**
 * The portal channels, served by the publisher. The role is this workstation's own setting, read
 * at each call: the renderer sends the story and the action, never who acts. Signed in to a
 * newsroom, the preview's context is the server's published site (the server publishes), and this
 * workstation's own site only while the server cannot be reached.
 */
export function portalHandlers(
  publisher: Publisher,
  role: () => Role,
  newsroom: Pick<NewsroomGateway, 'credentials' | 'call'>,
): Pick<Handlers, keyof typeof portalChannels> {
  return {
    'portal:publish': ({ story, action, input }) =>
      publisher.publish({ story, action, input, role: role() }),
    'portal:unpublish': ({ story, reason }) => publisher.unpublish({ story, reason, role: role() }),
    'portal:rebuild': () => publisher.rebuild(),
    'portal:context': async ({ storyId, photoIds }) => {
      if (newsroom.credentials() !== null) {
        // Ids that are no photo's (a figure whose photo was never imported) cannot be in any library.
        const answer = await newsroom.call('portal:context', {
          storyId,
          photoIds: photoIds.filter((id) => PHOTO_ID_PATTERN.test(id)),
        });
        const context = answer.ok ? portalContextSchema.safeParse(answer.value) : null;
        if (context?.success === true) return ok(context.data);
      }
      return publisher.context(storyId, photoIds);
    },
  };
}
