import { randomUUID } from 'node:crypto';
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
} from 'node:fs/promises';
import path from 'node:path';
import { forEachLimited, isNodeError, syncDirectory } from './files';

/**
 * The published site on disk, changed only as a whole.
 *
 * ```
 * <publish folder>/
 *   current -> generations/<id>     the site readers get (point the web server here)
 *   generations/<id>/               one complete site per publish; ids sort by time
 *   generations/.staging-<id>/      a publish being built (removed if a crash left it)
 * ```
 *
 * A publish builds a new generation: every unchanged file is hard-linked from the current one
 * (no copying, and old files are never written to), the changed pages and photos are written
 * fresh, everything is flushed, the directory is renamed into place and the `current` symlink is
 * swapped with one rename(). A crash or a full disk before that rename leaves the previous site
 * untouched; after it, the new site is whole. The previous generation is kept for anyone still
 * reading it; older ones are pruned.
 */
export interface SiteStore {
  readonly folder: string;
  /** The directory of the site readers get now, or null before the first publish. */
  currentDirectory(): Promise<string | null>;
  /** Every file of the current site, as site paths (`news/index.html`). */
  listFiles(): Promise<string[]>;
  /** Reads one file of the current site; null if it does not exist. */
  readFile(sitePath: string): Promise<Buffer | null>;
  /**
   * Builds the next generation from the current one plus these changes and swaps it in.
   * `beforeSwap` runs once the new generation is complete on disk; if it throws, the swap is
   * abandoned and the current site stays.
   */
  commit(
    changes: SiteChanges,
    beforeSwap?: () => Promise<void>,
  ): Promise<{ directory: string; filesWritten: string[] }>;
}

/** What a publish changes: pages to write, files to copy in, and paths to remove. */
export interface SiteChanges {
  writes: ReadonlyMap<string, string | Uint8Array>;
  /** Site path → absolute path of the file to copy (photo renditions from the library). */
  copies: ReadonlyMap<string, string>;
  removals: ReadonlySet<string>;
  /** Start from an empty site instead of the current one (a full rebuild). */
  isFresh: boolean;
  /** Files of the current site to keep even in a fresh build (photos no longer in the library). */
  keep: ReadonlySet<string>;
}

const GENERATIONS = 'generations';
const CURRENT = 'current';
const STAGING_PREFIX = '.staging-';
const KEEP_GENERATIONS = 2;
const LINK_CONCURRENCY = 16;

/** A sortable, unique generation id: the time, then randomness. */
function generationId(now: number): string {
  return `${now.toString(36).padStart(10, '0')}-${randomUUID().slice(0, 8)}`;
}

/** Checks a site path is relative, normalised and stays inside the site. */
export function isSafeSitePath(sitePath: string): boolean {
  if (sitePath === '' || sitePath.startsWith('/') || sitePath.includes('\\')) return false;
  return sitePath.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

async function writeNewFile(filePath: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(filePath, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function copyNewFile(source: string, filePath: string): Promise<void> {
  await copyFile(source, filePath);
  const handle = await open(filePath, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function listTree(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      );
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return [];
    throw error;
  }
}

/** Opens the site store over a publish folder; clears what an interrupted publish left behind. */
export async function openSiteStore(
  folder: string,
  now: () => number = Date.now,
): Promise<SiteStore> {
  const generationsDir = path.join(folder, GENERATIONS);
  const currentLink = path.join(folder, CURRENT);
  await mkdir(generationsDir, { recursive: true });

  async function currentName(): Promise<string | null> {
    try {
      return path.basename(await readlink(currentLink));
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async function prune(): Promise<void> {
    const current = await currentName();
    const names = (await readdir(generationsDir)).sort();
    const complete = names.filter((name) => !name.startsWith(STAGING_PREFIX));
    const olderOrCurrent = current === null ? [] : complete.filter((name) => name <= current);
    // Generations newer than `current` belong to a publish that never reached its swap.
    const keep = new Set(olderOrCurrent.slice(-KEEP_GENERATIONS));
    for (const name of names) {
      if (!keep.has(name))
        await rm(path.join(generationsDir, name), { recursive: true, force: true });
    }
    for (const name of await readdir(folder)) {
      if (name.startsWith(`${CURRENT}.tmp-`)) await rm(path.join(folder, name), { force: true });
    }
  }

  await prune();

  async function currentDirectory(): Promise<string | null> {
    const name = await currentName();
    return name === null ? null : path.join(generationsDir, name);
  }

  async function listFiles(): Promise<string[]> {
    const directory = await currentDirectory();
    return directory === null ? [] : listTree(directory);
  }

  async function readSiteFile(sitePath: string): Promise<Buffer | null> {
    const directory = await currentDirectory();
    if (directory === null || !isSafeSitePath(sitePath)) return null;
    try {
      return await readFile(path.join(directory, sitePath));
    } catch (error) {
      if (isNodeError(error, 'ENOENT', 'EISDIR')) return null;
      throw error;
    }
  }

  async function commit(changes: SiteChanges, beforeSwap: () => Promise<void> = async () => {}) {
    for (const sitePath of [
      ...changes.writes.keys(),
      ...changes.copies.keys(),
      ...changes.removals,
    ]) {
      if (!isSafeSitePath(sitePath))
        throw new Error(`Refusing to write outside the site: ${sitePath}`);
    }
    const previous = await currentDirectory();
    const id = generationId(now());
    const staging = path.join(generationsDir, `${STAGING_PREFIX}${id}`);
    const finalDirectory = path.join(generationsDir, id);
    await mkdir(staging, { recursive: true });
    try {
      const replaced = new Set([
        ...changes.writes.keys(),
        ...changes.copies.keys(),
        ...changes.removals,
      ]);
      const inherited =
        previous === null
          ? []
          : (await listTree(previous)).filter(
              (sitePath) =>
                !replaced.has(sitePath) && (!changes.isFresh || changes.keep.has(sitePath)),
            );
      const directoryOf = (sitePath: string) => path.dirname(path.join(staging, sitePath));
      const written = [...changes.writes.keys(), ...changes.copies.keys()];
      const directories = new Set([...inherited, ...written].map(directoryOf));
      for (const directory of [...directories].sort()) await mkdir(directory, { recursive: true });
      await forEachLimited(inherited, LINK_CONCURRENCY, async (sitePath) => {
        if (previous === null) return;
        await link(path.join(previous, sitePath), path.join(staging, sitePath));
      });
      await forEachLimited([...changes.writes], LINK_CONCURRENCY, async ([sitePath, data]) => {
        await writeNewFile(path.join(staging, sitePath), data);
      });
      await forEachLimited([...changes.copies], LINK_CONCURRENCY, async ([sitePath, source]) => {
        await copyNewFile(source, path.join(staging, sitePath));
      });
      // New files' directories are flushed; linked entries ride the journal ahead of the rename.
      await forEachLimited([...new Set(written.map(directoryOf))], LINK_CONCURRENCY, syncDirectory);
      await syncDirectory(staging);
      await rename(staging, finalDirectory);
      await syncDirectory(generationsDir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    const temporaryLink = path.join(folder, `${CURRENT}.tmp-${id}`);
    try {
      await beforeSwap();
      await symlink(
        path.join(GENERATIONS, id),
        temporaryLink,
        process.platform === 'win32' ? 'junction' : 'dir',
      );
      await rename(temporaryLink, currentLink);
      await syncDirectory(folder);
    } catch (error) {
      await rm(temporaryLink, { force: true });
      await rm(finalDirectory, { recursive: true, force: true });
      throw error;
    }
    await prune();
    return {
      directory: finalDirectory,
      filesWritten: [...changes.writes.keys(), ...changes.copies.keys()].sort(),
    };
  }

  return { folder, currentDirectory, listFiles, readFile: readSiteFile, commit };
}
