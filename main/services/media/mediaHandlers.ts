import type { mediaChannels } from '../../../shared/api/media';
import { fail, ok } from '../../../shared/result';
import type { NewsroomPhotos } from '../../newsroom/newsroomPhotos';
import type { Handlers } from '../../router';
import type { MediaLibrary } from './mediaLibrary';

/**
 * The router's handlers for the media channels, over one library. Imports and edits pass through
 * the newsroom's side of it (`newsroomPhotos`), which does nothing more while signed out.
 */
export function mediaHandlers(
  library: MediaLibrary,
  newsroomPhotos: NewsroomPhotos,
): Pick<Handlers, keyof typeof mediaChannels> {
  return {
    'media:import': async ({ fileName, file }) => {
      const outcome = await library.importFile(fileName, file);
      if (outcome.ok) await newsroomPhotos.imported(outcome.value);
      return outcome;
    },
    'media:list': async (query) => ok(await library.list(query)),
    'media:get': async ({ id }) => {
      const photo = await library.get(id);
      return photo === null
        ? fail('photo_not_found', 'That photo is not in the library (it may have been removed).')
        : ok(photo);
    },
    'media:update': ({ id, fields }) => newsroomPhotos.update(id, fields),
    'media:captionMany': ({ ids, batch }) => newsroomPhotos.captionMany(ids, batch),
    'media:use': async ({ id }) => {
      await newsroomPhotos.used(id);
      return ok(null);
    },
    'media:watch': async ({ after, waitMs }) =>
      ok({ revision: await newsroomPhotos.waitForRevision(after, waitMs) }),
  };
}
