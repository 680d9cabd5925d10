import type { ArchiveEntry, ArchiveRecord } from './archive';
import { storyFilePaths } from './storyFiles';

/**
 * Everything one change of the site renders and writes, worked out from the archive alone: which
 * articles to render, which records to save, which paths go, which sections' pages to look at.
 */
export interface SitePlan {
  /** Archive entries after the change (published and unpublished). */
  entries: Map<string, ArchiveEntry>;
  /** Articles to render; `isNew` records are saved, others only if their rail or photos moved. */
  articles: Array<{ record: ArchiveRecord; isNew: boolean }>;
  /** Archive records to save that are not rendered (an unpublished story). */
  extraRecords: ArchiveRecord[];
  removedPaths: string[];
  /** Sections whose pages may change; every section when `isFull`. */
  sections: Set<string>;
  /** A build from scratch: every page rendered, nothing inherited but photos kept on purpose. */
  isFull: boolean;
}

/** The section and its parent: a story in `news/sports` is listed on both. */
export function sectionChain(sectionId: string): string[] {
  const [top] = sectionId.split('/');
  return top === undefined || top === sectionId ? [sectionId] : [top, sectionId];
}

function entryMap(entries: Iterable<ArchiveEntry>): Map<string, ArchiveEntry> {
  return new Map([...entries].map((entry) => [entry.storyId, entry]));
}

/** Publishing one story (first time or correction): its page and the sections it was and is in. */
export function planPublish(
  entries: Iterable<ArchiveEntry>,
  record: ArchiveRecord,
  previous: ArchiveEntry | undefined,
): SitePlan {
  const after = entryMap(entries);
  after.set(record.storyId, record);
  return {
    entries: after,
    articles: [{ record, isNew: true }],
    extraRecords: [],
    removedPaths: [],
    sections: new Set([
      ...sectionChain(record.summary.section),
      ...(previous === undefined ? [] : sectionChain(previous.summary.section)),
    ]),
    isFull: false,
  };
}

/** The stories whose article page's rail links to this one (they are rendered again without it). */
export function storiesLinkingTo(entries: Iterable<ArchiveEntry>, storyId: string): string[] {
  return [...entries]
    .filter((entry) => entry.status === 'published' && entry.railStoryIds.includes(storyId))
    .map((entry) => entry.storyId);
}

/** Taking one story down: its files go, its sections and the pages linking to it are rendered. */
export function planUnpublish(
  entries: Iterable<ArchiveEntry>,
  record: ArchiveRecord,
  linking: readonly ArchiveRecord[],
): SitePlan {
  const after = entryMap(entries);
  after.set(record.storyId, record);
  return {
    entries: after,
    articles: linking.map((linked) => ({ record: linked, isNew: false })),
    extraRecords: [record],
    removedPaths: storyFilePaths(record),
    sections: new Set(sectionChain(record.summary.section)),
    isFull: false,
  };
}

/**
 * The whole site from the archive: every published record (already read), plus `extra` records
 * a change adds (new ones are saved).
 */
export function planFull(
  entries: Iterable<ArchiveEntry>,
  published: readonly ArchiveRecord[],
  extra: readonly ArchiveRecord[] = [],
): SitePlan {
  const after = entryMap(entries);
  const replaced = new Set(extra.map((record) => record.storyId));
  const articles = published
    .filter((record) => !replaced.has(record.storyId))
    .map((record) => ({ record, isNew: false }));
  for (const record of extra) {
    after.set(record.storyId, record);
    if (record.status === 'published') articles.push({ record, isNew: true });
  }
  return {
    entries: after,
    articles,
    extraRecords: extra.filter((record) => record.status !== 'published'),
    removedPaths: [],
    sections: new Set(),
    isFull: true,
  };
}
