import { renderFeed, renderSitemap } from '../../../shared/portal/feeds';
import {
  planHome,
  planSectionPages,
  renderHomePage,
  renderSectionPage,
} from '../../../shared/portal/indexPages';
import {
  FEED_PATH,
  HOME_PATH,
  mediaPath,
  relativeHref,
  sectionIndexPath,
  SITEMAP_PATH,
} from '../../../shared/portal/paths';
import { listSections, type PortalProfile } from '../../../shared/portal/profile';
import { railPool } from '../../../shared/portal/rail';
import {
  type ArticleSummary,
  compareNewestFirst,
  type PortalPhoto,
} from '../../../shared/portal/summary';
import type { ArchiveEntry, ArchiveRecord } from './archive';
import { archiveDigest, digest, type Manifest, MANIFEST_PATH, profileDigest } from './manifest';
import type { SitePlan } from './sitePlan';
import { renderStoryFiles } from './storyFiles';

/** A photo file a page uses: which photo, which rendition. */
export interface WantedPhotoFile {
  photoId: string;
  name: string;
}

/** Everything a plan renders, before photo files are looked up. */
export interface RenderedSite {
  /** Site path → content, the manifest included. */
  writes: Map<string, string>;
  /** Photo files the rendered pages use, by site path. */
  photoFiles: Map<string, WantedPhotoFile>;
  removals: Set<string>;
  /** Archive records to save (new ones, and old ones whose rail or photos moved). */
  records: ArchiveRecord[];
  /** Site paths of the pages written (the manifest left out). */
  pagesWritten: string[];
  manifest: Manifest;
}

/** The published stories newest first: what index pages, rails, feed and sitemap list. */
export function publishedSummaries(entries: Iterable<ArchiveEntry>): ArticleSummary[] {
  return [...entries]
    .filter((entry) => entry.status === 'published')
    .map((entry) => entry.summary)
    .sort(compareNewestFirst);
}

function isSameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

function isSectionPageOf(sitePath: string, sectionId: string): boolean {
  if (!sitePath.startsWith(`${sectionId}/`)) return false;
  return /^(index|page-\d+)\.html$/.test(sitePath.slice(sectionId.length + 1));
}

/**
 * Renders every page a plan touches: the stories' own files, the section pages whose content
 * changed (by signature against the previous manifest), home, feed and sitemap. Pure: reading
 * and writing files is the caller's.
 */
export function renderSite(
  plan: SitePlan,
  profile: PortalProfile,
  now: number,
  previousManifest: Manifest | null,
): RenderedSite {
  const newestFirst = publishedSummaries(plan.entries.values());
  const registry = new Map<string, PortalPhoto>();
  for (const summary of newestFirst) {
    if (summary.image !== null) registry.set(summary.image.photo.id, summary.image.photo);
  }
  for (const { record } of plan.articles)
    for (const photo of record.photos) registry.set(photo.id, photo);

  const writes = new Map<string, string>();
  const photoFiles = new Map<string, WantedPhotoFile>();
  function imageUrl(pagePath: string, photoId: string, name: string, used?: Set<string>): string {
    const rendition = registry
      .get(photoId)
      ?.renditions.find((candidate) => candidate.name === name);
    const sitePath = mediaPath(photoId, name, rendition?.mimeType ?? 'image/jpeg');
    photoFiles.set(sitePath, { photoId, name });
    used?.add(sitePath);
    return relativeHref(pagePath, sitePath);
  }

  const records: ArchiveRecord[] = [...plan.extraRecords];
  const rail = railPool(profile, newestFirst);
  for (const { record, isNew } of plan.articles) {
    const rendered = renderStoryFiles(record, { profile, now, rail, imageUrl });
    for (const [sitePath, content] of rendered.files) writes.set(sitePath, content);
    // A rebuild rewrites only the records whose page now links or uses something else.
    if (
      isNew ||
      !isSameList(record.railStoryIds, rendered.railStoryIds) ||
      !isSameList(record.assets, rendered.assets)
    ) {
      records.push({ ...record, railStoryIds: rendered.railStoryIds, assets: rendered.assets });
    }
  }

  const profileHash = profileDigest(profile);
  const signatures = new Map<string, string>(
    plan.isFull ? [] : Object.entries(previousManifest?.pageSignatures ?? {}),
  );
  const removals = new Set(plan.removedPaths);
  // Every section has a front page from the first publish on, so the navigation never dangles.
  const sectionIds = listSections(profile)
    .map((section) => section.id)
    .filter((id) => plan.isFull || plan.sections.has(id) || !signatures.has(sectionIndexPath(id)));
  for (const sectionId of sectionIds) {
    const pages = planSectionPages(sectionId, newestFirst, profile.articlesPerPage);
    const planned = new Set(pages.map((page) => page.path));
    for (const page of pages) {
      const signature = digest(JSON.stringify({ profileHash, page }));
      if (signatures.get(page.path) === signature) continue;
      writes.set(
        page.path,
        renderSectionPage(page, {
          profile,
          imageUrl: (photoId, name) => imageUrl(page.path, photoId, name),
          highlightStoryId: null,
        }),
      );
      signatures.set(page.path, signature);
    }
    // Archive pages a shrinking section no longer has.
    for (const stalePath of [...signatures.keys()]) {
      if (isSectionPageOf(stalePath, sectionId) && !planned.has(stalePath)) {
        removals.add(stalePath);
        signatures.delete(stalePath);
      }
    }
  }
  writes.set(
    HOME_PATH,
    renderHomePage(planHome(profile, newestFirst), {
      profile,
      imageUrl: (photoId, name) => imageUrl(HOME_PATH, photoId, name),
      highlightStoryId: null,
      recent: newestFirst,
    }),
  );
  writes.set(FEED_PATH, renderFeed(profile, newestFirst, now));
  writes.set(SITEMAP_PATH, renderSitemap(profile, newestFirst, now));

  // Photos nobody uses any more leave with the page that used them.
  const inUse = new Set<string>(photoFiles.keys());
  const renderedIds = new Set(records.map((record) => record.storyId));
  for (const entry of plan.entries.values()) {
    if (entry.status === 'published' && !renderedIds.has(entry.storyId)) {
      for (const asset of entry.assets) inUse.add(asset);
    }
  }
  for (const record of records) {
    if (record.status === 'published') for (const asset of record.assets) inUse.add(asset);
  }
  for (const record of plan.extraRecords) {
    for (const asset of plan.entries.get(record.storyId)?.assets ?? []) {
      if (!inUse.has(asset)) removals.add(asset);
    }
  }

  const pagesWritten = [...writes.keys()].sort();
  const manifest: Manifest = {
    version: 1,
    archiveDigest: archiveDigest([...plan.entries.values()]),
    profileDigest: profileHash,
    pageSignatures: Object.fromEntries(
      [...signatures].sort(([left], [right]) => left.localeCompare(right)),
    ),
  };
  writes.set(MANIFEST_PATH, JSON.stringify(manifest));
  return { writes, photoFiles, removals, records, pagesWritten, manifest };
}
