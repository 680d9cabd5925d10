import type { NewsroomStatus } from '../../shared/api/gateway';
import {
  onConnectionChange,
  reportPendingBodies,
  startConnectionWatch,
} from '../newsroom/connection';
import { installBodyCheck, onScoped } from '../newsroom/sync/newsroomSync';
import { outboxAccountOf } from '../newsroom/sync/outboxEntries';
import { openStoredBody } from '../stories/useStorySession';
import {
  configureCollab,
  scheduleBackgroundSync,
  setCollabEndpoint,
  whenBodyStored,
} from './collabHub';
import { adoptUnownedPending, watchPendingCount, type BodyAccount } from './collabState';

/** Where bodies connect for a newsroom status: only while signed in with a working session. */
function endpointOf(status: NewsroomStatus | null): string | null {
  if (status === null) return null;
  switch (status.state) {
    case 'connecting':
    case 'online':
    case 'offline':
      return status.collabUrl;
    case 'signedOut':
    case 'incompatible':
    case 'ended':
    case 'disabled':
      return null;
  }
}

/**
 * Starts syncing story bodies with the newsroom: follows the workstation's newsroom connection
 * (renderer/newsroom/connection, the one watch of main's `newsroom:status`) and points the collab
 * hub at the endpoint it names, or at nothing when signed out, so a workstation that never signed
 * in opens no socket at all. Tells the connection how many bodies wait for the server (the header
 * says `Syncing…` until they are stored; another account's wait for it), and gives the outbox
 * its body check: a transition is sent once the server has stored its story's body. Bodies are
 * linked under the account signed in, which sends only its own unsent text. Returns the function
 * that stops.
 */
export function startBodySync(): () => void {
  configureCollab({ openStoredBody });
  startConnectionWatch();
  let counted: string | null = null;
  let stopCounting = (): void => undefined;
  const removeCheck = installBodyCheck(whenBodyStored);
  // Stories brought back for the server signed in to may hold its accounts' unsent text.
  const stopScoped = onScoped(scheduleBackgroundSync);
  const stop = onConnectionChange(({ status }) => {
    const endpoint = endpointOf(status);
    const account: BodyAccount | null = endpoint === null ? null : outboxAccountOf(status);
    if (account !== null && account.key !== counted) {
      // Marks kept from before marks named their account are this one's, as outbox rows are.
      void adoptUnownedPending(account);
      stopCounting();
      stopCounting = watchPendingCount(reportPendingBodies, account.key);
    } else if (account === null && counted !== null) {
      stopCounting();
      reportPendingBodies(0);
    }
    counted = account?.key ?? null;
    setCollabEndpoint(endpoint, status?.user?.name ?? '', account);
  });
  return () => {
    stop();
    stopScoped();
    removeCheck();
    stopCounting();
    setCollabEndpoint(null);
  };
}
