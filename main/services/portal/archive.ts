import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { articleSummarySchema, portalPhotoSchema } from '../../../shared/portal/summary';
import { storyWithBodySchema } from '../../../shared/story/schema';
import { isArticlePath } from '../../../shared/portal/paths';
import { pickKeys } from '../../../shared/pickKeys';
import { asidePath, isAsideName, writeFileAtomic } from '../common/atomicFile';
import { isNodeError } from '../common/errors';

/** The version of the archive record format; older records are migrated when read. */
export const ARCHIVE_RECORD_VERSION = 1;

/**
 * One published (or unpublished) story: enough to render its page and every index page again
 * without the renderer or the media library.
 */
export const archiveRecordSchema = z.object({
  version: z.literal(ARCHIVE_RECORD_VERSION),
  storyId: z.string().min(1),
  /** The site path fixed at first publication and kept forever, even after unpublishing. */
  path: z.string().refine(isArticlePath, 'An article path is <section>/YYYY/MM/DD/<slug>.html.'),
  status: z.enum(['published', 'unpublished']),
  /** 1 at first publication, one more at each correction (NINJS `version`); records older than it count 1. */
  revision: z.number().int().min(1).default(1),
  firstPublishedAt: z.number(),
  lastPublishedAt: z.number(),
  unpublishedAt: z.number().nullable(),
  unpublishReason: z.string(),
  /** The story as last published. */
  story: storyWithBodySchema,
  /** The portal view of each photo the story uses. */
  photos: z.array(portalPhotoSchema),
  summary: articleSummarySchema,
  /** Stories the article page's rail links to (re-rendered away if one is unpublished). */
  railStoryIds: z.array(z.string()),
  /** Site paths of the photo files the article page uses. */
  assets: z.array(z.string()),
});
export type ArchiveRecord = z.infer<typeof archiveRecordSchema>;

/** What the archive keeps in memory of a record: everything but the story and its photos. */
export type ArchiveEntry = Omit<ArchiveRecord, 'story' | 'photos'>;

const ENTRY_KEYS = archiveRecordSchema.omit({ story: true, photos: true }).keyof().options;

function toEntry(record: ArchiveRecord): ArchiveEntry {
  return pickKeys(record, ENTRY_KEYS);
}

/** The published archive: one JSON file per story in `<data dir>/archive/`. */
export interface Archive {
  readonly directory: string;
  /** Every record's entry (kept in memory from the open). */
  all(): ArchiveEntry[];
  get(storyId: string): ArchiveEntry | undefined;
  /** The entry holding a site path, whatever its status. */
  findByPath(sitePath: string): ArchiveEntry | undefined;
  /** Reads a whole record, story included, from its file. */
  read(storyId: string): Promise<ArchiveRecord | null>;
  /** Writes a record durably (write-temp-then-rename) and keeps it in memory. */
  put(record: ArchiveRecord): Promise<void>;
}

/** The archive and what the user must be told about files that could not be read. */
export interface OpenedArchive {
  archive: Archive;
  problems: string[];
}

function recordFileName(storyId: string): string {
  return `${encodeURIComponent(storyId)}.json`;
}

/**
 * Opens the archive. A record that cannot be read or fails its schema is moved aside to
 * `<name>.corrupt-<time>.json` and reported, never silently dropped or overwritten.
 */
export async function openArchive(
  directory: string,
  now: () => number = Date.now,
): Promise<OpenedArchive> {
  const records = new Map<string, ArchiveEntry>();
  const byPath = new Map<string, ArchiveEntry>();
  const problems: string[] = [];
  let names: string[] = [];
  try {
    names = await readdir(directory);
  } catch (error) {
    if (!isNodeError(error, 'ENOENT')) throw error;
  }
  for (const name of names.filter(
    (candidate) => candidate.endsWith('.json') && !isAsideName(candidate),
  )) {
    const filePath = path.join(directory, name);
    let parsed: ReturnType<typeof archiveRecordSchema.safeParse> | null = null;
    try {
      parsed = archiveRecordSchema.safeParse(JSON.parse(await readFile(filePath, 'utf8')));
    } catch {
      parsed = null;
    }
    if (parsed?.success === true && recordFileName(parsed.data.storyId) === name) {
      const entry = toEntry(parsed.data);
      records.set(entry.storyId, entry);
      byPath.set(entry.path, entry);
      continue;
    }
    const aside = asidePath(filePath, new Date(now()));
    await rename(filePath, aside);
    problems.push(
      `The archive record ${name} could not be read and was moved aside to ${aside}; its story is left out of the site until it is published again.`,
    );
  }

  async function put(record: ArchiveRecord): Promise<void> {
    const checked = archiveRecordSchema.parse(record);
    await writeFileAtomic(
      path.join(directory, recordFileName(checked.storyId)),
      JSON.stringify(checked),
    );
    const previous = records.get(checked.storyId);
    if (previous !== undefined) byPath.delete(previous.path);
    const entry = toEntry(checked);
    records.set(entry.storyId, entry);
    byPath.set(entry.path, entry);
  }

  async function read(storyId: string): Promise<ArchiveRecord | null> {
    if (!records.has(storyId)) return null;
    const text = await readFile(path.join(directory, recordFileName(storyId)), 'utf8');
    return archiveRecordSchema.parse(JSON.parse(text));
  }

  return {
    archive: {
      directory,
      all: () => [...records.values()],
      get: (storyId) => records.get(storyId),
      findByPath: (sitePath) => byPath.get(sitePath),
      read,
      put,
    },
    problems,
  };
}
