import { copyFileSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Notice } from '../../../shared/api/app';
import { fail, ok, type Result } from '../../../shared/result';
import { asidePath } from '../common/atomicFile';
import { publishFolderRefusal } from '../portal/siteStore';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  type Settings,
  type SettingsPatch,
  settingsSchema,
} from '../../../shared/settings/settings';

/** The part of conf / electron-store the settings service uses. */
export interface SettingsStore {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly store: Record<string, unknown>;
}

/** The options handed to conf (browser mode) or electron-store (Electron); one schema for both. */
export interface SettingsStoreOptions {
  cwd: string;
  configName: string;
  projectVersion: string;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
  migrations: Record<string, (store: SettingsStore) => void>;
}

/** Creates the underlying store; throws if the file cannot be parsed. */
export type SettingsStoreFactory = (options: SettingsStoreOptions) => SettingsStore;

type SettingsKey = keyof Settings;
const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];

/**
 * Migrations, keyed by the settings version written as semver (conf's convention). Version 1
 * fills any key a hand-made or pre-release file lacks.
 */
export const SETTINGS_MIGRATIONS: SettingsStoreOptions['migrations'] = {
  '1.0.0': (store) => {
    for (const key of SETTINGS_KEYS) {
      if (store.get(key) === undefined) store.set(key, DEFAULT_SETTINGS[key]);
    }
  },
};

/** Reads and changes the workstation's settings. */
export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Result<Settings>;
  /**
   * `update` for a person's save: a new publish folder is looked at first, and one holding files
   * the workstation did not put there is refused now (nothing saved), not at the first publish.
   */
  save(patch: SettingsPatch): Promise<Result<Settings>>;
}

/** The service and what the user must be told about how the file was found. */
export interface OpenedSettings {
  settings: SettingsService;
  notices: Notice[];
}

/**
 * The publish folder as this computer's own path rules read it: absolute (`C:/x` and `\\server\share`
 * are not, on Linux), or empty for the default. The shared schema cannot know the platform.
 */
export function publishFolderProblem(folder: string): string | null {
  if (folder.trim() === '' || path.isAbsolute(folder.trim())) return null;
  return `The publish folder must be an absolute path on this computer, or empty for the default; "${folder}" is not.`;
}

function isValidValue(key: SettingsKey, value: unknown): boolean {
  if (!settingsSchema.shape[key].safeParse(value).success) return false;
  return (
    key !== 'publishFolder' || (typeof value === 'string' && publishFolderProblem(value) === null)
  );
}

/**
 * Opens the settings file in `dataDir`. A file that cannot be parsed is moved aside and defaults are
 * used; a file with invalid values is copied aside and only those values are reset. Either way the
 * user is told where the old file went. Nothing is ever silently reset.
 */
export function openSettings(
  dataDir: string,
  createStore: SettingsStoreFactory,
  now: () => Date = () => new Date(),
): OpenedSettings {
  const options: SettingsStoreOptions = {
    cwd: dataDir,
    configName: 'settings',
    projectVersion: `${SETTINGS_VERSION}.0.0`,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    migrations: SETTINGS_MIGRATIONS,
  };
  const notices: Notice[] = [];
  const filePath = path.join(dataDir, 'settings.json');
  let store: SettingsStore;
  try {
    store = createStore(options);
  } catch (error) {
    if (!existsSync(filePath)) throw error;
    const aside = asidePath(filePath, now());
    renameSync(filePath, aside);
    notices.push({
      id: 'settings-corrupt',
      level: 'error',
      message: `The settings file could not be read, so default settings are in use. The unreadable file was kept as ${aside}.`,
    });
    store = createStore(options);
  }

  const invalidKeys = SETTINGS_KEYS.filter((key) => !isValidValue(key, store.get(key)));
  if (invalidKeys.length > 0) {
    const aside = asidePath(filePath, now());
    copyFileSync(filePath, aside);
    for (const key of invalidKeys) store.set(key, DEFAULT_SETTINGS[key]);
    notices.push({
      id: 'settings-repaired',
      level: 'warning',
      message: `Some settings were not valid and were reset to their defaults (${invalidKeys.join(', ')}). The original file was kept as ${aside}.`,
    });
  }

  function get(): Settings {
    return settingsSchema.parse(
      Object.fromEntries(SETTINGS_KEYS.map((key) => [key, store.get(key)])),
    );
  }

  function update(patch: SettingsPatch): Result<Settings> {
    // On a standalone workstation the role is this file's own; still, the house style is the
    // editors', whatever the renderer asks.
    if (patch.houseStyle !== undefined && get().role !== 'editor') {
      return fail('forbidden', 'Only editors may change the house-style rules.');
    }
    const folderProblem =
      patch.publishFolder === undefined ? null : publishFolderProblem(patch.publishFolder);
    if (folderProblem !== null)
      return fail('invalid_settings', 'The settings were not saved: some values are not valid.', [
        folderProblem,
      ]);
    const next = settingsSchema.safeParse({ ...get(), ...patch });
    if (!next.success) {
      return fail(
        'invalid_settings',
        'The settings were not saved: some values are not valid.',
        next.error.issues.map((issue) => issue.message),
      );
    }
    for (const key of Object.keys(patch) as SettingsKey[]) store.set(key, next.data[key]);
    return ok(get());
  }

  async function save(patch: SettingsPatch): Promise<Result<Settings>> {
    const folder = patch.publishFolder?.trim() ?? '';
    // The default folder is the app's own; an unchanged one was accepted when it was chosen.
    if (folder !== '' && folder !== get().publishFolder.trim() && path.isAbsolute(folder)) {
      const refusal = await publishFolderRefusal(folder);
      if (refusal !== null)
        return fail('invalid_settings', 'The settings were not saved: some values are not valid.', [
          refusal,
        ]);
    }
    return update(patch);
  }

  return { settings: { get, update, save }, notices };
}
