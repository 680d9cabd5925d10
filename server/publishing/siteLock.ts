import { sql } from 'kysely';
import { createSerialQueue } from '../../main/services/common/serialQueue';
import type { Store } from '../store/store';

/**
 * The key of the newsroom's site lock among PostgreSQL's advisory locks (any fixed 64-bit number
 * no other program on the database uses; this one spells "newsroom site" loosely in hex).
 */
const SITE_LOCK_KEY = 0x6e657773_73697465n;

/** Makes changes of the published site and of stories' workflow states take turns. */
export interface SiteLock {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One writer at a time for the site and for workflow transitions, across every server process of
 * the newsroom: in this process a queue, and on PostgreSQL a session advisory lock on a connection
 * of its own, which the database frees if the process dies (no lease to expire, no stale owner).
 * The embedded store is one process's, so its queue is the whole lock.
 */
export function createSiteLock(store: Store): SiteLock {
  const queue = createSerialQueue();
  if (store.kind === 'sqlite') return { run: (work) => queue.run(work) };
  return {
    run: (work) =>
      queue.run(() =>
        store.db.connection().execute(async (connection) => {
          await sql`select pg_advisory_lock(${SITE_LOCK_KEY})`.execute(connection);
          try {
            return await work();
          } finally {
            await sql`select pg_advisory_unlock(${SITE_LOCK_KEY})`.execute(connection);
          }
        }),
      ),
  };
}
