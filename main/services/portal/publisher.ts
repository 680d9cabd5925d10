import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type {
  PortalContext,
  PublishOutcome,
  RebuildOutcome,
  UnpublishOutcome,
} from '../../../shared/api/portal';
import type { Photo } from '../../../shared/media/photo';
import { renderArticlePage } from '../../../shared/portal/article';
import { renderFeed, renderSitemap } from '../../../shared/portal/feeds';
import {
  homeCandidates,
  planHome,
  planSectionPages,
  renderHomePage,
  renderSectionPage,
} from '../../../shared/portal/indexPages';
import {
  absoluteUrl,
  FEED_PATH,
  HOME_PATH,
  mediaPath,
  proposeArticlePath,
  relativeHref,
  sectionIndexPath,
  SITEMAP_PATH,
} from '../../../shared/portal/paths';
import { findSection, listSections, type PortalProfile } from '../../../shared/portal/profile';
import { railItems, railPool } from '../../../shared/portal/rail';
import {
  type ArticleSummary,
  compareNewestFirst,
  type PortalPhoto,
  storyPhotoIds,
  summarizeStory,
  toPortalPhoto,
} from '../../../shared/portal/summary';
import { fail, ok, type Result } from '../../../shared/result';
import type { StoryWithBody } from '../../../shared/story/story';
import { type Archive, type ArchiveEntry, type ArchiveRecord, openArchive } from './archive';
import { forEachLimited, isNodeError } from './files';
import { isSafeSitePath, openSiteStore, type SiteStore } from './siteStore';

/** A file of the media library, as the library resolves it. */
export interface MediaFileRef {
  filePath: string;
  mimeType: string;
}

/** What the publisher needs from the rest of the workstation. */
export interface PublisherOptions {
  dataDir: string;
  /** The publish folder from settings; empty means `<data dir>/portal`. Read at every call. */
  publishFolder(): string;
  /** The portal profile from settings. Read at every call. */
  profile(): PortalProfile;
  /** The media library's photo record. */
  getPhoto(photoId: string): Promise<Photo | null>;
  /** The media library's file for `original`, `thumb` or a `w<width>` rendition. */
  resolveFile(photoId: string, file: string): Promise<MediaFileRef | null>;
  now?: () => number;
}

/** Publishes stories to the static portal and keeps the published archive. */
export interface Publisher {
  /** Publishes a story, or republishes it at the same URL (a correction). */
  publish(story: StoryWithBody): Promise<Result<PublishOutcome>>;
  /** Takes a story off the site: its page and every link to it. */
  unpublish(storyId: string, reason: string): Promise<Result<UnpublishOutcome>>;
  /** Builds the whole site again from the archive. */
  rebuild(): Promise<Result<RebuildOutcome>>;
  /** What the preview needs: the story's archived path, the home-page candidates, photos. */
  context(storyId: string, photoIds: readonly string[]): Promise<Result<PortalContext>>;
  /** Problems found while opening (unreadable records, an interrupted publish repaired). */
  problems(): Promise<string[]>;
}

/** The generation manifest: what the site was built from, to spot a stale site and skip pages. */
const MANIFEST_PATH = '.portal-generation.json';
/** Archive records in flight at once: reads overlap, and flushes share the journal's commits. */
const RECORD_WRITE_CONCURRENCY = 16;

function isSameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

/** Bumped when the templates change, so every page is rendered again. */
const TEMPLATE_VERSION = 1;

const manifestSchema = z.object({
  version: z.literal(1),
  archiveDigest: z.string(),
  profileDigest: z.string(),
  pageSignatures: z.record(z.string(), z.string()),
});
type Manifest = z.infer<typeof manifestSchema>;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function archiveDigest(entries: readonly ArchiveEntry[]): string {
  const lines = entries
    .map((entry) => `${entry.storyId}|${entry.status}|${entry.lastPublishedAt}|${entry.path}`)
    .sort();
  return digest(lines.join('\n'));
}

function profileDigest(profile: PortalProfile): string {
  return digest(JSON.stringify({ profile, TEMPLATE_VERSION }));
}

/** The section and its parent: a story in `news/sports` is listed on both. */
function sectionChain(sectionId: string): string[] {
  const [top] = sectionId.split('/');
  return top === undefined || top === sectionId ? [sectionId] : [top, sectionId];
}

/** Why a story cannot be published; empty when it can. */
function refusalReasons(
  story: StoryWithBody,
  profile: PortalProfile,
  photos: ReadonlyMap<string, Photo | null>,
): string[] {
  const reasons: string[] = [];
  if (story.headline.trim() === '') reasons.push('The headline is empty.');
  if (findSection(profile, story.section) === undefined) {
    reasons.push(`The section "${story.section}" is not a section of the portal.`);
  }
  const refs = [
    ...(story.leadPhoto === null ? [] : [{ ...story.leadPhoto, where: 'The lead photo' }]),
    ...story.body.flatMap((block, index) =>
      block.type === 'figure' ? [{ ...block, where: `The photo in block ${index + 1}` }] : [],
    ),
  ];
  for (const ref of refs) {
    if ((photos.get(ref.photoId) ?? null) === null) {
      reasons.push(`${ref.where} is no longer in the photo library.`);
      continue;
    }
    const missing = [
      ref.caption.trim() === '' ? 'caption' : '',
      ref.credit.trim() === '' ? 'credit' : '',
      ref.altText.trim() === '' ? 'alt text' : '',
    ].filter((field) => field !== '');
    if (missing.length > 0) reasons.push(`${ref.where} has no ${missing.join(', ')}.`);
  }
  return reasons;
}

/** Everything one change of the site renders and writes. */
interface SitePlan {
  /** Archive entries after the change (published and unpublished). */
  entries: Map<string, ArchiveEntry>;
  /** Articles to render; `isNew` records are saved, others only if their rail or photos moved. */
  articles: Array<{ record: ArchiveRecord; isNew: boolean }>;
  /** Archive records to save that are not re-rendered (an unpublished story). */
  extraRecords: ArchiveRecord[];
  removedPaths: string[];
  sections: Set<string>;
  isFull: boolean;
}

interface RenderedSite {
  writes: Map<string, string>;
  copies: Map<string, string>;
  removals: Set<string>;
  keep: Set<string>;
  records: ArchiveRecord[];
  pagesWritten: string[];
  manifest: Manifest;
}

/** A refusal the user reads; everything else is an internal error. */
class PublishRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** Opens the publisher over `<data dir>/archive` and the configured publish folder. */
export function createPublisher(options: PublisherOptions): Publisher {
  const now = options.now ?? Date.now;
  const archiveDirectory = path.join(options.dataDir, 'archive');
  const sites = new Map<string, Promise<SiteStore>>();
  let queue: Promise<unknown> = Promise.resolve();
  let needsRepair = false;

  function siteFolder(): string {
    const configured = options.publishFolder().trim();
    return configured === '' ? path.join(options.dataDir, 'portal') : configured;
  }

  function site(): Promise<SiteStore> {
    const folder = siteFolder();
    let store = sites.get(folder);
    if (store === undefined) {
      store = openSiteStore(folder, now);
      sites.set(folder, store);
      // A failed open is not cached, so fixing the folder and retrying works.
      store.catch(() => sites.delete(folder));
    }
    return store;
  }

  async function readManifest(store: SiteStore): Promise<Manifest | null> {
    const bytes = await store.readFile(MANIFEST_PATH);
    if (bytes === null) return null;
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  }

  const opened = (async () => {
    const result = await openArchive(archiveDirectory, now);
    try {
      await repairIfNeeded(result.archive, options.profile(), result.problems);
    } catch (error) {
      result.problems.push(
        `The published site could not be checked against the archive: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return result;
  })();
  // Callers await it; this only keeps an unreadable archive from crashing the process meanwhile.
  opened.catch(() => undefined);

  /** Runs one change at a time: publishes never interleave. */
  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function publishedSummaries(entries: Iterable<ArchiveEntry>): ArticleSummary[] {
    return [...entries]
      .filter((entry) => entry.status === 'published')
      .map((entry) => entry.summary)
      .sort(compareNewestFirst);
  }

  async function portalPhotos(ids: readonly string[]): Promise<Map<string, Photo | null>> {
    const photos = new Map<string, Photo | null>();
    for (const id of ids) photos.set(id, await options.getPhoto(id));
    return photos;
  }

  /** Renders every page a plan touches and works out which photo files to copy. */
  async function renderPlan(
    plan: SitePlan,
    store: SiteStore,
    profile: PortalProfile,
  ): Promise<RenderedSite> {
    const at = now();
    const previousManifest = plan.isFull ? null : await readManifest(store);
    const newestFirst = publishedSummaries(plan.entries.values());
    const registry = new Map<string, PortalPhoto>();
    for (const summary of newestFirst) {
      if (summary.image !== null) registry.set(summary.image.photo.id, summary.image.photo);
    }
    for (const { record } of plan.articles)
      for (const photo of record.photos) registry.set(photo.id, photo);

    const writes = new Map<string, string>();
    const mediaWanted = new Map<string, { photoId: string; name: string }>();
    function imageUrlFrom(pagePath: string, used?: Set<string>) {
      return (photoId: string, name: string): string => {
        const rendition = registry
          .get(photoId)
          ?.renditions.find((candidate) => candidate.name === name);
        const sitePath = mediaPath(photoId, name, rendition?.mimeType ?? 'image/jpeg');
        mediaWanted.set(sitePath, { photoId, name });
        used?.add(sitePath);
        return relativeHref(pagePath, sitePath);
      };
    }

    const records: ArchiveRecord[] = [...plan.extraRecords];
    const rail = railPool(profile, newestFirst);
    for (const { record, isNew } of plan.articles) {
      const used = new Set<string>();
      const html = renderArticlePage(record.story, {
        profile,
        path: record.path,
        now: at,
        photos: new Map(record.photos.map((photo) => [photo.id, photo])),
        recent: rail,
        imageUrl: imageUrlFrom(record.path, used),
      });
      writes.set(record.path, html);
      const railStoryIds = railItems(profile, rail, record.storyId).flatMap((group) =>
        group.items.map((item) => item.storyId),
      );
      const assets = [...used].sort();
      // A rebuild rewrites only the records whose page now links or uses something else.
      if (
        isNew ||
        !isSameList(record.railStoryIds, railStoryIds) ||
        !isSameList(record.assets, assets)
      ) {
        records.push({ ...record, railStoryIds, assets });
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
      .filter(
        (id) => plan.isFull || plan.sections.has(id) || !signatures.has(sectionIndexPath(id)),
      );
    for (const sectionId of sectionIds) {
      const plans = planSectionPages(sectionId, newestFirst, profile.articlesPerPage);
      const planned = new Set(plans.map((page) => page.path));
      for (const page of plans) {
        const signature = digest(JSON.stringify({ profileHash, page }));
        if (signatures.get(page.path) === signature) continue;
        writes.set(
          page.path,
          renderSectionPage(page, {
            profile,
            imageUrl: imageUrlFrom(page.path),
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
        imageUrl: imageUrlFrom(HOME_PATH),
        highlightStoryId: null,
        recent: newestFirst,
      }),
    );
    writes.set(FEED_PATH, renderFeed(profile, newestFirst, at));
    writes.set(SITEMAP_PATH, renderSitemap(profile, newestFirst, at));

    // Photos nobody uses any more leave with the page that used them.
    const inUse = new Set<string>([...mediaWanted.keys()]);
    const renderedIds = new Set(records.map((record) => record.storyId));
    for (const entry of plan.entries.values()) {
      if (entry.status === 'published' && !renderedIds.has(entry.storyId)) {
        for (const asset of entry.assets) inUse.add(asset);
      }
    }
    for (const record of records) {
      if (record.status === 'published') for (const asset of record.assets) inUse.add(asset);
    }
    for (const record of [...plan.extraRecords]) {
      for (const asset of plan.entries.get(record.storyId)?.assets ?? []) {
        if (!inUse.has(asset)) removals.add(asset);
      }
    }

    const copies = new Map<string, string>();
    const keep = new Set<string>();
    const missing: string[] = [];
    for (const [sitePath, { photoId, name }] of mediaWanted) {
      if (!isSafeSitePath(sitePath))
        throw new PublishRefusal('invalid_photo', `A photo id is not valid: ${photoId}`);
      const isOnSite = await store.hasFile(sitePath);
      if (isOnSite && !plan.isFull) continue;
      const file = await options.resolveFile(photoId, name);
      if (file !== null) copies.set(sitePath, file.filePath);
      else if (isOnSite) keep.add(sitePath);
      else
        missing.push(
          `The ${name} file of photo ${photoId.slice(0, 12)}… is not in the photo library.`,
        );
    }
    if (missing.length > 0) {
      throw new PublishRefusal(
        'photo_file_missing',
        'Some photo files are missing, so nothing was published.',
        missing,
      );
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
    return { writes, copies, removals, keep, records, pagesWritten, manifest };
  }

  function isSectionPageOf(sitePath: string, sectionId: string): boolean {
    return new RegExp(
      `^${sectionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(index|page-\\d+)\\.html$`,
    ).test(sitePath);
  }

  /** Renders, stages, records and swaps: the one way the site changes. */
  async function applyPlan(plan: SitePlan, archive: Archive, profile: PortalProfile) {
    const store = await site();
    const rendered = await renderPlan(plan, store, profile);
    await store.commit(
      {
        writes: rendered.writes,
        copies: rendered.copies,
        removals: rendered.removals,
        isFresh: plan.isFull,
        keep: rendered.keep,
      },
      async () => {
        // The archive is written before the swap; if this fails or the process dies here, the
        // manifest's digest no longer matches the archive and the next open rebuilds the site.
        try {
          await forEachLimited(rendered.records, RECORD_WRITE_CONCURRENCY, archive.put);
        } catch (error) {
          needsRepair = true;
          throw error;
        }
      },
    );
    return { ...rendered, store };
  }

  async function fullPlan(archive: Archive, extra: ArchiveRecord[] = []): Promise<SitePlan> {
    const entries = new Map(archive.all().map((entry) => [entry.storyId, entry]));
    const articles: Array<{ record: ArchiveRecord; isNew: boolean }> = [];
    const replaced = new Map(extra.map((record) => [record.storyId, record]));
    const toRead = [...entries.values()].filter(
      (entry) => entry.status === 'published' && !replaced.has(entry.storyId),
    );
    await forEachLimited(toRead, RECORD_WRITE_CONCURRENCY, async (entry) => {
      const record = await archive.read(entry.storyId);
      if (record !== null) articles.push({ record, isNew: false });
    });
    for (const record of extra) {
      entries.set(record.storyId, record);
      if (record.status === 'published') articles.push({ record, isNew: true });
    }
    return {
      entries,
      articles,
      extraRecords: extra.filter((record) => record.status !== 'published'),
      removedPaths: [],
      sections: new Set(),
      isFull: true,
    };
  }

  /** Rebuilds the site when it does not match the archive (an interrupted publish) or the profile. */
  async function repairIfNeeded(
    archive: Archive,
    profile: PortalProfile,
    problems: string[],
  ): Promise<void> {
    const store = await site();
    const manifest = await readManifest(store);
    const isEmpty = archive.all().length === 0 && (await store.currentDirectory()) === null;
    const isStale =
      !isEmpty &&
      (manifest === null ||
        manifest.archiveDigest !== archiveDigest(archive.all()) ||
        manifest.profileDigest !== profileDigest(profile));
    if (!needsRepair && !isStale) return;
    await applyPlan(await fullPlan(archive), archive, profile);
    if (manifest !== null && manifest.archiveDigest !== archiveDigest(archive.all())) {
      problems.push(
        'The published site did not match the archive (a publish was interrupted), so it was rebuilt from the archive.',
      );
    }
    needsRepair = false;
  }

  function refusal<T>(error: unknown): Result<T> {
    if (error instanceof PublishRefusal) return fail(error.code, error.message, error.details);
    const message = error instanceof Error ? error.message : String(error);
    if (isNodeError(error, 'ENOSPC')) {
      return fail(
        'disk_full',
        'The disk is full, so nothing was published. The site is as it was.',
        [message],
      );
    }
    if (isNodeError(error, 'ENOENT')) {
      return fail(
        'file_missing',
        'A file the site needs has gone missing, so nothing was published. The site is as it was.',
        [message],
      );
    }
    if (isNodeError(error, 'EACCES', 'EPERM', 'EROFS')) {
      return fail(
        'not_writable',
        'The publish folder cannot be written, so nothing was published.',
        [message],
      );
    }
    throw error;
  }

  async function publish(story: StoryWithBody): Promise<Result<PublishOutcome>> {
    return serialised(async () => {
      const started = performance.now();
      const { archive, problems } = await opened;
      const profile = options.profile();
      const photos = await portalPhotos(storyPhotoIds(story));
      const reasons = refusalReasons(story, profile, photos);
      if (reasons.length > 0)
        return fail('publish_refused', 'This story cannot be published yet.', reasons);
      try {
        await repairIfNeeded(archive, profile, problems);
        const at = now();
        const existing = archive.get(story.id);
        const requestedPath = story.publishedPath;
        const isRequestedFree =
          requestedPath !== null &&
          isSafeSitePath(requestedPath) &&
          requestedPath.endsWith('.html') &&
          (archive.findByPath(requestedPath)?.storyId ?? story.id) === story.id;
        const sitePath =
          existing?.path ??
          (isRequestedFree && requestedPath !== null
            ? requestedPath
            : proposeArticlePath(
                story,
                profile,
                story.firstPublishedAt ?? at,
                (candidate) =>
                  archive.findByPath(candidate) !== undefined || reservedPath(candidate),
              ));
        const firstPublishedAt = existing?.firstPublishedAt ?? story.firstPublishedAt ?? at;
        const times = { firstPublishedAt, lastPublishedAt: at };
        const published: StoryWithBody = {
          ...story,
          state: 'published',
          publishedPath: sitePath,
          ...times,
        };
        const portal = new Map(
          [...photos].flatMap(([id, photo]) =>
            photo === null ? [] : [[id, toPortalPhoto(photo)] as const],
          ),
        );
        const summary = summarizeStory(published, sitePath, times, portal);
        const record: ArchiveRecord = {
          version: 1,
          storyId: story.id,
          path: sitePath,
          status: 'published',
          ...times,
          unpublishedAt: null,
          unpublishReason: '',
          story: published,
          photos: [...portal.values()],
          summary,
          railStoryIds: [],
          assets: [],
        };
        const entries = new Map(archive.all().map((entry) => [entry.storyId, entry]));
        entries.set(story.id, record);
        const sections = new Set([
          ...sectionChain(story.section),
          ...(existing === undefined ? [] : sectionChain(existing.summary.section)),
        ]);
        const plan: SitePlan = {
          entries,
          articles: [{ record, isNew: true }],
          extraRecords: [],
          removedPaths: [],
          sections,
          isFull: false,
        };
        const rendered = await applyPlan(plan, archive, profile);
        const folder = rendered.store.folder;
        return ok({
          url: absoluteUrl(profile, sitePath),
          path: sitePath,
          localFile: path.join(folder, 'current', ...sitePath.split('/')),
          pagesWritten: rendered.pagesWritten,
          filesCopied: [...rendered.copies.keys()].sort(),
          durationMs: Math.round(performance.now() - started),
          ...times,
          isCorrection: existing?.status === 'published',
        });
      } catch (error) {
        return refusal(error);
      }
    });
  }

  async function unpublish(storyId: string, reason: string): Promise<Result<UnpublishOutcome>> {
    return serialised(async () => {
      const started = performance.now();
      const { archive, problems } = await opened;
      const profile = options.profile();
      const existing = await archive.read(storyId);
      if (existing === null || existing.status !== 'published') {
        return fail(
          'not_published',
          'This story is not on the site, so there is nothing to unpublish.',
        );
      }
      try {
        await repairIfNeeded(archive, profile, problems);
        const record: ArchiveRecord = {
          ...existing,
          status: 'unpublished',
          unpublishedAt: now(),
          unpublishReason: reason.trim(),
          story: { ...existing.story, state: 'unpublished' },
        };
        const entries = new Map(archive.all().map((entry) => [entry.storyId, entry]));
        entries.set(storyId, record);
        // Article pages whose rail links to the story are rendered again without it.
        const articles: Array<{ record: ArchiveRecord; isNew: boolean }> = [];
        for (const entry of entries.values()) {
          if (entry.status !== 'published' || !entry.railStoryIds.includes(storyId)) continue;
          const linking = await archive.read(entry.storyId);
          if (linking !== null) articles.push({ record: linking, isNew: false });
        }
        const plan: SitePlan = {
          entries,
          articles,
          extraRecords: [record],
          removedPaths: [existing.path],
          sections: new Set(sectionChain(existing.summary.section)),
          isFull: false,
        };
        const rendered = await applyPlan(plan, archive, profile);
        return ok({
          path: existing.path,
          pagesWritten: rendered.pagesWritten,
          pagesRemoved: [...rendered.removals].sort(),
          durationMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        return refusal(error);
      }
    });
  }

  async function rebuild(): Promise<Result<RebuildOutcome>> {
    return serialised(async () => {
      const started = performance.now();
      const { archive } = await opened;
      const profile = options.profile();
      try {
        const plan = await fullPlan(archive);
        const rendered = await applyPlan(plan, archive, profile);
        needsRepair = false;
        return ok({
          storyCount: plan.articles.length,
          pageCount: rendered.pagesWritten.length,
          siteFolder: rendered.store.folder,
          durationMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        return refusal(error);
      }
    });
  }

  async function context(
    storyId: string,
    photoIds: readonly string[],
  ): Promise<Result<PortalContext>> {
    const { archive } = await opened;
    const entry = archive.get(storyId);
    const photos: PortalPhoto[] = [];
    for (const id of new Set(photoIds)) {
      const photo = await options.getPhoto(id);
      if (photo !== null) photos.push(toPortalPhoto(photo));
    }
    return ok({
      archivedPath: entry?.path ?? null,
      firstPublishedAt: entry?.firstPublishedAt ?? null,
      recent: homeCandidates(options.profile(), publishedSummaries(archive.all())),
      photos,
    });
  }

  async function problems(): Promise<string[]> {
    return (await opened).problems;
  }

  return { publish, unpublish, rebuild, context, problems };
}

/** Paths an article may never take: the site's own pages. */
function reservedPath(sitePath: string): boolean {
  return /(^|\/)(index|page-\d+)\.html$/.test(sitePath);
}
