import { samePhoto } from '../../shared/media/library';
import type { Photo } from '../../shared/media/photo';

/**
 * The listing `next` with each photo that did not change kept as the object `previous` held, so a
 * re-list (one per imported file) re-renders only the cards of new or changed photos.
 */
export function keepUnchanged(previous: readonly Photo[] | null, next: Photo[]): Photo[] {
  if (previous === null) return next;
  const kept = new Map(previous.map((photo) => [photo.id, photo]));
  return next.map((photo) => {
    const old = kept.get(photo.id);
    return old !== undefined && samePhoto(old, photo) ? old : photo;
  });
}
