import { Redis } from 'ioredis';

/** The Redis channel on which server processes of one newsroom ring each other. */
export const DOORBELL_CHANNEL = 'newsroom:changes';

/** Rings the other processes after a commit here; calls `onRing` when one of them rings. */
export interface Doorbell {
  ring(): void;
  close(): Promise<void>;
}

/**
 * The push between server processes. The store stays the truth (each process's change watcher
 * reads it), so a ring carries nothing and a lost one costs at most the watcher's polling
 * interval: Redis being down slows the fan-out, never loses a change.
 */
export async function openRedisDoorbell(options: {
  redisUrl: string;
  onRing: () => void;
  onProblem: (message: string) => void;
}): Promise<Doorbell> {
  let lastProblem = '';
  function report(error: Error): void {
    // ioredis retries by itself; say each new problem once rather than at every retry.
    if (error.message === lastProblem) return;
    lastProblem = error.message;
    options.onProblem(`Redis: ${error.message}`);
  }
  const settings = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true };
  const publisher = new Redis(options.redisUrl, settings);
  const subscriber = new Redis(options.redisUrl, { ...settings, enableOfflineQueue: true });
  publisher.on('error', report);
  subscriber.on('error', report);
  subscriber.on('ready', () => (lastProblem = ''));
  subscriber.on('message', (channel: string) => {
    if (channel === DOORBELL_CHANNEL) options.onRing();
  });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(DOORBELL_CHANNEL);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(
      `Cannot reach Redis at ${redactRedisUrl(options.redisUrl)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    ring() {
      publisher.publish(DOORBELL_CHANNEL, '').catch(report);
    },
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

/** A Redis URL without its password, for messages. */
export function redactRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(an unreadable Redis URL)';
  }
}
