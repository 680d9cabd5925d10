import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants, linkSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../common/atomicFile';
import { forEachLimited } from '../common/concurrency';
import { isNodeError } from '../common/errors';

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
  /** Whether the current site has this file. */
  hasFile(sitePath: string): Promise<boolean>;
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
const WRITE_CONCURRENCY = 16;
const LINK_BATCH = 2000;
/** Up to this many new files, flushing each costs less than flushing the whole file system. */
const FSYNC_EACH_UP_TO = 32;

/** A sortable, unique generation id: the time, then randomness. */
function generationId(now: number): string {
  return `${now.toString(36).padStart(10, '0')}-${randomUUID().slice(0, 8)}`;
}

/** Checks a site path is relative, normalised and stays inside the site. */
export function isSafeSitePath(sitePath: string): boolean {
  if (sitePath === '' || sitePath.startsWith('/') || sitePath.includes('\\')) return false;
  return sitePath.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Hard-links the inherited files into the staging tree. Synchronous calls in batches: one link is
 * a few microseconds of kernel work, far less than a trip through the thread pool, and yielding
 * between batches keeps the process responsive while a big site is linked.
 */
async function linkAll(from: string, to: string, sitePaths: readonly string[]): Promise<void> {
  for (let start = 0; start < sitePaths.length; start += LINK_BATCH) {
    for (const sitePath of sitePaths.slice(start, start + LINK_BATCH)) {
      linkSync(path.join(from, sitePath), path.join(to, sitePath));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Makes every directory (and its parents) under `root`, one depth at a time so parents come
 * first, with several mkdir calls in flight: a big site has thousands of dated folders.
 */
async function makeDirectories(root: string, directories: readonly string[]): Promise<void> {
  const all = new Set<string>();
  for (const directory of directories) {
    for (let current = directory; current.length > root.length; current = path.dirname(current)) {
      if (all.has(current)) break;
      all.add(current);
    }
  }
  const byDepth = new Map<number, string[]>();
  for (const directory of all) {
    const depth = directory.split(path.sep).length;
    const level = byDepth.get(depth);
    if (level === undefined) byDepth.set(depth, [directory]);
    else level.push(directory);
  }
  for (const depth of [...byDepth.keys()].sort((left, right) => left - right)) {
    await forEachLimited(byDepth.get(depth) ?? [], WRITE_CONCURRENCY, async (directory) => {
      try {
        await mkdir(directory);
      } catch (error) {
        if (!isNodeError(error, 'EEXIST')) throw error;
      }
    });
  }
}

/**
 * Makes the new files durable before the swap. On Linux one `sync -f` (syncfs) flushes them all
 * with one journal commit, which is what makes a rebuild of thousands of pages fast; elsewhere,
 * or if that fails, each file and its directory is flushed on its own.
 */
async function flushToDisk(
  root: string,
  files: readonly string[],
  directories: readonly string[],
): Promise<void> {
  if (process.platform === 'linux' && files.length > FSYNC_EACH_UP_TO) {
    const isFlushed = await new Promise<boolean>((resolve) => {
      execFile('sync', ['-f', root], (error) => resolve(error === null));
    });
    if (isFlushed) return;
  }
  await forEachLimited(files, WRITE_CONCURRENCY, async (file) => {
    const handle = await open(file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
  await forEachLimited(directories, WRITE_CONCURRENCY, syncDirectory);
  await syncDirectory(root);
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

  /** At open: clears what an interrupted publish left (staging, unswapped generations, links). */
  async function cleanUp(): Promise<void> {
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

  /**
   * After a swap: removes complete generations older than the ones kept. It never touches
   * staging folders or anything newer than `current`, so it may run while the next publish stages.
   */
  async function pruneOld(): Promise<void> {
    const current = await currentName();
    if (current === null) return;
    let names: string[];
    try {
      names = await readdir(generationsDir);
    } catch (error) {
      // The whole publish folder went away (moved, or a test cleaned up): nothing to prune.
      if (isNodeError(error, 'ENOENT')) return;
      throw error;
    }
    const older = names
      .filter((name) => !name.startsWith(STAGING_PREFIX) && name <= current)
      .sort();
    for (const name of older.slice(0, -KEEP_GENERATIONS)) {
      await rm(path.join(generationsDir, name), { recursive: true, force: true });
    }
  }

  await cleanUp();

  async function currentDirectory(): Promise<string | null> {
    const name = await currentName();
    return name === null ? null : path.join(generationsDir, name);
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

  // The current generation's files, known after the first listing: every later commit knows
  // exactly what it wrote, so a big site is not walked again on each publish.
  let knownFiles: { directory: string; files: Set<string> } | null = null;

  async function currentFiles(directory: string): Promise<Set<string>> {
    if (knownFiles?.directory !== directory) {
      knownFiles = { directory, files: new Set(await listTree(directory)) };
    }
    return knownFiles.files;
  }

  async function listFiles(): Promise<string[]> {
    const directory = await currentDirectory();
    return directory === null ? [] : [...(await currentFiles(directory))];
  }

  async function hasFile(sitePath: string): Promise<boolean> {
    const directory = await currentDirectory();
    return directory !== null && (await currentFiles(directory)).has(sitePath);
  }

  /**
   * The generation before the current one and the site paths where it differs from the current
   * one, known only within this process (after a restart the first commit links a fresh tree).
   * Reusing it makes a publish cost its changes, not the size of the site: a fresh tree needs a
   * directory and a link for every folder and file of a big site.
   */
  let spare: { directory: string; differs: ReadonlySet<string> } | null = null;

  let pruning: Promise<void> = Promise.resolve();

  /** Removes old generations after a commit returns; nobody waits for it. */
  function pruneLater(): void {
    pruning = pruning
      .then(pruneOld)
      .catch((error: unknown) => console.warn('Old site generations could not be removed:', error));
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
    const replaced = new Set([
      ...changes.writes.keys(),
      ...changes.copies.keys(),
      ...changes.removals,
    ]);
    const previousFiles = previous === null ? new Set<string>() : await currentFiles(previous);
    const inherited = [...previousFiles].filter(
      (sitePath) => !replaced.has(sitePath) && (!changes.isFresh || changes.keep.has(sitePath)),
    );
    const written = [...changes.writes.keys(), ...changes.copies.keys()];
    const directoryOf = (sitePath: string) => path.dirname(path.join(staging, sitePath));
    const reusable = !changes.isFresh && previous !== null ? spare : null;
    spare = null;
    try {
      if (reusable !== null && previous !== null) {
        // The spare is the generation before the current one: it differs from the current site
        // only where the last commit wrote, so it is brought up to date entry by entry.
        await rename(reusable.directory, staging);
        const touched = [...new Set([...reusable.differs, ...replaced])];
        await forEachLimited(touched, WRITE_CONCURRENCY, (sitePath) =>
          rm(path.join(staging, sitePath), { force: true }),
        );
        const relinked = touched.filter(
          (sitePath) => previousFiles.has(sitePath) && !replaced.has(sitePath),
        );
        await makeDirectories(staging, [...new Set([...relinked, ...written].map(directoryOf))]);
        await linkAll(previous, staging, relinked);
      } else {
        await mkdir(staging, { recursive: true });
        const directories = [...new Set([...inherited, ...written].map(directoryOf))].sort();
        await makeDirectories(staging, directories);
        if (previous !== null) await linkAll(previous, staging, inherited);
      }
      await forEachLimited([...changes.writes], WRITE_CONCURRENCY, async ([sitePath, data]) => {
        await writeFile(path.join(staging, sitePath), data, { flag: 'wx' });
      });
      await forEachLimited([...changes.copies], WRITE_CONCURRENCY, async ([sitePath, source]) => {
        await copyFile(source, path.join(staging, sitePath), constants.COPYFILE_EXCL);
      });
      await flushToDisk(
        staging,
        written.map((sitePath) => path.join(staging, sitePath)),
        [...new Set(written.map(directoryOf))],
      );
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
    knownFiles = { directory: finalDirectory, files: new Set([...inherited, ...written]) };
    // The site just replaced is the next commit's spare, unless this was a build from scratch.
    spare =
      previous === null || changes.isFresh ? null : { directory: previous, differs: replaced };
    pruneLater();
    return { directory: finalDirectory, filesWritten: [...written].sort() };
  }

  return { folder, currentDirectory, listFiles, hasFile, readFile: readSiteFile, commit };
}
