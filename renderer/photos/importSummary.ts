import type { Photo } from '../../shared/media/photo';

/** Where one file of an import batch is. */
export type FileImportStatus = 'waiting' | 'importing' | 'imported' | 'duplicate' | 'failed';

/** One file of an import batch, as the UI shows it. */
export interface FileImport {
  /** Unique within the batch (two dropped files may share a name). */
  key: string;
  fileName: string;
  status: FileImportStatus;
  /** A sentence for the person: what happened to this file, or why it failed. */
  message: string;
  /** The library's photo, once imported (or found already there). */
  photo: Photo | null;
  /** Set when the file imported but reports damage the desk should look at. */
  warning: string | null;
}

/** A one-line summary of a batch, e.g. `Importing 2 of 5… · 1 imported · 1 failed`. */
export function summarizeImport(batch: readonly FileImport[]): string {
  const count = (status: FileImportStatus) => batch.filter((file) => file.status === status).length;
  const done = batch.length - count('waiting') - count('importing');
  const parts = [
    done < batch.length
      ? `Importing ${Math.min(done + 1, batch.length)} of ${batch.length}…`
      : `Finished ${batch.length} ${batch.length === 1 ? 'file' : 'files'}`,
    `${count('imported')} imported`,
  ];
  const warned = batch.filter((file) => file.warning !== null).length;
  if (warned > 0) parts.push(`${warned} with a warning`);
  if (count('duplicate') > 0) parts.push(`${count('duplicate')} already in the library`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return parts.join(' · ');
}
