import path from 'node:path';
import type {
  PortalContext,
  PublishOutcome,
  RebuildOutcome,
  UnpublishOutcome,
} from '../../../shared/api/portal';
import type { Photo } from '../../../shared/media/photo';
import { homeCandidates } from '../../../shared/portal/indexPages';
import { absoluteUrl, isArticlePath, proposeArticlePath } from '../../../shared/portal/paths';
import type { PortalProfile } from '../../../shared/portal/profile';
import {
  type PortalPhoto,
  storyPhotoIds,
  summarizeStory,
  toPortalPhoto,
} from '../../../shared/portal/summary';
import { fail, ok, type Result } from '../../../shared/result';
import type { Role } from '../../../shared/settings/settings';
import type { StoryWithBody } from '../../../shared/story/story';
import { decide, type TransitionInput } from '../../../shared/workflow/decide';
import {
  type PublishingAction,
  TRANSITIONS,
  type WorkflowAction,
} from '../../../shared/workflow/transitions';
import { forEachLimited } from '../common/concurrency';
import { errorMessage } from '../common/errors';
import { createSerialQueue } from '../common/serialQueue';
import { type Archive, type ArchiveRecord, openArchive } from './archive';
import { archiveDigest, profileDigest, readManifest } from './manifest';
import { type PhotoSource, resolvePhotoFiles } from './photoFiles';
import { PublishRefusal, publishFailure } from './publishErrors';
import { publishedSummaries, renderSite } from './renderSite';
import { openSiteStore, type SiteStore } from './siteStore';
import { planFull, planPublish, planUnpublish, type SitePlan, storiesLinkingTo } from './sitePlan';

/**
 * What the publisher runs on: its folders, the portal profile, the photo library and a clock. It
 * knows nothing of Electron, settings or accounts, so a workstation and the newsroom server run
 * the same publisher.
 */
export interface PublisherOptions {
  /** Where the published archive lives (one JSON record per story). */
  archiveDirectory: string;
  /** The publish folder; read at every change (a workstation's settings may point elsewhere). */
  siteFolder(): string;
  /** The portal profile; read at every change. */
  profile(): PortalProfile;
  photos: PhotoSource;
  now(): number;
}

/** A publishing transition as a caller asks for it: the story as it is now, the action, who acts. */
export interface PublishRequest {
  story: StoryWithBody;
  action: PublishingAction;
  input: TransitionInput;
  /** The role of whoever acts, from the caller's own settings or account, never from a client. */
  role: Role;
}

/** Taking a published story down, as a caller asks for it. */
export interface UnpublishRequest {
  story: StoryWithBody;
  reason: string;
  role: Role;
}

/** Publishes stories to the static portal and keeps the published archive. */
export interface Publisher {
  /**
   * Decides the transition with the one workflow rule (`decide`: role, state, publish gate, its
   * input), then publishes the story as the decision leaves it, at the path the publisher derives
   * (kept through corrections).
   */
  publish(request: PublishRequest): Promise<Result<PublishOutcome>>;
  /** Decides `unpublish` the same way, then takes the story's files and every link to it off the site. */
  unpublish(request: UnpublishRequest): Promise<Result<UnpublishOutcome>>;
  /** Builds the whole site again from the archive. */
  rebuild(): Promise<Result<RebuildOutcome>>;
  /** What the preview needs: the story's archived path, the home-page candidates, photos. */
  context(storyId: string, photoIds: readonly string[]): Promise<Result<PortalContext>>;
  /** Problems found while opening (unreadable records, an interrupted publish repaired). */
  problems(): Promise<string[]>;
  /**
   * Resolves once the work queued publishes and rebuilds leave for after they return is done
   * (old generations removed, the disk flushed): for a measurement or a test's clean-up.
   */
  settled(): Promise<void>;
}

/** Archive records read or written at once: reads overlap, and flushes share the journal's commits. */
const RECORD_CONCURRENCY = 16;

function refused<T>(action: WorkflowAction, reasons: string[]): Result<T> {
  return fail('refused', `${TRANSITIONS[action].label} was refused.`, reasons);
}

/** The photo records a story uses, null for each the library no longer has. */
async function storyPhotos(
  story: StoryWithBody,
  photos: PhotoSource,
): Promise<Map<string, Photo | null>> {
  const found = new Map<string, Photo | null>();
  for (const id of storyPhotoIds(story)) found.set(id, await photos.getPhoto(id));
  return found;
}

/** Why a story's photos keep it off the site: each one the library no longer has. */
function missingPhotoReasons(story: StoryWithBody, found: ReadonlyMap<string, Photo | null>) {
  const refs = [
    ...(story.leadPhoto === null ? [] : [{ ...story.leadPhoto, where: 'Lead photo' }]),
    ...story.body
      .filter((block) => block.type === 'figure')
      .map((block, index) => ({ ...block, where: `Figure ${index + 1}` })),
  ];
  return refs
    .filter((ref) => (found.get(ref.photoId) ?? null) === null)
    .map((ref) => `${ref.where}: the photo is no longer in the photo library; choose another.`);
}

/** Opens the publisher over its archive and publish folder. */
export function createPublisher(options: PublisherOptions): Publisher {
  const { now, photos } = options;
  const sites = new Map<string, Promise<SiteStore>>();
  const queue = createSerialQueue();
  let needsRepair = false;

  function site(): Promise<SiteStore> {
    const folder = options.siteFolder();
    let store = sites.get(folder);
    if (store === undefined) {
      store = openSiteStore(folder, now);
      sites.set(folder, store);
      // A failed open is not cached, so fixing the folder and retrying works.
      store.catch(() => sites.delete(folder));
    }
    return store;
  }

  const opened = (async () => {
    const result = await openArchive(options.archiveDirectory, now);
    try {
      await repairIfNeeded(result.archive, options.profile(), result.problems);
    } catch (error) {
      result.problems.push(
        `The published site could not be checked against the archive: ${errorMessage(error)}`,
      );
    }
    return result;
  })();
  // Callers await it; this only keeps an unreadable archive from crashing the process meanwhile.
  opened.catch(() => undefined);

  /** Renders, stages, records and swaps: the one way the site changes. */
  async function applyPlan(plan: SitePlan, archive: Archive, profile: PortalProfile) {
    const store = await site();
    const previousManifest = plan.isFull ? null : await readManifest(store);
    const rendered = renderSite(plan, profile, now(), previousManifest);
    const { copies, keep } = await resolvePhotoFiles(
      rendered.photoFiles,
      store,
      photos,
      plan.isFull,
    );
    await store.commit(
      { writes: rendered.writes, copies, removals: rendered.removals, isFresh: plan.isFull, keep },
      async () => {
        // The archive is written before the swap; if this fails or the process dies here, the
        // manifest's digest no longer matches the archive and the next open rebuilds the site.
        try {
          await forEachLimited(rendered.records, RECORD_CONCURRENCY, archive.put);
        } catch (error) {
          needsRepair = true;
          throw error;
        }
      },
    );
    return { ...rendered, copies, store };
  }

  async function readPublished(archive: Archive): Promise<ArchiveRecord[]> {
    const records: ArchiveRecord[] = [];
    const published = archive.all().filter((entry) => entry.status === 'published');
    await forEachLimited(published, RECORD_CONCURRENCY, async (entry) => {
      const record = await archive.read(entry.storyId);
      if (record !== null) records.push(record);
    });
    return records;
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
    await applyPlan(planFull(archive.all(), await readPublished(archive)), archive, profile);
    if (manifest !== null && manifest.archiveDigest !== archiveDigest(archive.all())) {
      problems.push(
        'The published site did not match the archive (a publish was interrupted), so it was rebuilt from the archive.',
      );
    }
    needsRepair = false;
  }

  /** The path the publisher gives a story: its archived one, or a new one dated today. */
  function articlePathFor(
    story: StoryWithBody,
    archive: Archive,
    profile: PortalProfile,
    at: number,
  ): string {
    const existing = archive.get(story.id);
    if (existing !== undefined) return existing.path;
    const derived = proposeArticlePath(story, profile, at, (candidate) => {
      const holder = archive.findByPath(candidate);
      return holder !== undefined && holder.storyId !== story.id;
    });
    // The gate and the profile schema make this impossible; a bug must not write elsewhere.
    if (!isArticlePath(derived))
      throw new PublishRefusal('invalid_path', `The story's page cannot be placed at ${derived}.`);
    return derived;
  }

  async function publish(request: PublishRequest): Promise<Result<PublishOutcome>> {
    return queue.run(async () => {
      const started = performance.now();
      const { archive, problems } = await opened;
      const profile = options.profile();
      const at = now();
      const decision = decide(request.story, request.action, request.role, request.input, {
        now: at,
        profile,
      });
      const found = await storyPhotos(request.story, photos);
      const missing = missingPhotoReasons(request.story, found);
      if (!decision.allowed || missing.length > 0)
        return refused(request.action, [...(decision.allowed ? [] : decision.reasons), ...missing]);
      const story: StoryWithBody = { ...request.story, ...decision.next };
      try {
        await repairIfNeeded(archive, profile, problems);
        const existing = archive.get(story.id);
        const sitePath = articlePathFor(story, archive, profile, at);
        const times = { firstPublishedAt: existing?.firstPublishedAt ?? at, lastPublishedAt: at };
        const published: StoryWithBody = { ...story, publishedPath: sitePath, ...times };
        const portal = new Map<string, PortalPhoto>();
        for (const [id, photo] of found) if (photo !== null) portal.set(id, toPortalPhoto(photo));
        const record: ArchiveRecord = {
          version: 1,
          storyId: story.id,
          path: sitePath,
          status: 'published',
          revision: (existing?.revision ?? 0) + 1,
          ...times,
          unpublishedAt: null,
          unpublishReason: '',
          story: published,
          photos: [...portal.values()],
          summary: summarizeStory(published, sitePath, times, portal),
          railStoryIds: [],
          assets: [],
        };
        const rendered = await applyPlan(
          planPublish(archive.all(), record, existing),
          archive,
          profile,
        );
        return ok({
          url: absoluteUrl(profile, sitePath),
          path: sitePath,
          localFile: path.join(rendered.store.folder, 'current', ...sitePath.split('/')),
          pagesWritten: rendered.pagesWritten,
          filesCopied: [...rendered.copies.keys()].sort(),
          durationMs: Math.round(performance.now() - started),
          ...times,
          isCorrection: existing?.status === 'published',
        });
      } catch (error) {
        return publishFailure(error);
      }
    });
  }

  async function unpublish(request: UnpublishRequest): Promise<Result<UnpublishOutcome>> {
    return queue.run(async () => {
      const started = performance.now();
      const { archive, problems } = await opened;
      const profile = options.profile();
      const at = now();
      const decision = decide(
        request.story,
        'unpublish',
        request.role,
        { reason: request.reason },
        { now: at, profile },
      );
      if (!decision.allowed) return refused('unpublish', decision.reasons);
      const existing = await archive.read(request.story.id);
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
          unpublishedAt: at,
          unpublishReason: decision.note,
          story: { ...existing.story, state: 'unpublished' },
        };
        const linking: ArchiveRecord[] = [];
        for (const storyId of storiesLinkingTo(archive.all(), existing.storyId)) {
          const linked = await archive.read(storyId);
          if (linked !== null) linking.push(linked);
        }
        const rendered = await applyPlan(
          planUnpublish(archive.all(), record, linking),
          archive,
          profile,
        );
        return ok({
          path: existing.path,
          pagesWritten: rendered.pagesWritten,
          pagesRemoved: [...rendered.removals].sort(),
          durationMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        return publishFailure(error);
      }
    });
  }

  async function rebuild(): Promise<Result<RebuildOutcome>> {
    return queue.run(async () => {
      const started = performance.now();
      const { archive } = await opened;
      const profile = options.profile();
      try {
        const plan = planFull(archive.all(), await readPublished(archive));
        const rendered = await applyPlan(plan, archive, profile);
        needsRepair = false;
        return ok({
          storyCount: plan.articles.length,
          pageCount: rendered.pagesWritten.length,
          siteFolder: rendered.store.folder,
          durationMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        return publishFailure(error);
      }
    });
  }

  async function context(
    storyId: string,
    photoIds: readonly string[],
  ): Promise<Result<PortalContext>> {
    const { archive } = await opened;
    const entry = archive.get(storyId);
    const portalPhotos: PortalPhoto[] = [];
    for (const id of new Set(photoIds)) {
      const photo = await photos.getPhoto(id);
      if (photo !== null) portalPhotos.push(toPortalPhoto(photo));
    }
    return ok({
      archivedPath: entry?.path ?? null,
      firstPublishedAt: entry?.firstPublishedAt ?? null,
      recent: homeCandidates(options.profile(), publishedSummaries(archive.all())),
      photos: portalPhotos,
    });
  }

  async function problems(): Promise<string[]> {
    return (await opened).problems;
  }

  async function settled(): Promise<void> {
    await opened;
    await queue.run(async () => {
      await Promise.all(
        [...sites.values()].map((store) =>
          store.then(
            (open) => open.settled(),
            () => undefined,
          ),
        ),
      );
    });
  }

  return { publish, unpublish, rebuild, context, problems, settled };
}
