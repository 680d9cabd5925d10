import {
  connectCollab,
  type CollabClient,
  type CollabClientOptions,
} from '../../../tests/support/collabClient';
import { afterAll, beforeAll } from 'vitest';
import type { StoreKind } from '../../store/migrations';
import { startStoreHarness, type StoreHarness } from '../../store/testing/storeHarness';
import {
  startNewsroomHarness,
  type NewsroomHarness,
  type Person,
} from '../../testing/newsroomHarness';
import { startCollab, type Collab, type CollabOptions } from '../collabServer';

/** A newsroom served over HTTP in this process with collab mounted, its people signed in. */
export interface CollabHarness extends NewsroomHarness {
  collab: Collab;
  /** Connects a Node provider to a story's body as a person, or with a token (closed by `close`). */
  connect(
    who: Person | { token: string },
    storyId: string,
    options?: Omit<CollabClientOptions, 'url' | 'storyId' | 'token'>,
  ): CollabClient;
  /** Creates a story as a person; answers its id. */
  createStory(who: Person, headline?: string): Promise<string>;
}

/** Starts a fresh newsroom on a new store of the harness's kind, with collab. */
export async function startCollabHarness(
  stores: StoreHarness,
  options: Omit<CollabOptions, 'log'> = {},
): Promise<CollabHarness> {
  const base = await startNewsroomHarness(
    stores,
    options.now === undefined ? {} : { now: options.now },
  );
  const collab = await startCollab(base.newsroom, base.http, {
    ...options,
    log: (line) => base.logs.push(line),
  });
  const clients: CollabClient[] = [];
  return {
    ...base,
    collab,
    connect(who, storyId, connectOptions = {}) {
      const client = connectCollab({
        url: base.url,
        storyId,
        token: typeof who === 'string' ? base.tokens[who] : who.token,
        ...connectOptions,
      });
      clients.push(client);
      return client;
    },
    async createStory(who, headline = 'Grand Canal lantern festival opens') {
      return (await base.value('story:create', { headline }, who)).id;
    },
    async close() {
      for (const client of clients) client.close();
      await collab.close();
      await base.close();
    },
  };
}

/**
 * For a `describe` block: a store of `kind` and a collab harness on it, started before its tests
 * and stopped after them. Read them through the getters inside the tests.
 */
export function useCollabHarness(
  kind: StoreKind,
  options: Omit<CollabOptions, 'log'> = {},
): { readonly harness: CollabHarness; readonly stores: StoreHarness } {
  const started: { stores: StoreHarness | null; harness: CollabHarness | null } = {
    stores: null,
    harness: null,
  };
  beforeAll(async () => {
    started.stores = await startStoreHarness(kind);
    started.harness = await startCollabHarness(started.stores, options);
  }, 60_000);
  afterAll(async () => {
    await started.harness?.close();
    await started.stores?.stop();
  });
  return {
    get harness() {
      if (started.harness === null) throw new Error('The collab harness has not started.');
      return started.harness;
    },
    get stores() {
      if (started.stores === null) throw new Error('The store harness has not started.');
      return started.stores;
    },
  };
}
