import { MAX_STATUS_WAIT_MS, type NewsroomStatus } from '../../shared/api/gateway';
import type { Result } from '../../shared/result';
import { call } from '../api/client';
import { openStoredBody } from '../stories/useStorySession';
import { configureCollab, setCollabEndpoint } from './collabHub';

/** Where bodies connect for a newsroom status: only while signed in with a working session. */
function endpointOf(status: NewsroomStatus): string | null {
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
 * Starts syncing story bodies with the newsroom: watches main's `newsroom:status` (one pending
 * call, answered on every change) and points the collab hub at the endpoint it names, or at
 * nothing when signed out, so a workstation that never signed in opens no socket at all. Returns
 * the function that stops watching.
 */
export function startBodySync(): () => void {
  configureCollab({ openStoredBody });
  let isRunning = true;
  let failures = 0;
  async function watch(): Promise<void> {
    let revision: number | null = null;
    while (isRunning) {
      const answer: Result<NewsroomStatus> = await call(
        'newsroom:status',
        revision === null ? {} : { after: revision, waitMs: MAX_STATUS_WAIT_MS },
      );
      if (!isRunning) return;
      if (answer.ok) {
        failures = 0;
        revision = answer.value.revision;
        setCollabEndpoint(endpointOf(answer.value), answer.value.user?.name ?? '');
        continue;
      }
      // Main out of reach (browser mode's server stopped): the socket retries by itself.
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** failures)));
    }
  }
  void watch();
  return () => {
    isRunning = false;
    setCollabEndpoint(null);
  };
}
