import { type FormEvent, useState } from 'react';
import { ROLE_LABELS } from '../../shared/settings/settings';
import type { UserError } from '../../shared/result';
import { call } from '../api/client';
import { useSettings } from '../app/SettingsContext';
import { acceptStatus, useNewsroomConnection } from './connection';
import { isSignedIn } from './headerWord';
import { UploadOffer } from './UploadOffer';
import './newsroom.css';

function ErrorAlert({ error }: { error: UserError }) {
  return (
    <div role="alert" className="message message-error">
      <div>
        <p>{error.message}</p>
        {error.details !== undefined && error.details.length > 0 && (
          <ul>
            {error.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/**
 * Settings → Newsroom: signs this workstation in to a newsroom server (its account's name and
 * role then apply) and out again. The password goes to main, which keeps only the session token.
 */
export function NewsroomSettings() {
  const { status } = useNewsroomConnection();
  const { refreshSettings } = useSettings();
  const [serverUrl, setServerUrl] = useState(status?.serverUrl ?? '');
  const [login, setLogin] = useState(status?.login ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<UserError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const signedIn = isSignedIn(status) && status?.state !== 'ended' && status?.state !== 'disabled';

  async function handleSignIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsBusy(true);
    const answer = await call('newsroom:signIn', { serverUrl, login, password });
    setIsBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(null);
    setPassword('');
    acceptStatus(answer.value);
    await refreshSettings();
  }

  async function handleSignOut() {
    setIsBusy(true);
    const answer = await call('newsroom:signOut', {});
    setIsBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(null);
    acceptStatus(answer.value);
    await refreshSettings();
  }

  return (
    <form className="settings-form newsroom-settings" onSubmit={handleSignIn}>
      <fieldset disabled={isBusy}>
        <legend>Newsroom</legend>
        {status !== null && status.message !== null && status.state !== 'online' && (
          <p className={`newsroom-line newsroom-line-${status.state}`}>{status.message}</p>
        )}
        {signedIn && status !== null && status.user !== null ? (
          <>
            <p className="newsroom-account">
              Signed in to <strong>{status.serverUrl}</strong> as{' '}
              <strong>{status.user.name}</strong> ({status.user.login}),{' '}
              {ROLE_LABELS[status.user.role]}.
            </p>
            <UploadOffer placement="settings" />
            <div className="form-actions">
              <button type="button" onClick={() => void handleSignOut()}>
                Sign out
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="field-help newsroom-help">
              Sign in to share stories with your newsroom. Without it, this workstation keeps its
              stories to itself, as it always has.
            </p>
            <label>
              Newsroom server
              <input
                type="text"
                value={serverUrl}
                placeholder="https://newsroom.example"
                autoComplete="url"
                spellCheck={false}
                onChange={(event) => setServerUrl(event.target.value)}
              />
            </label>
            <label>
              Login
              <input
                type="text"
                value={login}
                autoComplete="username"
                spellCheck={false}
                onChange={(event) => setLogin(event.target.value)}
              />
            </label>
            <label>
              Password
              <input
                type="password"
                value={password}
                autoComplete="current-password"
                onChange={(event) => setPassword(event.target.value)}
              />
            </label>
            <div className="form-actions">
              <button type="submit">Sign in</button>
              {isBusy && <span className="save-state">Signing in…</span>}
            </div>
          </>
        )}
        {error !== null && <ErrorAlert error={error} />}
      </fieldset>
    </form>
  );
}
