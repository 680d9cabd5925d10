import { useSyncExternalStore } from 'react';
import { MAX_STATUS_WAIT_MS, type NewsroomStatus } from '../../shared/api/gateway';
import { call } from '../api/client';

/** What the renderer knows of its newsroom connection. */
export interface NewsroomConnection {
  /** Main's status; null until main first answered. */
  status: NewsroomStatus | null;
  /** Whether main answered the last watch (false: this page cannot even reach its workstation). */
  isMainReachable: boolean;
  /** Work the sync still has to do: changes to send, bodies to store, a catch-up under way. */
  pendingWork: number;
}

let connection: NewsroomConnection = { status: null, isMainReachable: true, pendingWork: 0 };
const listeners = new Set<() => void>();
let isWatching = false;

function publish(patch: Partial<NewsroomConnection>): void {
  connection = { ...connection, ...patch };
  for (const listener of [...listeners]) listener();
}

/** Takes a status main answered (a watch, a sign-in, a sign-out), if newer than the one held. */
export function acceptStatus(status: NewsroomStatus): void {
  const held = connection.status;
  if (held !== null && held.revision > status.revision) return;
  publish({ status, isMainReachable: true });
}

/** Tells how much sync work is pending (the header reads `Syncing…` while there is some). */
export function reportPendingWork(count: number): void {
  if (count !== connection.pendingWork) publish({ pendingWork: count });
}

/**
 * Watches main's newsroom status with one pending call at a time (answered as soon as it
 * changes, or after MAX_STATUS_WAIT_MS): the same on both transports. When main cannot be
 * reached (browser mode with no network), retries with backoff.
 */
export function startConnectionWatch(): void {
  if (isWatching) return;
  isWatching = true;
  let failures = 0;
  async function loop(): Promise<void> {
    for (;;) {
      const held = connection.status;
      const answer = await call(
        'newsroom:status',
        held === null ? {} : { after: held.revision, waitMs: MAX_STATUS_WAIT_MS },
      );
      if (answer.ok) {
        failures = 0;
        acceptStatus(answer.value);
        continue;
      }
      failures += 1;
      if (connection.isMainReachable) publish({ isMainReachable: false });
      const delay = Math.min(10_000, 500 * 2 ** Math.min(failures, 5));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  void loop();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The connection as it is now (for code outside React). */
export function currentConnection(): NewsroomConnection {
  return connection;
}

/** The connection, live, for components. */
export function useNewsroomConnection(): NewsroomConnection {
  return useSyncExternalStore(subscribe, currentConnection);
}

/** Whether this workstation is signed in to a newsroom (whatever the network does). */
export function isSignedIn(status: NewsroomStatus | null): boolean {
  return status !== null && status.state !== 'signedOut';
}

/** The three words of the header's status, or null for a workstation not in a newsroom. */
export type HeaderWord = 'Online' | 'Offline' | 'Syncing…';

/** What the header says about the newsroom connection. */
export function headerWord(current: NewsroomConnection): HeaderWord | null {
  const { status } = current;
  if (status === null || !isSignedIn(status)) return null;
  if (!current.isMainReachable) return 'Offline';
  switch (status.state) {
    case 'online':
      return current.pendingWork > 0 ? 'Syncing…' : 'Online';
    case 'connecting':
      return 'Syncing…';
    case 'offline':
    case 'incompatible':
    case 'ended':
    case 'disabled':
    case 'signedOut':
      return 'Offline';
  }
}
