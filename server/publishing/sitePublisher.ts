import path from 'node:path';
import type { PortalContext, PublishOutcome, UnpublishOutcome } from '../../shared/api/portal';
import { DEFAULT_PORTAL_PROFILE, type PortalProfile } from '../../shared/portal/profile';
import type { Result } from '../../shared/result';
import type { PhotoSource } from '../../main/services/portal/photoFiles';
import {
  createPublisher,
  type Publisher,
  type PublishRequest,
  type UnpublishRequest,
} from '../../main/services/portal/publisher';
import { currentGeneration } from '../../main/services/portal/siteStore';
import type { Store } from '../store/store';
import { recordSiteGeneration } from './siteFiles';
import { createSiteLock } from './siteLock';

/**
 * The server's published site (issue 11, point 2): the workstation's own publisher (one renderer,
 * one site store, written atomically as on a workstation) over the server's archive
 * (`<data dir>/archive`), publish folder, profile and photo library.
 *
 * Several server processes of one newsroom share the data folder, so changes of the site take
 * turns across processes (the site lock) and a process whose publisher last saw another
 * generation than the one readers get now opens it afresh (the publisher keeps the archive's index
 * and the site's file list in memory). Every generation is recorded in the store for the publish
 * targets' outbox.
 */
export interface ServerSite {
  /**
   * Runs `work` while no other writer, in any process, changes the site or a story's workflow
   * state. The other methods but `context` are called inside it.
   */
  serially<T>(work: () => Promise<T>): Promise<T>;
  publish(request: PublishRequest): Promise<Result<PublishOutcome>>;
  unpublish(request: UnpublishRequest): Promise<Result<UnpublishOutcome>>;
  /** What the preview needs from the site as the server has it now. */
  context(storyId: string, photoIds: readonly string[]): Promise<Result<PortalContext>>;
  /** Opens the site (repairing it if a publish was interrupted) and records its generation. */
  open(): Promise<void>;
  /** Calls `listener` after each generation this process records. */
  onGeneration(listener: () => void): void;
  /** The publish folder. */
  readonly folder: string;
}

/** Opens the server's site over its folders; nothing is read until `open` or the first publish. */
export function createServerSite(options: {
  store: Store;
  dataDir: string;
  publishDir: string;
  photos: PhotoSource;
  profile: () => Promise<PortalProfile>;
  now: () => number;
  log: (line: string) => void;
}): ServerSite {
  const lock = createSiteLock(options.store);
  const folder = path.resolve(options.publishDir);
  const listeners: Array<() => void> = [];
  let profile: PortalProfile = DEFAULT_PORTAL_PROFILE;
  let publisher: Publisher | null = null;
  /** The generation this process's publisher made or found last. */
  let known: string | null = null;

  async function currentId(): Promise<string | null> {
    return (await currentGeneration(folder))?.id ?? null;
  }

  /** The publisher, opened afresh if the site moved on without it (or the profile changed). */
  async function fresh(): Promise<Publisher> {
    profile = await options.profile();
    const current = await currentId();
    if (publisher === null || current !== known) {
      publisher = createPublisher({
        archiveDirectory: path.join(options.dataDir, 'archive'),
        siteFolder: () => folder,
        profile: () => profile,
        photos: options.photos,
        now: options.now,
      });
      for (const problem of await publisher.problems()) options.log(`Published site: ${problem}`);
    }
    return publisher;
  }

  /** Records the generation readers get now, and tells the outbox. */
  async function settle(): Promise<void> {
    const generation = await recordSiteGeneration(options.store, folder, options.now);
    const id = generation?.id ?? null;
    if (id !== known) {
      known = id;
      for (const listener of listeners) listener();
    }
  }

  async function change<T>(work: (current: Publisher) => Promise<Result<T>>): Promise<Result<T>> {
    const current = await fresh();
    try {
      return await work(current);
    } finally {
      await settle();
    }
  }

  return {
    folder,
    serially: (work) => lock.run(work),
    publish: (request) => change((current) => current.publish(request)),
    unpublish: (request) => change((current) => current.unpublish(request)),
    async context(storyId, photoIds) {
      const current = publisher !== null && (await currentId()) === known ? publisher : null;
      if (current !== null) return current.context(storyId, photoIds);
      return lock.run(
        async () => await change(async (opened) => opened.context(storyId, photoIds)),
      );
    },
    open: () =>
      lock.run(async () => {
        await fresh();
        await settle();
      }),
    onGeneration(listener) {
      listeners.push(listener);
    },
  };
}
