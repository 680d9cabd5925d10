import type { NewsroomStatus } from '../../shared/api/gateway';
import { onConnectionChange, startConnectionWatch } from '../newsroom/connection';
import { openStoredBody } from '../stories/useStorySession';
import { configureCollab, setCollabEndpoint } from './collabHub';

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
 * in opens no socket at all. Returns the function that stops.
 */
export function startBodySync(): () => void {
  configureCollab({ openStoredBody });
  startConnectionWatch();
  const stop = onConnectionChange(({ status }) =>
    setCollabEndpoint(endpointOf(status), status?.user?.name ?? ''),
  );
  return () => {
    stop();
    setCollabEndpoint(null);
  };
}
