import path from 'node:path';
import { parseLaunchArgs } from '../paths';
import { openSettings, type SettingsStoreFactory } from '../services/settings/settingsService';
import { openDataServices } from '../workstation';

/** Where the command writes: normal lines and problems. */
export interface CommandOutput {
  info(line: string): void;
  error(line: string): void;
}

/**
 * `Rebuild site` from a command line: reads the data folder's settings (publish folder, portal
 * profile), rebuilds the whole site from the published archive, and reports what it did.
 * Returns the process exit code.
 */
export async function rebuildSiteCommand(
  argv: readonly string[],
  createSettingsStore: SettingsStoreFactory,
  defaultDataDir: () => string,
  output: CommandOutput,
): Promise<number> {
  const { options, errors } = parseLaunchArgs(argv);
  if (options.port !== null)
    errors.push('Rebuilding the site takes no --port; use --data-dir <dir>.');
  if (errors.length > 0) {
    for (const error of errors) output.error(error);
    return 2;
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const { settings, notices } = openSettings(dataDir, createSettingsStore);
  for (const notice of notices) output.error(notice.message);
  const { publisher } = openDataServices(dataDir, settings, output.error);
  for (const problem of await publisher.problems()) output.error(problem);
  const result = await publisher.rebuild();
  if (!result.ok) {
    output.error(result.error.message);
    for (const detail of result.error.details ?? []) output.error(`  ${detail}`);
    return 1;
  }
  const { storyCount, pageCount, siteFolder, durationMs } = result.value;
  output.info(
    `Rebuilt the site from the archive: ${storyCount} ${storyCount === 1 ? 'story' : 'stories'}, ${pageCount} pages, in ${durationMs} ms.`,
  );
  output.info(`The site readers get: ${path.join(siteFolder, 'current')}`);
  return 0;
}
