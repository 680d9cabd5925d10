import { useCallback, useEffect, useState } from 'react';
import type { PhotoQuery } from '../../shared/media/library';
import type { Photo } from '../../shared/media/photo';
import type { UserError } from '../../shared/result';
import { call } from '../api/client';

/** A listing of the library as a view holds it. */
export interface PhotoLibraryState {
  photos: Photo[] | null;
  total: number;
  error: UserError | null;
  /** Lists again (after an import or a batch caption). */
  reload(): void;
  /** Puts a changed photo in place without reordering the listing under the user's hands. */
  replacePhotos(changed: readonly Photo[]): void;
}

/** Lists the photo library for a query; re-lists whenever the query changes. */
export function usePhotoLibrary(query: PhotoQuery): PhotoLibraryState {
  const [photos, setPhotos] = useState<Photo[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<UserError | null>(null);
  const [generation, setGeneration] = useState(0);
  const { text, filter, sort } = query;

  useEffect(() => {
    let isCurrent = true;
    async function load() {
      const result = await call('media:list', { text, filter, sort });
      if (!isCurrent) return;
      if (result.ok) {
        setPhotos(result.value.photos);
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
  }, [text, filter, sort, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const replacePhotos = useCallback((changed: readonly Photo[]) => {
    const byId = new Map(changed.map((photo) => [photo.id, photo]));
    setPhotos((current) => current?.map((photo) => byId.get(photo.id) ?? photo) ?? current);
  }, []);

  return { photos, total, error, reload, replacePhotos };
}
