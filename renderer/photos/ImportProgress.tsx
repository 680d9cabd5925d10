import { Alert } from '../app/Alert';
import type { FileImport } from './importPhotos';
import { summarizeImport } from './importPhotos';
import type { ImportBatch } from './usePhotoImports';

const STATUS_LABELS: Record<FileImport['status'], string> = {
  waiting: 'Waiting',
  importing: 'Importing…',
  imported: 'Imported',
  duplicate: 'Already in the library',
  failed: 'Not imported',
};

/**
 * The progress of import batches: a summary line, then each file with its state; a failed file's
 * message (which file, and why) is an alert, as is a warning about a photo imported with damage;
 * a duplicate says which photo it already is.
 */
export function ImportProgress({
  batches,
  onClear,
}: {
  batches: readonly ImportBatch[];
  onClear(): void;
}) {
  if (batches.length === 0) return null;
  return (
    <section className="import-progress" aria-label="Import progress">
      <div className="import-progress-head">
        <p role="status">{summarizeImport(batches.flatMap((batch) => batch.files))}</p>
        <button type="button" onClick={onClear}>
          Clear import messages
        </button>
      </div>
      <ol>
        {batches.flatMap((batch) =>
          batch.files.map((file) => (
            <li key={`${batch.id}:${file.key}`} className={`import-item import-${file.status}`}>
              <span className="import-item-name">{file.fileName}</span>
              <span className="import-item-status">{STATUS_LABELS[file.status]}</span>
              {file.status === 'failed' ? (
                <Alert look="line" className="import-item-message" message={file.message} />
              ) : null}
              {file.status === 'duplicate' ? (
                <span className="import-item-message">{file.message}</span>
              ) : null}
              {file.warning === null ? null : (
                <Alert
                  look="line"
                  className="import-item-message import-item-warning"
                  message={file.warning}
                />
              )}
            </li>
          )),
        )}
      </ol>
    </section>
  );
}
