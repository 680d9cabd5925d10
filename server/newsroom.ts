import path from 'node:path';
import { createAccounts, type Accounts } from './accounts/accounts';
import { startChangeWatcher, type ChangeWatcher } from './events/changeWatcher';
import { createNewsroomEvents, type NewsroomEvents } from './events/newsroomEvents';
import { openRedisDoorbell, type Doorbell } from './events/redisDoorbell';
import { createNewsroomPhotos, type NewsroomPhotos } from './photos/newsroomPhotos';
import { startScheduler, type Scheduler } from './publishing/scheduler';
import { createServerSite, type ServerSite } from './publishing/sitePublisher';
import { startOutbox, type Outbox } from './publishing/targets/outbox';
import { createTargets, type Targets } from './publishing/targets/targets';
import { createProfileStore, type ProfileStore } from './profile/profileStore';
import { openStore, type Store, type StoreLocation } from './store/store';
import { createStories, type Stories } from './stories/stories';
import {
  createBodyStore,
  createStoredDocuments,
  type BodyStore,
  type StoryDocuments,
} from './stories/storyDocuments';
import type { StoryContext } from './stories/storyWrites';
import { createUploader } from './stories/upload';
import { createDictionary, type Dictionary } from './words/dictionary';
import { createWorkflow, type Workflow } from './workflow/transitions';

/** How a newsroom's services are opened. */
export interface NewsroomOptions {
  /** The server's data folder: the embedded store (without a database URL) and the published site. */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  sessionDays: number;
  /** Where the server writes the portal; default `<data dir>/portal`. */
  publishDir?: string;
  /** Whether to release scheduled stories at their time (tests of the scheduler drive it). */
  isSchedulerRunning?: boolean;
  /** Where S3 targets find their keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); `process.env`. */
  environment?: NodeJS.ProcessEnv;
  /** The outbox's retry delays (tests shorten them). */
  targetBackoff?: { firstMs: number; maxMs: number };
  now?: () => number;
  /** Where problems that are nobody's request go (stderr in the server). */
  log: (line: string) => void;
}

/** The newsroom server's services over one store: what every transport calls. */
export interface Newsroom {
  store: Store;
  events: NewsroomEvents;
  accounts: Accounts;
  profiles: ProfileStore;
  /** The newsroom's spelling dictionary (`words:list`, `words:add`). */
  dictionary: Dictionary;
  stories: Stories;
  workflow: Workflow;
  uploader: ReturnType<typeof createUploader>;
  bodies: BodyStore;
  /** The newsroom's photo library (files in `<data dir>/media`, records in the store). */
  photos: NewsroomPhotos;
  /** The published site and its lock. */
  site: ServerSite;
  /** The scheduler of releases, when it runs. */
  scheduler: Scheduler | null;
  /** The publish targets, and the outbox copying each generation of the site to them. */
  targets: Targets;
  outbox: Outbox;
  /** The documents seam (storyDocuments.ts): collab installs its live implementation here. */
  useDocuments(documents: StoryDocuments): void;
  /** The folder the portal is published to. */
  publishDir: string;
  /** The Redis the processes of this newsroom share, if any (collab's Redis extension uses it too). */
  redisUrl: string | null;
  /** Where problems that are nobody's request go. */
  log(line: string): void;
  /** Raises every change committed so far as an event (tests, and before answering a push). */
  settle(): Promise<void>;
  /** Runs before the store closes at shutdown (collab stores every document here). */
  onShutdown(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

/** Opens the store, brings up every service, and starts watching for changes. */
export async function openNewsroom(options: NewsroomOptions): Promise<Newsroom> {
  const location: StoreLocation =
    options.databaseUrl === undefined
      ? { dataDir: options.dataDir }
      : { databaseUrl: options.databaseUrl };
  const store = await openStore(location);
  const now = options.now ?? Date.now;
  const events = createNewsroomEvents((error) =>
    options.log(
      `An event listener failed: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  let doorbell: Doorbell | null = null;
  let watcher: ChangeWatcher | null = null;
  function onCommitted(): void {
    watcher?.poke();
    doorbell?.ring();
  }
  const accounts = createAccounts({ store, sessionDays: options.sessionDays, now, onCommitted });
  const profiles = createProfileStore({ store, now, onCommitted });
  const dictionary = createDictionary({ store, now, onCommitted });
  const bodies = createBodyStore({ store, now, onCommitted });
  let documents: StoryDocuments = createStoredDocuments(bodies);
  const context: StoryContext = {
    store,
    documents: {
      readState: (storyId) => documents.readState(storyId),
      change: (storyId, apply) => documents.change(storyId, apply),
      merge: (storyId, update) => documents.merge(storyId, update),
    },
    profile: async () => (await profiles.get()).profile,
    now,
    onCommitted,
  };
  try {
    watcher = await startChangeWatcher({
      store,
      events,
      onError: (error) =>
        options.log(
          `Watching the store for changes failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    if (options.redisUrl !== undefined)
      doorbell = await openRedisDoorbell({
        redisUrl: options.redisUrl,
        onRing: () => watcher?.poke(),
        onProblem: options.log,
      });
  } catch (error) {
    await watcher?.stop();
    await store.close();
    throw error;
  }
  const publishDir = path.resolve(options.publishDir ?? path.join(options.dataDir, 'portal'));
  const photos = createNewsroomPhotos({
    store,
    mediaDir: path.join(options.dataDir, 'media'),
    now,
    onCommitted,
    log: options.log,
  });
  const site = createServerSite({
    store,
    dataDir: options.dataDir,
    publishDir,
    photos: photos.files,
    profile: context.profile,
    now,
    log: options.log,
  });
  const workflow = createWorkflow(context, site);
  const targets = createTargets(store, now);
  let scheduler: Scheduler | null = null;
  let outbox: Outbox | null = null;
  try {
    await site.open();
    outbox = startOutbox({
      store,
      publishDir,
      baseUrl: async () => (await context.profile()).baseUrl,
      now,
      log: options.log,
      environment: options.environment ?? process.env,
      ...(options.targetBackoff === undefined ? {} : { backoff: options.targetBackoff }),
    });
    site.onGeneration(() => outbox?.poke());
    if (options.isSchedulerRunning !== false)
      scheduler = startScheduler({ store, workflow, events, now, log: options.log });
  } catch (error) {
    await outbox?.stop();
    await watcher.stop();
    await doorbell?.close();
    await store.close();
    throw error;
  }
  const shutdownHooks: Array<() => Promise<void>> = [];
  const running = { watcher, doorbell, scheduler, outbox };
  return {
    store,
    events,
    accounts,
    profiles,
    dictionary,
    stories: createStories(context),
    workflow,
    photos,
    site,
    scheduler,
    targets,
    outbox,
    uploader: createUploader(context),
    bodies,
    useDocuments(installed) {
      documents = installed;
    },
    publishDir,
    redisUrl: options.redisUrl ?? null,
    log: options.log,
    settle: () => running.watcher.settle(),
    onShutdown(hook) {
      shutdownHooks.push(hook);
    },
    async close() {
      await running.scheduler?.stop();
      await running.outbox.stop();
      for (const hook of shutdownHooks) {
        try {
          await hook();
        } catch (error) {
          options.log(`Shutting down: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      await running.watcher.stop();
      await running.doorbell?.close();
      await store.close();
    },
  };
}
