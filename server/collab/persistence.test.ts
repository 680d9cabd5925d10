import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOfDoc } from '../../tests/support/collabClient';
import { startRedis, type RedisServer } from '../../tests/support/redis';
import { startStoreHarness, type StoreHarness } from '../store/testing/storeHarness';
import { docOfState } from '../stories/storyBody';
import { startCollabHarness, useCollabHarness, type CollabHarness } from './testing/collabHarness';

async function storedText(harness: CollabHarness, id: string): Promise<string> {
  return textOfDoc(docOfState(await harness.newsroom.bodies.load(id)));
}

describe('persistence on the embedded store', () => {
  const suite = useCollabHarness('sqlite');

  it('keeps a body whose stores fail in memory, retries, and says stored once one succeeds', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    await reporter.waitFor(() => reporter.stored() !== null, 'the stored message on connecting');
    const { bodies } = suite.harness.newsroom;
    const merge = bodies.merge;
    let failures = 4;
    bodies.merge = async (storyId, update) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk I/O error');
      }
      return merge(storyId, update);
    };
    try {
      reporter.addParagraph('Written while the disk failed.');
      await reporter.waitFor(() => reporter.isSynced(), 'a store that succeeded', 15_000);
    } finally {
      bodies.merge = merge;
    }
    expect({
      failuresLeft: failures,
      stored: await storedText(suite.harness, id),
      logged: suite.harness.logs.some((line) =>
        line.includes(`Storing the body of ${id} failed again (disk I/O error)`),
      ),
      inMemoryUntilStored: suite.harness.collab.hocuspocus.documents.has(id),
    }).toEqual({
      failuresLeft: 0,
      stored: 'Written while the disk failed.',
      logged: true,
      inMemoryUntilStored: true,
    });
  });

  it('creates no body for a story that does not exist, whoever asks', async () => {
    const missing = '0190a0c0-0000-7000-8000-0000000000aa';
    const outcome = await suite.harness.collab.documents
      .change(missing, () => 'changed')
      .then(
        () => 'changed',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    expect({
      outcome,
      row: await suite.harness.newsroom.bodies.load(missing),
      loaded: suite.harness.collab.hocuspocus.documents.has(missing),
    }).toEqual({
      outcome: `There is no story ${missing} on this server.`,
      row: null,
      loaded: false,
    });
  });
});

describe('persistence with Redis, when another process holds a document’s lock', () => {
  let stores: StoreHarness;
  let redis: RedisServer;
  let harness: CollabHarness;
  beforeAll(async () => {
    [stores, redis] = await Promise.all([startStoreHarness('postgres'), startRedis()]);
    harness = await startCollabHarness(stores, { redisUrl: redis.url });
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await Promise.all([stores.stop(), redis.stop()]);
  });

  it('stores again, once the lock is free, what a store skipped for the lock left out', async () => {
    const id = await harness.createStory('reporter');
    const reporter = harness.connect('reporter', id);
    await reporter.waitFor(() => reporter.rights() !== null, 'rights');
    const other = new Redis(redis.url);
    // What the Redis extension's Redlock sets while another process stores this document. It is
    // held (not left to expire) until the test has read the store: on a busy machine the 2 s below
    // may last longer than any expiry, and the store after it would then be read as a skip.
    const lock = `newsroom:collab:${id}:lock`;
    await other.set(lock, 'another-process', 'PX', 60_000);
    reporter.addParagraph('Typed while another process held the lock.');
    // Time for the debounced store (1 s) to come and find the lock taken.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const whileLocked = await storedText(harness, id);
    // The other process is done: Redlock's release deletes the key.
    await other.del(lock);
    await reporter.waitFor(() => reporter.isSynced(), 'the store after the lock', 10_000);
    await other.quit();
    expect({ whileLocked, after: await storedText(harness, id) }).toEqual({
      whileLocked: '',
      after: 'Typed while another process held the lock.',
    });
  });
});
