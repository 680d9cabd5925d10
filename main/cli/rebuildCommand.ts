import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSettings, type SettingsStoreFactory } from '../services/settings/settingsService';
import { openDataServices } from '../workstation';

/** Where the command writes: normal lines and problems. */
export interface CommandOutput {
  info(line: string): void;
  error(line: string): void;
}

/** The command's one option, `--data-dir <dir>` (or `--data-dir=<dir>`); every other word is refused. */
export function parseRebuildArgs(argv: readonly string[]): {
  dataDir: string | null;
  errors: string[];
} {
  const usage = 'Use: npm run rebuild-site -- [--data-dir <dir>]';
  const { tokens } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let dataDir: string | null = null;
  const errors: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') errors.push(`Unexpected "${token.value}". ${usage}`);
    else if (token.kind === 'option-terminator') continue;
    else if (token.name !== 'data-dir') errors.push(`Unknown option "${token.rawName}". ${usage}`);
    else if (token.value === undefined || token.value === '')
      errors.push(`--data-dir needs a folder. ${usage}`);
    else dataDir = path.resolve(token.value);
  }
  return { dataDir, errors };
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
  const parsed = parseRebuildArgs(argv);
  if (parsed.errors.length > 0) {
    for (const error of parsed.errors) output.error(error);
    return 2;
  }
  const dataDir = parsed.dataDir ?? defaultDataDir();
  const { settings, notices } = openSettings(dataDir, createSettingsStore);
  for (const notice of notices) output.error(notice.message);
  const { publisher } = openDataServices(dataDir, settings, output.error);
  for (const problem of await publisher.problems()) output.error(problem);
  const result = await publisher.rebuild();
  // Old generations go and the disk is flushed before the command ends.
  await publisher.settled();
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
