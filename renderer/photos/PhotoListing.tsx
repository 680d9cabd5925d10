import type { ReactNode } from 'react';
import type { Photo } from '../../shared/media/photo';
import { Alert } from '../app/Alert';
import type { PhotoLibraryState } from './usePhotoLibrary';

/**
 * A library listing as the Photos view and the picker show it: its error, then that it is loading,
 * why it is empty (`emptyLibrary` when the library has no photo, `noMatch` when the query selects
 * none), or what `children` make of the photos listed.
 */
export function PhotoListing({
  library,
  emptyLibrary,
  noMatch,
  children,
}: {
  library: PhotoLibraryState;
  emptyLibrary: string;
  noMatch: string;
  children: (photos: Photo[]) => ReactNode;
}) {
  return (
    <>
      {library.error === null ? null : <Alert message={library.error.message} />}
      {library.photos === null ? (
        <p>Loading the photo library…</p>
      ) : library.photos.length === 0 ? (
        <p className="photo-empty">{library.total === 0 ? emptyLibrary : noMatch}</p>
      ) : (
        children(library.photos)
      )}
    </>
  );
}
