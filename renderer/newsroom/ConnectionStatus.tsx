import { useEffect, useState } from 'react';
import { useSettings } from '../app/SettingsContext';
import { routeHref } from '../app/useHashRoute';
import { startConnectionWatch, useNewsroomConnection } from './connection';
import { startNewsroomSync } from './sync/newsroomSync';
import { headerWord } from './headerWord';
import { droppedCopyLine, forgetDroppedCopyLine } from './sync/newsroomSync';
import './newsroom.css';

function retryLine(retryAt: number | null): string {
  if (retryAt === null) return '';
  const seconds = Math.max(0, Math.round((retryAt - Date.now()) / 1000));
  return ` Trying again in ${seconds} s.`;
}

/**
 * The header's newsroom status: `Online`, `Offline` or `Syncing…` (`role="status"`), nothing on
 * a workstation that is not in a newsroom. Starts watching the connection.
 */
export function ConnectionStatus() {
  useEffect(() => {
    startConnectionWatch();
    startNewsroomSync();
  }, []);
  const connection = useNewsroomConnection();
  const { refreshSettings } = useSettings();
  // The account's name and role are the settings' while signed in: read them again when they change.
  const user = connection.status?.user;
  const identity = user === null || user === undefined ? '' : `${user.name}\n${user.role}`;
  useEffect(() => {
    void refreshSettings();
  }, [identity, refreshSettings]);
  const word = headerWord(connection);
  if (word === null) return null;
  const { status } = connection;
  const detail = !connection.isMainReachable
    ? 'This page cannot reach its workstation: your work is kept here and sent later.'
    : `${status?.message ?? ''}${status?.state === 'offline' ? retryLine(status.retryAt) : ''}`;
  return (
    <span role="status" className="newsroom-status" data-word={word} title={detail || undefined}>
      {word}
    </span>
  );
}

/**
 * Why the workstation is out of its newsroom when it needs the person to act (the session ended,
 * the account was disabled, the server speaks another contract): one alert under the header.
 */
export function NewsroomNotice() {
  const { status } = useNewsroomConnection();
  const [, setDismissals] = useState(0);
  const dropped = droppedCopyLine();
  if (dropped !== null)
    return (
      <div className="notices">
        <div role="alert" className="message message-error">
          <p>{dropped}</p>
          <button
            type="button"
            onClick={() => {
              forgetDroppedCopyLine();
              setDismissals((count) => count + 1);
            }}
          >
            Dismiss
          </button>
        </div>
      </div>
    );
  if (status === null || status.message === null) return null;
  if (status.state !== 'ended' && status.state !== 'disabled' && status.state !== 'incompatible')
    return null;
  return (
    <div className="notices">
      <div role="alert" className="message message-error">
        <p>{status.message}</p>
        <a href={routeHref({ view: 'settings' })}>Newsroom settings</a>
      </div>
    </div>
  );
}
