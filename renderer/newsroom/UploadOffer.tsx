import { useState } from 'react';
import { Alert } from '../app/Alert';
import { useNewsroomConnection } from './connection';
import { isSignedIn } from './headerWord';
import { uploadLocalStories, useLocalOnlyCount, type UploadReport } from './sync/localStories';

let isDeclined = false;

/**
 * Offers, once signed in and online, to upload the stories this workstation made on its own
 * (`Upload all` / `Not now`); declined, the offer stays in Settings → Newsroom. Nothing is dropped
 * and nothing doubled: the server takes each story once by its id.
 */
export function UploadOffer({ placement }: { placement: 'dialog' | 'settings' }) {
  const { status } = useNewsroomConnection();
  const isOnline = status?.state === 'online';
  const count = useLocalOnlyCount(isSignedIn(status) && isOnline);
  const [isDismissed, setIsDismissed] = useState(isDeclined);
  const [isBusy, setIsBusy] = useState(false);
  const [report, setReport] = useState<UploadReport | null>(null);

  async function handleUpload() {
    setIsBusy(true);
    const result = await uploadLocalStories();
    setIsBusy(false);
    setReport(result);
  }

  const result =
    report === null ? null : (
      <>
        <p>
          {report.uploaded === 1 ? '1 story was' : `${report.uploaded} stories were`} uploaded to
          the newsroom.
        </p>
        {report.refused.length > 0 && (
          <Alert message="Some stories stay on this workstation only:" details={report.refused} />
        )}
        {report.stopped !== null && (
          <Alert message={`The upload stopped: ${report.stopped} Try again later.`} />
        )}
      </>
    );

  if (placement === 'settings') {
    if (!isOnline || ((count ?? 0) === 0 && report === null)) return null;
    return (
      <div className="newsroom-upload">
        {(count ?? 0) > 0 && (
          <p>
            {count === 1 ? '1 story' : `${count} stories`} on this workstation are not in the
            newsroom yet.{' '}
            <button type="button" disabled={isBusy} onClick={() => void handleUpload()}>
              Upload all
            </button>
          </p>
        )}
        {result}
      </div>
    );
  }

  const isOpen = isOnline && !isDismissed && ((count ?? 0) > 0 || report !== null);
  if (!isOpen) return null;
  return (
    <div className="newsroom-dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="upload-offer-title"
        className="newsroom-dialog"
      >
        <h2 id="upload-offer-title">Upload your stories to the newsroom?</h2>
        {report === null ? (
          <>
            <p>
              This workstation has {count === 1 ? '1 story' : `${count} stories`} written before you
              signed in. Upload them to share them with the newsroom, with their text, trail, notes
              and versions. They stay here either way.
            </p>
            <div className="form-actions">
              <button type="button" disabled={isBusy} onClick={() => void handleUpload()}>
                Upload all
              </button>
              <button
                type="button"
                disabled={isBusy}
                onClick={() => {
                  isDeclined = true;
                  setIsDismissed(true);
                }}
              >
                Not now
              </button>
              {isBusy && <span className="save-state">Uploading…</span>}
            </div>
          </>
        ) : (
          <>
            {result}
            <div className="form-actions">
              <button
                type="button"
                onClick={() => {
                  isDeclined = true;
                  setIsDismissed(true);
                }}
              >
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
