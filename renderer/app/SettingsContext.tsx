import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { AppInfo } from '../../shared/api/app';
import type { Result } from '../../shared/result';
import type { Settings, SettingsPatch } from '../../shared/settings/settings';
import { Alert } from './Alert';
import { call, configureMediaUrls } from '../api/client';

/** What every view may read about this workstation and its user. */
export interface SettingsContextValue {
  settings: Settings;
  info: AppInfo;
  /** Saves a change; on success the whole app sees the new settings. */
  saveSettings(patch: SettingsPatch): Promise<Result<Settings>>;
  dismissNotice(id: string): Promise<void>;
  /** Reads the settings again (signing in or out changes the name and role main answers). */
  refreshSettings(): Promise<void>;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; settings: Settings; info: AppInfo };

/** Loads settings and app info once, then provides them; shows a clear message if main is unreachable. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    async function load() {
      const [info, settings] = await Promise.all([
        call('app:info', undefined),
        call('settings:get', undefined),
      ]);
      if (!isCurrent) return;
      if (!info.ok) return setState({ status: 'failed', message: info.error.message });
      if (!settings.ok) return setState({ status: 'failed', message: settings.error.message });
      configureMediaUrls(info.value);
      setState({ status: 'ready', settings: settings.value, info: info.value });
    }
    void load();
    return () => {
      isCurrent = false;
    };
  }, []);

  const saveSettings = useCallback(async (patch: SettingsPatch) => {
    const result = await call('settings:update', patch);
    if (result.ok) {
      setState((previous) =>
        previous.status === 'ready' ? { ...previous, settings: result.value } : previous,
      );
    }
    return result;
  }, []);

  const refreshSettings = useCallback(async () => {
    const result = await call('settings:get', undefined);
    if (result.ok)
      setState((previous) =>
        previous.status === 'ready' ? { ...previous, settings: result.value } : previous,
      );
  }, []);

  const dismissNotice = useCallback(async (id: string) => {
    const result = await call('app:dismissNotice', { id });
    if (result.ok) {
      setState((previous) =>
        previous.status === 'ready'
          ? {
              ...previous,
              info: {
                ...previous.info,
                notices: previous.info.notices.filter((notice) => notice.id !== id),
              },
            }
          : previous,
      );
    }
  }, []);

  const value = useMemo(
    () =>
      state.status === 'ready'
        ? {
            settings: state.settings,
            info: state.info,
            saveSettings,
            dismissNotice,
            refreshSettings,
          }
        : null,
    [state, saveSettings, dismissNotice, refreshSettings],
  );

  if (state.status === 'loading') return <p className="app-loading">Opening the workstation…</p>;
  if (state.status === 'failed') {
    return (
      <div className="app-failed">
        <h1>The workstation could not start</h1>
        <Alert message={state.message} />
      </div>
    );
  }
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

/** The current settings (user name, role, portal profile) and app info. */
export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (value === null) throw new Error('useSettings is used outside SettingsProvider');
  return value;
}
