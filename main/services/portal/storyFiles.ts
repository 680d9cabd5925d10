import { renderArticlePage } from '../../../shared/portal/article';
import { ninjsPath, renderNinjs } from '../../../shared/portal/ninjs';
import type { PortalProfile } from '../../../shared/portal/profile';
import { railItems } from '../../../shared/portal/rail';
import type { ArticleSummary } from '../../../shared/portal/summary';
import type { ArchiveRecord } from './archive';

/** What rendering one story's files needs from the rest of the site. */
export interface StoryFilesContext {
  profile: PortalProfile;
  now: number;
  /** The pool of recent stories the article page's rail picks from. */
  rail: readonly ArticleSummary[];
  /** The relative URL of a photo rendition seen from `pagePath`; records the file as used. */
  imageUrl(pagePath: string, photoId: string, name: string, used: Set<string>): string;
}

/** The files one published story puts on the site, and what they link to. */
export interface StoryFiles {
  /** Site path → content. */
  files: Map<string, string>;
  /** Site paths of the photo files the story's files use, sorted. */
  assets: string[];
  /** Stories the article page's rail links to. */
  railStoryIds: string[];
}

/**
 * Every file a publish writes for one story, beside the index pages it appears on: the article
 * page, and the story as a NINJS 2.0 document (`ninjs/<story id>.json`) for agencies and apps,
 * whose photo renditions are site files like the page's.
 */
export function renderStoryFiles(record: ArchiveRecord, context: StoryFilesContext): StoryFiles {
  const used = new Set<string>();
  const photos = new Map(record.photos.map((photo) => [photo.id, photo]));
  const html = renderArticlePage(record.story, {
    profile: context.profile,
    path: record.path,
    now: context.now,
    photos,
    recent: context.rail,
    imageUrl: (photoId, name) => context.imageUrl(record.path, photoId, name, used),
  });
  const documentPath = ninjsPath(record.storyId);
  const ninjs = renderNinjs(record.story, {
    profile: context.profile,
    path: record.path,
    version: record.revision,
    firstPublishedAt: record.firstPublishedAt,
    lastPublishedAt: record.lastPublishedAt,
    photos,
    imageUrl: (photoId, name) => context.imageUrl(documentPath, photoId, name, used),
  });
  const railStoryIds = railItems(context.profile, context.rail, record.storyId).flatMap((group) =>
    group.items.map((item) => item.storyId),
  );
  return {
    files: new Map([
      [record.path, html],
      [documentPath, ninjs],
    ]),
    assets: [...used].sort(),
    railStoryIds,
  };
}

/** The site paths `renderStoryFiles` writes for a story: what an unpublish removes. */
export function storyFilePaths(record: Pick<ArchiveRecord, 'path' | 'storyId'>): string[] {
  return [record.path, ninjsPath(record.storyId)];
}
