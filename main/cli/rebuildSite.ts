// `Rebuild site` from a command line: `node dist/cli/rebuildSite.mjs [--data-dir <dir>]`.
import Conf from 'conf';
import { defaultDataDir } from '../paths';
import { rebuildSiteCommand } from './rebuildCommand';
import type { SettingsStore } from '../services/settings/settingsService';

const code = await rebuildSiteCommand(
  process.argv.slice(2),
  (storeOptions): SettingsStore =>
    new Conf<Record<string, unknown>>({ ...storeOptions, projectName: 'newsroom-workstation' }),
  () => defaultDataDir(),
  { info: console.info, error: console.error },
);
process.exitCode = code;
