import { useCallback, useState } from 'react';
import { type FileImport, importPhotoFiles } from './importPhotos';

/** One batch of files chosen or dropped together. */
export interface ImportBatch {
  id: number;
  files: FileImport[];
}

/** The import batches a view shows, and how to start and clear them. */
export interface PhotoImports {
  batches: ImportBatch[];
  importFiles(files: File[]): void;
  clear(): void;
}

/**
 * Runs imports for a view and keeps every batch's progress. `onImported` runs each time another
 * photo enters the library, so the view can list it at once.
 */
export function usePhotoImports(onImported: () => void): PhotoImports {
  const [batches, setBatches] = useState<ImportBatch[]>([]);

  const importFiles = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      const id = Date.now() + Math.random();
      let importedCount = 0;
      setBatches((current) => [{ id, files: [] }, ...current]);
      void importPhotoFiles(files, (progress) => {
        setBatches((current) =>
          current.map((batch) => (batch.id === id ? { id, files: progress } : batch)),
        );
        const nowImported = progress.filter((file) => file.status === 'imported').length;
        if (nowImported > importedCount) {
          importedCount = nowImported;
          onImported();
        }
      });
    },
    [onImported],
  );

  const clear = useCallback(() => setBatches([]), []);
  return { batches, importFiles, clear };
}
