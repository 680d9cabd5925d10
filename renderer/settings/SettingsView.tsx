import { type FormEvent, useEffect, useId, useState } from 'react';
import type { UserError } from '../../shared/result';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/settings/settings';
import { Alert } from '../app/Alert';
import { useSettings } from '../app/SettingsContext';
import { useNewsroomConnection } from '../newsroom/connection';
import { isSignedIn } from '../newsroom/headerWord';
import { NewsroomSettings } from '../newsroom/NewsroomSettings';

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether the browser promised to keep this origin's storage (stories) when the disk fills up. */
function useStoragePersistence(): 'persistent' | 'best-effort' | 'unknown' {
  const [state, setState] = useState<'persistent' | 'best-effort' | 'unknown'>('unknown');
  useEffect(() => {
    let isCurrent = true;
    void navigator.storage?.persisted?.().then((isPersisted) => {
      if (isCurrent) setState(isPersisted ? 'persistent' : 'best-effort');
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  return state;
}

/** The Settings page: who is at this workstation, their role, and where the portal is published. */
export function SettingsView() {
  const { settings, info, saveSettings } = useSettings();
  const [userName, setUserName] = useState(settings.userName);
  const [role, setRole] = useState<Role>(settings.role);
  const [publishFolder, setPublishFolder] = useState(settings.publishFolder);
  const [error, setError] = useState<UserError | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const publishHelpId = useId();
  const accountHelpId = useId();
  // Signed in to a newsroom, the name and role are the account's: the server decides what it may do.
  const isAccount = isSignedIn(useNewsroomConnection().status);
  const storage = useStoragePersistence();
  // Signed in, main answers the account's name and role: the form shows those, unchangeable.
  const shownName = isAccount ? settings.userName : userName;
  const shownRole = isAccount ? settings.role : role;
  const isDirty =
    shownName !== settings.userName ||
    shownRole !== settings.role ||
    publishFolder !== settings.publishFolder;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsSaving(true);
    const result = await saveSettings({ userName: shownName, role: shownRole, publishFolder });
    setIsSaving(false);
    if (result.ok) {
      setError(null);
      setSavedAt(new Date());
      setUserName(result.value.userName);
      setPublishFolder(result.value.publishFolder);
    } else {
      setError(result.error);
      setSavedAt(null);
    }
  }

  return (
    <section className="settings-view" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <form className="settings-form" onSubmit={handleSubmit}>
        <label>
          Your name
          <input
            type="text"
            value={shownName}
            autoComplete="name"
            disabled={isAccount}
            aria-describedby={isAccount ? accountHelpId : undefined}
            onChange={(event) => setUserName(event.target.value)}
          />
        </label>
        <label>
          Role
          <select
            value={shownRole}
            disabled={isAccount}
            aria-describedby={isAccount ? accountHelpId : undefined}
            onChange={(event) => {
              if (isRole(event.target.value)) setRole(event.target.value);
            }}
          >
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        {isAccount && (
          <p id={accountHelpId} className="field-help">
            Signed in to the newsroom: your name and role are your account’s, and the newsroom
            server decides what you may do. The newsroom’s administrator changes them.
          </p>
        )}
        <label>
          Publish folder
          <input
            type="text"
            value={publishFolder}
            placeholder={`${info.dataDir}/portal`}
            aria-describedby={publishHelpId}
            onChange={(event) => setPublishFolder(event.target.value)}
          />
        </label>
        <p id={publishHelpId} className="field-help">
          An absolute path. Leave it empty to publish to <code>{info.dataDir}/portal</code>.
        </p>
        {error !== null && <Alert message={error.message} details={error.details} />}
        <div className="form-actions">
          <button type="submit" disabled={isSaving}>
            Save settings
          </button>
          <span role="status" className="save-state">
            {isSaving
              ? 'Saving…'
              : isDirty
                ? 'Unsaved changes'
                : savedAt !== null
                  ? 'Settings saved'
                  : ''}
          </span>
        </div>
      </form>
      <NewsroomSettings />
      <section className="settings-about" aria-labelledby="about-heading">
        <h2 id="about-heading">This workstation</h2>
        <dl>
          <dt>Portal</dt>
          <dd>
            {settings.portalProfile.siteName} ({settings.portalProfile.baseUrl}), time zone{' '}
            {settings.portalProfile.timeZone}
          </dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
          <dt>Stories kept in</dt>
          <dd>
            {info.transport === 'electron'
              ? 'the app’s storage inside the data folder'
              : `this browser profile, for the address ${window.location.origin}`}
            {storage === 'persistent' &&
              ' (persistent: the browser will not clear it to free space)'}
            {storage === 'best-effort' &&
              ' (the browser declined persistent storage: it may clear it when the disk is nearly full)'}
          </dd>
          <dt>Running as</dt>
          <dd>{info.transport === 'electron' ? 'Desktop app' : 'Browser mode'}</dd>
          <dt>Version</dt>
          <dd>{info.version}</dd>
        </dl>
      </section>
    </section>
  );
}
