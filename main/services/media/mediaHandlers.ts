import type { mediaChannels } from '../../../shared/api/media';
import { fail, ok } from '../../../shared/result';
import type { Handlers } from '../../router';
import type { MediaLibrary } from './mediaLibrary';

/** The router's handlers for the media channels, over one library. */
export function mediaHandlers(library: MediaLibrary): Pick<Handlers, keyof typeof mediaChannels> {
  return {
    'media:import': ({ fileName, file }) => library.importFile(fileName, file),
    'media:list': async (query) => ok(await library.list(query)),
    'media:get': async ({ id }) => {
      const photo = await library.get(id);
      return photo === null
        ? fail('photo_not_found', 'That photo is not in the library (it may have been removed).')
        : ok(photo);
    },
    'media:update': ({ id, fields }) => library.update(id, fields),
    'media:captionMany': ({ ids, batch }) => library.captionMany(ids, batch),
  };
}
