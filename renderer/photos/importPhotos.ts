import { MAX_IMPORT_BYTES } from '../../shared/api/media';
import type { Photo } from '../../shared/media/photo';
import { call } from '../api/client';
import type { FileImport } from './importSummary';

export { type FileImport, type FileImportStatus, summarizeImport } from './importSummary';

/** Files sent to main at once: enough to keep sharp's threads busy, few enough to show order. */
const PARALLEL_IMPORTS = 2;

function describeDuplicate(fileName: string, photo: Photo): string {
  return photo.fileName === fileName
    ? `${fileName} is already in the library; it was not imported again.`
    : `${fileName} is already in the library (as ${photo.fileName}); it was not imported again.`;
}

async function importOne(file: File): Promise<Omit<FileImport, 'key' | 'fileName'>> {
  if (file.size > MAX_IMPORT_BYTES) {
    const megabytes = Math.round(file.size / 1024 / 1024);
    return {
      status: 'failed',
      photo: null,
      warning: null,
      message: `${file.name} could not be imported: at ${megabytes} MB it is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB the library accepts.`,
    };
  }
  // The File itself goes to main: browser mode posts it as the request body straight from disk.
  const result = await call('media:import', { fileName: file.name, file });
  if (!result.ok) {
    return { status: 'failed', photo: null, warning: null, message: result.error.message };
  }
  const { photo, isDuplicate, warning } = result.value;
  return isDuplicate
    ? { status: 'duplicate', photo, warning, message: describeDuplicate(file.name, photo) }
    : { status: 'imported', photo, warning, message: `${file.name} imported.` };
}

/**
 * Imports files into the photo library one call per file (a few at a time), reporting the whole
 * batch after every change so the UI can show progress per file. A bad file fails alone: the rest
 * of the batch still imports. Resolves with the final state of every file.
 */
export async function importPhotoFiles(
  files: readonly File[],
  onProgress: (batch: FileImport[]) => void,
): Promise<FileImport[]> {
  const batch: FileImport[] = files.map((file, index) => ({
    key: `${index}:${file.name}`,
    fileName: file.name,
    status: 'waiting',
    message: 'Waiting',
    photo: null,
    warning: null,
  }));
  function report(index: number, change: Partial<FileImport>) {
    const current = batch[index];
    if (current === undefined) return;
    batch[index] = { ...current, ...change };
    onProgress([...batch]);
  }
  onProgress([...batch]);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < files.length) {
      const index = next;
      next += 1;
      const file = files[index];
      if (file === undefined) continue;
      report(index, { status: 'importing', message: 'Importing…' });
      report(index, await importOne(file));
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_IMPORTS, files.length) }, worker));
  return batch;
}
