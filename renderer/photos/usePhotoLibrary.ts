import { useCallback, useEffect, useState } from 'react';
import type { PhotoListRequest } from '../../shared/media/library';
import type { Photo } from '../../shared/media/photo';
import { MAX_MEDIA_WATCH_MS } from '../../shared/api/media';
import type { UserError } from '../../shared/result';
import { call } from '../api/client';
import { keepUnchanged } from './unchangedPhotos';

/** After a failed watch (main restarting, a transport hiccup), the next one waits this long. */
const WATCH_RETRY_MS = 5000;

/** A listing of the library as a view holds it. */
export interface PhotoLibraryState {
  photos: Photo[] | null;
  /** How many photos the query selects in all (`photos` holds the first `limit` of them). */
  matched: number;
  total: number;
  error: UserError | null;
  /** Lists again (after an import or a batch caption). */
  reload(): void;
  /** Puts a changed photo in place without reordering the listing under the user's hands. */
  replacePhotos(changed: readonly Photo[]): void;
}

/** Lists the photo library for a query; re-lists whenever the query or its limit changes. */
export function usePhotoLibrary(request: PhotoListRequest): PhotoLibraryState {
  const [photos, setPhotos] = useState<Photo[] | null>(null);
  const [matched, setMatched] = useState(0);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<UserError | null>(null);
  const [generation, setGeneration] = useState(0);
  const { text, filter, sort, limit } = request;

  useEffect(() => {
    let isCurrent = true;
    async function load() {
      const result = await call('media:list', { text, filter, sort, limit });
      if (!isCurrent) return;
      if (result.ok) {
        const listed = result.value.photos;
        setPhotos((current) => keepUnchanged(current, listed));
        setMatched(result.value.matched);
        setTotal(result.value.total);
        setError(null);
      } else {
        setError(result.error);
      }
    }
    void load();
    return () => {
      isCurrent = false;
    };
  }, [text, filter, sort, limit, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  // Photos that arrive or change from outside this page (a signed-in workstation's newsroom: an
  // import or a caption typed on another workstation) re-list it: one pending call watches.
  useEffect(() => {
    let isCurrent = true;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    async function watch(known: number | null) {
      const result = await call('media:watch', {
        after: known ?? 0,
        waitMs: known === null ? 0 : MAX_MEDIA_WATCH_MS,
      });
      if (!isCurrent) return;
      if (!result.ok) {
        retryTimer = setTimeout(() => void watch(known), WATCH_RETRY_MS);
        return;
      }
      if (known !== null && result.value.revision !== known) reload();
      void watch(result.value.revision);
    }
    void watch(null);
    return () => {
      isCurrent = false;
      clearTimeout(retryTimer);
    };
  }, [reload]);
  const replacePhotos = useCallback((changed: readonly Photo[]) => {
    const byId = new Map(changed.map((photo) => [photo.id, photo]));
    setPhotos((current) => current?.map((photo) => byId.get(photo.id) ?? photo) ?? current);
  }, []);

  return { photos, matched, total, error, reload, replacePhotos };
}
