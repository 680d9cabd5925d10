import { useEffect, useState } from 'react';
import type { PortalContext } from '../../shared/api/portal';
import { call } from '../api/client';

/** The published site as the preview needs it, or why it could not be read. */
export type PortalContextState =
  | { status: 'loading'; context: null }
  | { status: 'ready'; context: PortalContext }
  | { status: 'failed'; context: null; message: string };

/**
 * Reads `portal:context` for a story: its archived URL, the home-page candidates and its photos.
 * Read again when the story's photos or `revision` change; `photoKey` is the ids joined, so an
 * edit that leaves the photos alone does not ask main again.
 */
export function usePortalContext(
  storyId: string,
  photoIds: readonly string[],
  revision: string,
): PortalContextState {
  const photoKey = photoIds.join(' ');
  const [state, setState] = useState<PortalContextState>({ status: 'loading', context: null });
  useEffect(() => {
    let isCurrent = true;
    const ids = photoKey === '' ? [] : photoKey.split(' ');
    void call('portal:context', { storyId, photoIds: ids }).then((result) => {
      if (!isCurrent) return;
      setState(
        result.ok
          ? { status: 'ready', context: result.value }
          : { status: 'failed', context: null, message: result.error.message },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [storyId, photoKey, revision]);
  return state;
}
