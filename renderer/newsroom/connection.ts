import { useSyncExternalStore } from 'react';
import { MAX_STATUS_WAIT_MS, type NewsroomStatus } from '../../shared/api/gateway';
import { call } from '../api/client';
import type { NewsroomConnection } from './headerWord';

let connection: NewsroomConnection = {
  status: null,
  isMainReachable: true,
  pendingWork: 0,
  pendingBodies: 0,
};
const listeners = new Set<() => void>();
let isWatching = false;

function publish(patch: Partial<NewsroomConnection>): void {
  connection = { ...connection, ...patch };
  for (const listener of [...listeners]) listener();
}

let resolveKnown: () => void = () => undefined;
const known = new Promise<void>((resolve) => {
  resolveKnown = resolve;
});

/**
 * Resolves once main has said where the workstation stands (at most `timeoutMs` later): a
 * transition asked for just after the page opened must not skip the server for not knowing yet.
 */
export function whenStatusKnown(timeoutMs: number): Promise<void> {
  return Promise.race([known, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
}

/** Takes a status main answered (a watch, a sign-in, a sign-out), if newer than the one held. */
export function acceptStatus(status: NewsroomStatus): void {
  const held = connection.status;
  if (held !== null && held.revision > status.revision) return;
  publish({ status, isMainReachable: true });
  resolveKnown();
}

/** Tells how much sync work is pending (the header reads `Syncing…` while there is some). */
export function reportPendingWork(count: number): void {
  if (count !== connection.pendingWork) publish({ pendingWork: count });
}

/** Tells how many story bodies wait for the server to store them (the header counts them too). */
export function reportPendingBodies(count: number): void {
  if (count !== connection.pendingBodies) publish({ pendingBodies: count });
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
      // After a failure, ask for the status at once: waiting for a change would leave the page
      // believing main out of reach (and its outbox unsent) for as long as nothing changes there.
      const answer = await call(
        'newsroom:status',
        held === null || !connection.isMainReachable
          ? {}
          : { after: held.revision, waitMs: MAX_STATUS_WAIT_MS },
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

/** Calls back with the connection now and after every change; returns the stop function. */
export function onConnectionChange(listener: (current: NewsroomConnection) => void): () => void {
  function notify() {
    listener(connection);
  }
  listeners.add(notify);
  notify();
  return () => listeners.delete(notify);
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
