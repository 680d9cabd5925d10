import { describe, expect, it } from 'vitest';
import { type FileImport, type FileImportStatus, summarizeImport } from './importSummary';

function batchOf(...statuses: FileImportStatus[]): FileImport[] {
  return statuses.map((status, index) => ({
    key: String(index),
    fileName: `photo-${index}.jpg`,
    status,
    message: '',
    photo: null,
    warning: null,
  }));
}

describe('the import summary', () => {
  it('counts the file being worked on while a batch runs', () => {
    expect(
      summarizeImport(batchOf('imported', 'failed', 'importing', 'waiting', 'waiting')),
    ).toEqual('Importing 3 of 5… · 1 imported · 1 failed');
  });

  it('counts photos imported with a warning', () => {
    const batch = batchOf('imported', 'imported').map((file, index) =>
      index === 0 ? { ...file, warning: 'photo-0.jpg was imported, but reports damage.' } : file,
    );
    expect(summarizeImport(batch)).toEqual('Finished 2 files · 2 imported · 1 with a warning');
  });

  it('says the batch is finished and names duplicates and failures', () => {
    expect(summarizeImport(batchOf('imported', 'duplicate', 'failed', 'imported'))).toEqual(
      'Finished 4 files · 2 imported · 1 already in the library · 1 failed',
    );
    expect(summarizeImport(batchOf('imported'))).toEqual('Finished 1 file · 1 imported');
  });
});
