import { describe, expect, it } from 'vitest';
import { type FileImport, type FileImportStatus, summarizeImport } from './importSummary';

function batchOf(...statuses: FileImportStatus[]): FileImport[] {
  return statuses.map((status, index) => ({
    key: String(index),
    fileName: `photo-${index}.jpg`,
    status,
    message: '',
    photo: null,
  }));
}

describe('the import summary', () => {
  it('counts the file being worked on while a batch runs', () => {
    expect(
      summarizeImport(batchOf('imported', 'failed', 'importing', 'waiting', 'waiting')),
    ).toEqual('Importing 3 of 5… · 1 imported · 1 failed');
  });

  it('says the batch is finished and names duplicates and failures', () => {
    expect(summarizeImport(batchOf('imported', 'duplicate', 'failed', 'imported'))).toEqual(
      'Finished 4 files · 2 imported · 1 already in the library · 1 failed',
    );
    expect(summarizeImport(batchOf('imported'))).toEqual('Finished 1 file · 1 imported');
  });
});
