import type { NewsroomStatus } from '../../shared/api/gateway';

/** What the renderer knows of its newsroom connection. */
export interface NewsroomConnection {
  /** Main's status; null until main first answered. */
  status: NewsroomStatus | null;
  /** Whether main answered the last watch (false: this page cannot even reach its workstation). */
  isMainReachable: boolean;
  /** Work the sync still has to do: changes to send, a catch-up under way. */
  pendingWork: number;
  /** Story bodies with local updates the server has not said it stored. */
  pendingBodies: number;
}

/** Whether this workstation is signed in to a newsroom (whatever the network does). */
export function isSignedIn(status: NewsroomStatus | null): boolean {
  return status !== null && status.state !== 'signedOut';
}

/** The three words of the header's status, or null for a workstation not in a newsroom. */
export type HeaderWord = 'Online' | 'Offline' | 'Syncing…';

/**
 * What the header says about the newsroom connection: `Online` only when fields, the outbox and
 * every story body are on the server.
 */
export function headerWord(current: NewsroomConnection): HeaderWord | null {
  const { status } = current;
  if (status === null || !isSignedIn(status)) return null;
  if (!current.isMainReachable) return 'Offline';
  switch (status.state) {
    case 'online':
      return current.pendingWork > 0 || current.pendingBodies > 0 ? 'Syncing…' : 'Online';
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
