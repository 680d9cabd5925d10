import os from 'node:os';
import path from 'node:path';

/** The app's name on disk; Electron derives its userData folder from package.json's productName. */
export const APP_DIR_NAME = 'Newsroom Workstation';

/**
 * The data directory the desktop app uses (Electron's `userData`), computed without Electron so
 * browser mode opens the same stories' settings, photos and portal.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
  }
}

/** Command-line options both entry points accept; a null port means "the data folder's own port". */
export interface LaunchOptions {
  port: number | null;
  dataDir: string | null;
}

/**
 * The port browser mode prefers for a data folder. Stories live in the browser's IndexedDB, which is
 * kept per origin (host and port), so the same folder must come back on the same port or its stories
 * would seem to vanish. Derived from the folder path: stable across starts, distinct between folders.
 */
export function preferredPort(dataDir: string): number {
  let hash = 2166136261;
  for (const char of dataDir) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return 43100 + (hash % 800);
}

/** Parses `--port N` and `--data-dir DIR` (also `--x=y`); unknown flags are reported, not ignored. */
export function parseLaunchArgs(argv: readonly string[]): {
  options: LaunchOptions;
  errors: string[];
} {
  const options: LaunchOptions = { port: null, dataDir: null };
  const errors: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const [flag, inline] = argument.includes('=')
      ? argument.split(/=(.*)/s, 2)
      : [argument, undefined];
    const value = () => inline ?? argv[(index += 1)];
    switch (flag) {
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          errors.push(`--port needs a number from 0 to 65535, not "${raw ?? ''}".`);
        else options.port = port;
        break;
      }
      case '--data-dir': {
        const raw = value();
        if (raw === undefined || raw === '') errors.push('--data-dir needs a folder.');
        else options.dataDir = path.resolve(raw);
        break;
      }
      default:
        errors.push(`Unknown option "${argument}". Use --port <port> and --data-dir <dir>.`);
    }
  }
  return { options, errors };
}
