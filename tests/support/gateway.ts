import type { NewsroomStatus } from '../../shared/api/gateway';
import {
  createNewsroomGateway,
  type NewsroomGateway,
  type GatewayOptions,
} from '../../main/newsroom/gateway';
import { openSessionFile, PLAIN_SECRET_BOX } from '../../main/newsroom/sessionFile';

/*
 * A workstation main's newsroom gateway, as the unit tests of main and the bench drive it: its
 * session in a plain file of a temp folder, its status waited for by revision (never by sleeping).
 */

/** A gateway keeping its session in `dataDir` (unsealed: no OS keychain in tests). */
export function openTestGateway(
  dataDir: string,
  options: Pick<GatewayOptions, 'fetch'> = {},
): NewsroomGateway {
  return createNewsroomGateway({
    sessionFile: openSessionFile(dataDir, PLAIN_SECRET_BOX),
    collabUrlOf: () => '/newsroom/collab',
    onProblem: () => undefined,
    ...options,
  });
}

/**
 * The gateway's first status that `isWanted` accepts, waiting on each status change; fails after
 * `timeoutMs` (generous: a loaded machine reconnects slowly, a wrong state never gets there).
 */
export async function untilGateway(
  gateway: NewsroomGateway,
  isWanted: (status: NewsroomStatus) => boolean,
  timeoutMs = 30_000,
): Promise<NewsroomStatus> {
  const deadline = Date.now() + timeoutMs;
  let status = gateway.status();
  while (!isWanted(status)) {
    if (Date.now() > deadline) throw new Error(`The gateway stayed ${JSON.stringify(status)}`);
    status = await gateway.waitForStatus(status.revision, 500);
  }
  return status;
}

/** Signs a started gateway in and waits until it is online. */
export async function signInGateway(
  gateway: NewsroomGateway,
  account: Parameters<NewsroomGateway['signIn']>[0],
): Promise<NewsroomStatus> {
  const signedIn = await gateway.signIn(account);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return untilGateway(gateway, (status) => status.state === 'online');
}
