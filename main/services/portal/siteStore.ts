import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants, linkSync } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { syncDirectory, writeFileAtomic } from '../common/atomicFile';
import { forEachLimited } from '../common/concurrency';
import { errorMessage, isNodeError } from '../common/errors';
import { PublishRefusal } from './publishErrors';

/**
 * The published site on disk, changed only as a whole.
 *
 * ```
 * <publish folder>/
 *   .newsroom-site.json             says the workstation owns this folder
 *   current -> generations/<id>     the site readers get (point the web server here)
 *   generations/<id>/               one complete site per publish; ids sort by time
 *   generations/.staging-<id>/      a publish being built (removed if a crash left it)
 *   generations/.spare-<id>/        a copy of the current site, linked, for the next publish
 * ```
 *
 * Every folder the store makes in `generations/` holds a record (`.newsroom-generation.json`)
 * written before anything else; the store deletes only folders with that record (or empty ones
 * of its own naming), and it refuses a folder that holds files it did not put there.
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
  /**
   * Resolves once the work a commit leaves for after it returns is done (removing old
   * generations and unused spares, flushing; a spare laid out at open). Nobody has to wait for it:
   * the site is whole and durable when `commit` returns. A measurement or a test's clean-up may.
   */
  settled(): Promise<void>;
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
const SPARE_PREFIX = '.spare-';
/** Marks the publish folder as the workstation's. */
export const OWNER_FILE = '.newsroom-site.json';
/** Records, in each folder of `generations/`, that the store made it and how it relates to others. */
export const GENERATION_RECORD = '.newsroom-generation.json';
const KEEP_GENERATIONS = 2;
const WRITE_CONCURRENCY = 16;
const LINK_BATCH = 2000;
/** Up to this many new files, flushing each costs less than flushing the whole file system. */
const FSYNC_EACH_UP_TO = 32;
const GENERATION_NAME = /^[0-9a-z]{10}-[0-9a-f]{8}$/;

const generationRecordSchema = z.object({
  format: z.literal(1),
  id: z.string(),
  /** The generation this one was built from; null for a build from scratch. */
  base: z.string().nullable(),
  /** Site paths written or removed relative to `base` (what a reuse must bring up to date). */
  changed: z.array(z.string()),
});
type GenerationRecord = z.infer<typeof generationRecordSchema>;

/** The text of a generation record: what the store writes first into every folder it makes. */
export function generationRecord(record: GenerationRecord): string {
  return JSON.stringify(record);
}

/** The generation readers get now in a publish folder, and how it differs from its base. */
export interface GenerationInfo {
  id: string;
  /** Its folder (absolute). */
  directory: string;
  /** The generation it was built from; null for a build from scratch. */
  base: string | null;
  /** Site paths written or removed relative to `base`. */
  changed: string[];
}

/** The folder of one generation of a publish folder (a generation id from `currentGeneration`). */
export function generationDirectory(folder: string, id: string): string {
  if (!GENERATION_NAME.test(id)) throw new Error(`Not a generation id: ${id}`);
  return path.join(folder, GENERATIONS, id);
}

/**
 * Reads which generation `current` names in a publish folder, and its record: what another
 * process needs to copy the site elsewhere (the newsroom server's publish targets). Null before
 * the first publish, or when the record cannot be read.
 */
export async function currentGeneration(folder: string): Promise<GenerationInfo | null> {
  let name: string;
  try {
    name = path.basename(await readlink(path.join(folder, CURRENT)));
  } catch (error) {
    if (isNodeError(error, 'ENOENT', 'EINVAL')) return null;
    throw error;
  }
  if (!GENERATION_NAME.test(name)) return null;
  const directory = generationDirectory(folder, name);
  const record = await readRecord(directory);
  if (record === null || record.id !== name) return null;
  return { id: record.id, directory, base: record.base, changed: record.changed };
}

/** A sortable, unique generation id: the time, then randomness. */
function generationId(now: number): string {
  return `${now.toString(36).padStart(10, '0')}-${randomUUID().slice(0, 8)}`;
}

/** Checks a site path is relative, normalised and stays inside the site. */
export function isSafeSitePath(sitePath: string): boolean {
  if (sitePath === '' || sitePath.startsWith('/') || sitePath.includes('\\')) return false;
  return sitePath.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Moves a spare into place as the staging folder; false when the spare is gone. */
async function takeSpare(spareDirectory: string, staging: string): Promise<boolean> {
  try {
    await rename(spareDirectory, staging);
    return true;
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Whether a name in `generations/` is one the store gives its folders. */
function isStoreName(name: string): boolean {
  const id = name.startsWith(STAGING_PREFIX)
    ? name.slice(STAGING_PREFIX.length)
    : name.startsWith(SPARE_PREFIX)
      ? name.slice(SPARE_PREFIX.length)
      : name;
  return GENERATION_NAME.test(id);
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
  if (files.length > FSYNC_EACH_UP_TO && (await syncFileSystem(root))) return;
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

/** Flushes the whole file system holding `root` (Linux syncfs, `sync -f`); false where it cannot. */
function syncFileSystem(root: string): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile('sync', ['-f', root], (error) => resolve(error === null));
  });
}

/** Whether a site path is a file of a generation, asked of the disk (no listing needed). */
async function isFileIn(directory: string, sitePath: string): Promise<boolean> {
  try {
    return (await lstat(path.join(directory, sitePath))).isFile();
  } catch (error) {
    if (isNodeError(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
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

async function readRecord(directory: string): Promise<GenerationRecord | null> {
  try {
    const parsed = generationRecordSchema.safeParse(
      JSON.parse(await readFile(path.join(directory, GENERATION_RECORD), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the store made this folder of `generations/` (its record names it). */
async function isRecorded(generationsDir: string, name: string): Promise<boolean> {
  if (!isStoreName(name)) return false;
  const record = await readRecord(path.join(generationsDir, name));
  return (
    record !== null &&
    [record.id, `${STAGING_PREFIX}${record.id}`, `${SPARE_PREFIX}${record.id}`].includes(name)
  );
}

/** Removes a folder of `generations/` only if the store made it: recorded, or empty and ours by name. */
async function removeIfOurs(generationsDir: string, name: string): Promise<void> {
  const directory = path.join(generationsDir, name);
  if (await isRecorded(generationsDir, name)) {
    await rm(directory, { recursive: true, force: true });
  } else if (isStoreName(name)) {
    // A folder made just before a crash, before its record: only removed while it is empty.
    await rmdir(directory).catch(() => undefined);
  }
}

/**
 * How the store finds a publish folder: its own, one an older workstation made (the same
 * layout, adopted), empty or missing (claimed at the first publish), or someone else's (refused).
 */
async function inspectFolder(folder: string): Promise<'owned' | 'legacy' | 'empty'> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return 'empty';
    if (isNodeError(error, 'ENOTDIR'))
      throw new PublishRefusal(
        'invalid_publish_folder',
        `The publish folder ${folder} is a file, not a folder. Choose another in Settings.`,
      );
    throw error;
  }
  if (names.includes(OWNER_FILE)) return 'owned';
  if (names.length === 0) return 'empty';
  const strangers: string[] = [];
  for (const name of names) {
    if (name === GENERATIONS) {
      const inside = await readdir(path.join(folder, GENERATIONS)).catch(() => null);
      if (inside === null) strangers.push(name);
      else
        strangers.push(
          ...inside
            .filter((entry) => !isStoreName(entry))
            .map((entry) => `${GENERATIONS}/${entry}`),
        );
    } else if (name === CURRENT || name.startsWith(`${CURRENT}.tmp-`)) {
      if (!(await lstat(path.join(folder, name))).isSymbolicLink()) strangers.push(name);
    } else strangers.push(name);
  }
  if (strangers.length === 0 && names.includes(GENERATIONS)) return 'legacy';
  const listed = strangers.slice(0, 5).join(', ');
  const more = strangers.length > 5 ? ` and ${strangers.length - 5} more` : '';
  throw new PublishRefusal(
    'publish_folder_not_empty',
    `The publish folder ${folder} holds files the workstation did not put there (${listed}${more}). Choose an empty or new folder in Settings; nothing was written or deleted.`,
  );
}

/**
 * Why a folder cannot be a publish folder (it holds files the workstation did not put there, it
 * is a file, it cannot be read), or null when the store may use it: what Settings checks before
 * saving a folder, with the words the first publish would refuse it with.
 */
export async function publishFolderRefusal(folder: string): Promise<string | null> {
  try {
    await inspectFolder(folder);
    return null;
  } catch (error) {
    if (error instanceof PublishRefusal) return error.message;
    return `The publish folder ${folder} cannot be read (${errorMessage(error)}). Choose another in Settings.`;
  }
}

/**
 * Opens the site store over a publish folder (an absolute path by this computer's rules). It
 * refuses a folder holding anything it did not make, clears what an interrupted publish left
 * behind, and lays out a spare copy of the site so the first publish does not pay for all of it.
 */
export async function openSiteStore(
  folder: string,
  now: () => number = Date.now,
): Promise<SiteStore> {
  if (!path.isAbsolute(folder)) {
    throw new PublishRefusal(
      'invalid_publish_folder',
      `The publish folder must be an absolute path on this computer; "${folder}" is not. Choose another in Settings.`,
    );
  }
  const generationsDir = path.join(folder, GENERATIONS);
  const currentLink = path.join(folder, CURRENT);
  let state = await inspectFolder(folder);

  async function currentName(): Promise<string | null> {
    try {
      return path.basename(await readlink(currentLink));
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return null;
      throw error;
    }
  }

  /** Makes the folder the store's: records ownership (and, for an older site, its generations). */
  async function claim(): Promise<void> {
    if (state === 'owned') return;
    if (state === 'empty') state = await inspectFolder(folder);
    await mkdir(generationsDir, { recursive: true });
    if (state === 'legacy') {
      for (const name of await readdir(generationsDir)) {
        if (!GENERATION_NAME.test(name)) continue;
        const directory = path.join(generationsDir, name);
        if ((await readRecord(directory)) === null)
          await writeFile(
            path.join(directory, GENERATION_RECORD),
            generationRecord({ format: 1, id: name, base: null, changed: [] }),
          );
      }
    }
    await writeFileAtomic(
      path.join(folder, OWNER_FILE),
      JSON.stringify({
        format: 1,
        owner: 'Newsroom Workstation',
        claimedAt: new Date(now()).toISOString(),
      }),
    );
    state = 'owned';
  }

  /** At open: clears what an interrupted publish left (staging, spares, unswapped generations, links). */
  async function cleanUp(): Promise<void> {
    if (state !== 'owned') return;
    const current = await currentName();
    const names = (await readdir(generationsDir).catch(() => [])).sort();
    const complete = names.filter((name) => GENERATION_NAME.test(name));
    const olderOrCurrent = current === null ? [] : complete.filter((name) => name <= current);
    // Generations newer than `current` belong to a publish that never reached its swap.
    const keep = new Set(olderOrCurrent.slice(-KEEP_GENERATIONS));
    for (const name of names) {
      if (!keep.has(name)) await removeIfOurs(generationsDir, name);
    }
    for (const name of await readdir(folder)) {
      if (!name.startsWith(`${CURRENT}.tmp-`)) continue;
      if ((await lstat(path.join(folder, name))).isSymbolicLink())
        await rm(path.join(folder, name), { force: true });
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
      .filter((name) => GENERATION_NAME.test(name) && name <= current && name !== spare?.name)
      .sort();
    for (const name of older.slice(0, -KEEP_GENERATIONS)) {
      await removeIfOurs(generationsDir, name);
    }
  }

  if (state === 'legacy') await claim();
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
    if (directory === null) return [];
    return [...(await currentFiles(directory))].filter((file) => file !== GENERATION_RECORD);
  }

  async function hasFile(sitePath: string): Promise<boolean> {
    const directory = await currentDirectory();
    if (sitePath === GENERATION_RECORD || directory === null) return false;
    if (knownFiles?.directory === directory) return knownFiles.files.has(sitePath);
    return isFileIn(directory, sitePath);
  }

  /**
   * A whole site on disk that differs from the current one only at known paths: the generation
   * before the current one (after an ordinary publish, or found through the current one's record
   * at open), or a linked copy laid out after a build from scratch. Reusing it makes a publish
   * cost its changes, not the size of the site: a fresh tree needs a directory and a link for
   * every folder and file of a big site.
   */
  interface Spare {
    name: string;
    directory: string;
    /** The current generation it was measured against. */
    base: string;
    differs: ReadonlySet<string>;
  }
  let spare: Spare | null = null;
  /** A spare being laid out in the background; a commit waits for it rather than doing it twice. */
  let layingOut: Promise<void> = Promise.resolve();

  /** Links a copy of the current generation into `.spare-<id>`, for the next publish to reuse. */
  async function layOutSpare(): Promise<void> {
    const current = await currentName();
    if (current === null || spare?.base === current) return;
    const from = path.join(generationsDir, current);
    const files = [...(await currentFiles(from))].filter((file) => file !== GENERATION_RECORD);
    const id = generationId(now());
    const name = `${SPARE_PREFIX}${id}`;
    const directory = path.join(generationsDir, name);
    await mkdir(directory);
    await writeFile(
      path.join(directory, GENERATION_RECORD),
      generationRecord({ format: 1, id, base: current, changed: [] }),
    );
    await makeDirectories(directory, [
      ...new Set(files.map((file) => path.dirname(path.join(directory, file)))),
    ]);
    await linkAll(from, directory, files);
    if ((await currentName()) === current)
      spare = { name, directory, base: current, differs: new Set() };
    else await rm(directory, { recursive: true, force: true });
  }

  function layOutSpareLater(): void {
    layingOut = layingOut
      .then(layOutSpare)
      .catch((error: unknown) =>
        console.warn('A spare copy of the site could not be laid out:', error),
      );
  }

  /** At open: the generation before the current one is the spare if the current one's record says how they differ. */
  async function findSpare(): Promise<void> {
    const current = await currentName();
    if (current === null) return;
    const record = await readRecord(path.join(generationsDir, current));
    if (
      record?.base !== null &&
      record?.base !== undefined &&
      (await isRecorded(generationsDir, record.base))
    ) {
      spare = {
        name: record.base,
        directory: path.join(generationsDir, record.base),
        base: current,
        differs: new Set(record.changed),
      };
      return;
    }
    layOutSpareLater();
  }

  await findSpare();

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
      if (!isSafeSitePath(sitePath) || sitePath === GENERATION_RECORD)
        throw new Error(`Refusing to write outside the site: ${sitePath}`);
    }
    await claim();
    await layingOut;
    const previous = await currentDirectory();
    const previousName = previous === null ? null : path.basename(previous);
    const id = generationId(now());
    const staging = path.join(generationsDir, `${STAGING_PREFIX}${id}`);
    const finalDirectory = path.join(generationsDir, id);
    const replaced = new Set([
      ...changes.writes.keys(),
      ...changes.copies.keys(),
      ...changes.removals,
    ]);
    const written = [...changes.writes.keys(), ...changes.copies.keys()];
    const directoryOf = (sitePath: string) => path.dirname(path.join(staging, sitePath));
    const candidate =
      !changes.isFresh && previousName !== null && spare?.base === previousName ? spare : null;
    // A spare this commit cannot use still holds links to old files: it goes, beside the build.
    const abandoned =
      candidate === null && spare !== null && spare.name !== previousName ? spare : null;
    spare = null;
    const discarding =
      abandoned === null
        ? Promise.resolve()
        : removeIfOurs(generationsDir, abandoned.name).catch((error: unknown) =>
            console.warn('An unused copy of the site could not be removed:', error),
          );
    // Taken first: another process sharing the folder (the newsroom server's) may have cleared
    // it meanwhile, and then this publish builds its tree like one without a spare.
    const reusable =
      candidate !== null && previous !== null && (await takeSpare(candidate.directory, staging))
        ? candidate
        : null;
    // With a spare, the current site's files are asked of the disk one by one where needed; only a
    // tree built from nothing needs the whole list (read once, then kept up to date by commits).
    const known = previous !== null && knownFiles?.directory === previous ? knownFiles.files : null;
    const previousFiles =
      previous === null
        ? new Set<string>()
        : reusable === null
          ? await currentFiles(previous)
          : known;
    const inherited =
      reusable !== null || previousFiles === null
        ? []
        : [...previousFiles].filter(
            (sitePath) =>
              sitePath !== GENERATION_RECORD &&
              !replaced.has(sitePath) &&
              (!changes.isFresh || changes.keep.has(sitePath)),
          );
    const record = generationRecord({
      format: 1,
      id,
      base: changes.isFresh ? null : previousName,
      changed: changes.isFresh ? [] : [...replaced].sort(),
    });
    try {
      if (reusable !== null && previous !== null) {
        // The spare differs from the current site only where it says: brought up to date entry
        // by entry. Its record is rewritten first, so the folder is never unrecorded.
        await writeFile(path.join(staging, GENERATION_RECORD), record);
        const touched = [...new Set([...reusable.differs, ...replaced])];
        await forEachLimited(touched, WRITE_CONCURRENCY, (sitePath) =>
          rm(path.join(staging, sitePath), { force: true }),
        );
        const isInPrevious = await Promise.all(
          touched.map((sitePath) =>
            replaced.has(sitePath)
              ? false
              : (previousFiles?.has(sitePath) ?? isFileIn(previous, sitePath)),
          ),
        );
        const relinked = touched.filter((_, index) => isInPrevious[index] === true);
        await makeDirectories(staging, [...new Set([...relinked, ...written].map(directoryOf))]);
        await linkAll(previous, staging, relinked);
      } else {
        await mkdir(staging, { recursive: true });
        await writeFile(path.join(staging, GENERATION_RECORD), record, { flag: 'wx' });
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
        [...written, GENERATION_RECORD].map((sitePath) => path.join(staging, sitePath)),
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
    if (reusable === null) {
      knownFiles = {
        directory: finalDirectory,
        files: new Set([...inherited, ...written, GENERATION_RECORD]),
      };
    } else if (previousFiles !== null) {
      const files = new Set(previousFiles);
      for (const sitePath of changes.removals) files.delete(sitePath);
      for (const sitePath of written) files.add(sitePath);
      knownFiles = { directory: finalDirectory, files };
    }
    if (previous === null || previousName === null || changes.isFresh) {
      // After a build from scratch the old site shares nothing: a linked copy of the new one is
      // laid out now, so the next publish does not pay for the whole site. Old generations go
      // and the disk is flushed (so no publish pays for a journal full of this work) after the
      // commit returns: removing is safe beside anything (another process sharing the folder, a
      // publish staging), and the site is live and durable already.
      layOutSpareLater();
      await layingOut;
      pruning = Promise.all([pruning, discarding]).then(() => undefined);
      pruneLater();
      pruning = pruning.then(async () => {
        await syncFileSystem(folder);
      });
    } else {
      // The site just replaced is the next commit's spare.
      spare = { name: previousName, directory: previous, base: id, differs: replaced };
      pruning = pruning.then(() => discarding);
      pruneLater();
    }
    return { directory: finalDirectory, filesWritten: [...written].sort() };
  }

  async function settled(): Promise<void> {
    // Each wait may find more queued behind it (a commit lays out a spare, then prunes).
    for (let last: Array<Promise<void>> = []; ;) {
      const now = [layingOut, pruning];
      if (now.every((promise, index) => promise === last[index])) return;
      last = now;
      await Promise.all(now);
    }
  }

  return { folder, currentDirectory, listFiles, hasFile, readFile: readSiteFile, commit, settled };
}
