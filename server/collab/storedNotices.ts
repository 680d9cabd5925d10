import { Redis } from 'ioredis';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { z } from 'zod';
import { redactRedisUrl } from '../events/redisDoorbell';

/** The Redis channel on which server processes tell each other what they stored. */
export const STORED_CHANNEL = 'newsroom:collab:stored';

const noticeSchema = z.object({
  from: z.string(),
  document: z.string(),
  snapshot: z.base64(),
});

/** Tells the other processes of the newsroom what this one stored, and hears theirs. */
export interface StoredNotices {
  publish(document: string, snapshot: Y.Snapshot): void;
  close(): Promise<void>;
}

/**
 * With several server processes only one stores a document at a time (the Redis extension's
 * lock), so the clients of the others, and the others' own bookkeeping of what is durable, hear of
 * each store here. Without Redis there is one process and nothing to tell.
 */
export async function openStoredNotices(options: {
  redisUrl: string | undefined;
  /** This process's name among the newsroom's processes. */
  identifier: string;
  onNotice: (document: string, snapshot: Y.Snapshot) => void;
  log: (line: string) => void;
}): Promise<StoredNotices> {
  const { redisUrl } = options;
  if (redisUrl === undefined) return { publish: () => undefined, close: async () => undefined };
  let lastProblem = '';
  function report(error: Error): void {
    if (error.message === lastProblem) return;
    lastProblem = error.message;
    options.log(`Redis (stored notices): ${error.message}`);
  }
  const settings = { maxRetriesPerRequest: 1, lazyConnect: true };
  const publisher = new Redis(redisUrl, { ...settings, enableOfflineQueue: false });
  const subscriber = new Redis(redisUrl, { ...settings, enableOfflineQueue: true });
  publisher.on('error', report);
  subscriber.on('error', report);
  subscriber.on('ready', () => (lastProblem = ''));
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== STORED_CHANNEL) return;
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return;
    }
    const notice = noticeSchema.safeParse(json);
    if (!notice.success || notice.data.from === options.identifier) return;
    let snapshot: Y.Snapshot;
    try {
      snapshot = Y.decodeSnapshot(fromBase64(notice.data.snapshot));
    } catch {
      return;
    }
    options.onNotice(notice.data.document, snapshot);
  });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(STORED_CHANNEL);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(
      `Cannot reach Redis at ${redactRedisUrl(redisUrl)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    publish(document, snapshot) {
      const notice = {
        from: options.identifier,
        document,
        snapshot: toBase64(Y.encodeSnapshot(snapshot)),
      } satisfies z.infer<typeof noticeSchema>;
      // A lost notice costs a redundant store on the other processes (their sweeper), never data.
      publisher.publish(STORED_CHANNEL, JSON.stringify(notice)).catch(report);
    },
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
