import {
  OFFLINE_CODE,
  SIGNED_OUT_CODE,
  type NewsroomState,
  type NewsroomStatus,
} from '../../shared/api/gateway';
import {
  NEWSROOM_CONTRACT,
  NEWSROOM_PATHS,
  type NewsroomChannelName,
  type NewsroomErrorCode,
  type NewsroomEvent,
} from '../../shared/api/newsroom';
import { fail, ok, type Result } from '../../shared/result';
import { errorMessage } from '../services/common/errors';
import { openEventStream, type EventStream, type StreamEnd } from './eventStream';
import { createNewsroomClient, type NewsroomClient } from './newsroomClient';
import type { NewsroomSession, SessionFile } from './sessionFile';

/** The code of a refusal that says the account was disabled (its workstations drop their copy). */
const DISABLED_CODE = 'account_disabled' satisfies NewsroomErrorCode;
/** Reconnection delays: from the first up to the longest, doubling, with jitter. */
const BACKOFF = { firstMs: 1000, longestMs: 30_000 } as const;
/** A server of another contract is asked again this often (it may be upgraded meanwhile). */
const INCOMPATIBLE_RETRY_MS = 60_000;
/** Sign-out waits this long for the server to end the session before forgetting it anyway. */
const SIGN_OUT_TIMEOUT_MS = 5000;

/** What the gateway needs from its surroundings. */
export interface GatewayOptions {
  sessionFile: SessionFile;
  /** How the page reaches bodies: the relay's path (browser mode) or the server's `/collab`. */
  collabUrlOf: (serverUrl: string) => string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  onProblem?: (line: string) => void;
}

/** Main's gateway to the newsroom server: the one holder of the session token. */
export interface NewsroomGateway {
  status(): NewsroomStatus;
  /** Answers as soon as the status revision passes `after`, or after `waitMs` with the same one. */
  waitForStatus(after: number, waitMs: number): Promise<NewsroomStatus>;
  signIn(input: {
    serverUrl: string;
    login: string;
    password: string;
  }): Promise<Result<NewsroomStatus>>;
  signOut(): Promise<Result<NewsroomStatus>>;
  /** One newsroom call with the session token (the renderer's pass-through). */
  call(channel: NewsroomChannelName, input: unknown): Promise<Result<unknown>>;
  /** The server and token while signed in, for the transports (relay, Electron's header). */
  credentials(): { serverUrl: string; token: string } | null;
  /** Calls back on every status change; returns the function that stops it. */
  onChange(listener: (status: NewsroomStatus) => void): () => void;
  /** Calls back on every event of the server's stream (the photo library's `photos`); returns the stop. */
  onEvent(listener: (event: NewsroomEvent) => void): () => void;
  /** Reads the kept session and, if signed in, starts connecting. */
  start(): Promise<void>;
  close(): void;
}

function contractLine(serverUrl: string, contract: number): string {
  return contract > NEWSROOM_CONTRACT
    ? `The newsroom server at ${serverUrl} is newer than this workstation (contract ${contract}, this workstation speaks ${NEWSROOM_CONTRACT}): update the workstation. It stays offline and sends nothing meanwhile.`
    : `The newsroom server at ${serverUrl} is older than this workstation (contract ${contract}, this workstation speaks ${NEWSROOM_CONTRACT}): ask the newsroom to update the server. The workstation stays offline and sends nothing meanwhile.`;
}

const DISABLED_LINE =
  'Your newsroom account was disabled: this workstation removes its copy of the newsroom’s stories and signs out.';

/**
 * Creates the gateway. Signed in, it keeps one event stream open to the server (its `change`
 * cursor tells the renderer when to catch up) and reconnects with backoff after any failure; a
 * server of another contract version is never sent anything but `server:info`; a refused session
 * ends the connection (`ended`, or `disabled` when the server says the account was disabled).
 */
export function createNewsroomGateway(options: GatewayOptions): NewsroomGateway {
  const { sessionFile } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const onProblem = options.onProblem ?? ((line: string) => console.warn(line));

  let session: NewsroomSession | null = null;
  let client: NewsroomClient | null = null;
  let status: NewsroomStatus = {
    revision: 0,
    state: 'signedOut',
    serverUrl: null,
    user: null,
    login: null,
    message: null,
    cursor: 0,
    profileUpdatedAt: 0,
    wordsCursor: 0,
    collabUrl: null,
    retryAt: null,
  };
  const waiters = new Set<() => void>();
  const listeners = new Set<(status: NewsroomStatus) => void>();
  const eventListeners = new Set<(event: NewsroomEvent) => void>();
  /** Bumped at every sign-in and sign-out: a loop of an older generation stops. */
  let generation = 0;
  let stream: EventStream | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let isClosed = false;

  function update(patch: Partial<Omit<NewsroomStatus, 'revision'>>): void {
    const next = { ...status, ...patch };
    const isSame = (Object.keys(patch) as Array<keyof typeof patch>).every(
      (key) => JSON.stringify(next[key]) === JSON.stringify(status[key]),
    );
    if (isSame) return;
    status = { ...next, revision: status.revision + 1 };
    for (const wake of [...waiters]) wake();
    for (const listener of [...listeners]) listener(status);
  }

  function signedInPatch(kept: NewsroomSession, state: NewsroomState) {
    return {
      state,
      serverUrl: kept.serverUrl,
      user: kept.user,
      login: kept.user.login,
      collabUrl: options.collabUrlOf(kept.serverUrl),
    };
  }

  async function persist(): Promise<void> {
    if (session === null) return;
    try {
      await sessionFile.write(session);
    } catch (error) {
      onProblem(`The newsroom session could not be saved: ${errorMessage(error)}`);
    }
  }

  function stopStream(): void {
    stream?.stop();
    stream = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function scheduleRetry(delayMs: number): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    const mine = generation;
    update({ retryAt: now() + delayMs });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (mine === generation) void connect(mine);
    }, delayMs);
  }

  function backoffMs(): number {
    const base = Math.min(BACKOFF.longestMs, BACKOFF.firstMs * 2 ** Math.min(failures, 10));
    // Full jitter on half the delay: many workstations coming back after an outage spread out.
    return Math.round(base / 2 + (random() * base) / 2);
  }

  function goOffline(message: string): void {
    if (session === null || session.token === null) return;
    stopStream();
    failures += 1;
    update({ ...signedInPatch(session, 'offline'), message });
    scheduleRetry(backoffMs());
  }

  /** The server refused the session: forget the token, say why, and stop connecting. */
  async function endSession(code: string, message: string): Promise<void> {
    if (session === null) return;
    stopStream();
    const isDisabled = code === DISABLED_CODE;
    session = { ...session, token: null, ended: isDisabled ? 'disabled' : 'ended' };
    await persist();
    update({
      ...signedInPatch(session, isDisabled ? 'disabled' : 'ended'),
      message: isDisabled ? DISABLED_LINE : message,
      retryAt: null,
    });
  }

  function handleEvent(event: NewsroomEvent, mine: number): void {
    if (mine !== generation) return;
    for (const listener of [...eventListeners]) listener(event);
    switch (event.type) {
      case 'change':
        update({ cursor: event.cursor });
        return;
      case 'profile':
        update({ profileUpdatedAt: event.updatedAt });
        return;
      case 'words':
        update({ wordsCursor: event.cursor });
        return;
      case 'account':
        void refreshAccount(mine);
        return;
      case 'end':
        // The stream says the session ended; ask once more to learn whether the account was disabled.
        void refreshAccount(mine);
        return;
    }
  }

  /** Reads the account as the server knows it now (its role may have changed). */
  async function refreshAccount(mine: number): Promise<boolean> {
    if (client === null || session === null || session.token === null) return false;
    const answer = await client.call('session:get', {}, session.token);
    if (mine !== generation || session === null) return false;
    if (!answer.ok) {
      if (answer.error.code === OFFLINE_CODE) {
        goOffline(answer.error.message);
        return false;
      }
      if (answer.error.code === 'unauthorized' || answer.error.code === DISABLED_CODE) {
        await endSession(answer.error.code, answer.error.message);
        return false;
      }
      goOffline(answer.error.message);
      return false;
    }
    session = { ...session, user: answer.value.user, expiresAt: answer.value.expiresAt };
    await persist();
    update({ user: answer.value.user });
    return true;
  }

  function watchStream(opened: EventStream, mine: number): void {
    void opened.ended.then(async (end: StreamEnd) => {
      if (mine !== generation || stream !== opened) return;
      stream = null;
      if (end.kind === 'stopped') return;
      if (end.kind === 'unauthorized') {
        await endSession(end.code, end.message);
        return;
      }
      goOffline(`The connection to the newsroom was lost (${end.message}); trying again.`);
    });
  }

  /** One attempt: contract, account, event stream. On failure, the next attempt is scheduled. */
  async function connect(mine: number): Promise<void> {
    if (isClosed || client === null || session === null || session.token === null) return;
    const info = await client.call('server:info', {}, null);
    if (mine !== generation) return;
    if (!info.ok) {
      goOffline(info.error.message);
      return;
    }
    if (info.value.contract !== NEWSROOM_CONTRACT) {
      update({
        ...signedInPatch(session, 'incompatible'),
        message: contractLine(session.serverUrl, info.value.contract),
      });
      scheduleRetry(INCOMPATIBLE_RETRY_MS);
      return;
    }
    if (!(await refreshAccount(mine)) || mine !== generation) return;
    const token = session.token;
    if (token === null) return;
    const opened = openEventStream(session.serverUrl, token, (event) => handleEvent(event, mine), {
      fetch: options.fetch,
    });
    stream = opened;
    watchStream(opened, mine);
    try {
      await opened.opened;
    } catch {
      return; // `ended` says what happened and schedules the next attempt.
    }
    if (mine !== generation || session === null) return;
    failures = 0;
    update({ ...signedInPatch(session, 'online'), message: null, retryAt: null });
  }

  /** Starts connecting now (after a sign-in, at start, or when a call got through while offline). */
  function reconnectNow(): void {
    if (session === null || session.token === null) return;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    stopStream();
    void connect(generation);
  }

  function adopt(kept: NewsroomSession): void {
    session = kept;
    client = createNewsroomClient(kept.serverUrl, { fetch: options.fetch });
  }

  return {
    status: () => status,

    waitForStatus(after, waitMs) {
      if (status.revision > after || waitMs === 0) return Promise.resolve(status);
      return new Promise((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(status);
        }
        waiters.add(done);
      });
    },

    async start() {
      const { session: kept, problem } = await sessionFile.read();
      if (problem !== null) onProblem(problem);
      if (kept === null) return;
      adopt(kept);
      if (kept.token === null) {
        update({
          ...signedInPatch(kept, kept.ended ?? 'signedOut'),
          ...(kept.ended === null ? { user: null, collabUrl: null } : {}),
          message:
            kept.ended === 'disabled'
              ? DISABLED_LINE
              : kept.ended === 'ended'
                ? 'Your session has ended: sign in again.'
                : problem,
        });
        return;
      }
      update({ ...signedInPatch(kept, 'connecting'), message: null });
      generation += 1;
      void connect(generation);
    },

    async signIn({ serverUrl, login, password }) {
      const candidate = createNewsroomClient(serverUrl, { fetch: options.fetch });
      const info = await candidate.call('server:info', {}, null);
      if (!info.ok)
        return info.error.code === OFFLINE_CODE
          ? fail(OFFLINE_CODE, info.error.message)
          : fail(
              'not_a_newsroom',
              `${serverUrl} does not answer as a newsroom server: check the address.`,
            );
      if (info.value.contract !== NEWSROOM_CONTRACT)
        return fail('incompatible', contractLine(serverUrl, info.value.contract));
      const created = await candidate.call('session:create', { login, password }, null);
      if (!created.ok) return fail(created.error.code, created.error.message);
      generation += 1;
      stopStream();
      failures = 0;
      adopt({
        serverUrl,
        user: created.value.user,
        token: created.value.token,
        expiresAt: created.value.expiresAt,
        ended: null,
      });
      await persist();
      if (session === null) return fail('internal', 'The sign-in was lost.');
      update({ ...signedInPatch(session, 'connecting'), message: null, retryAt: null });
      void connect(generation);
      return ok(status);
    },

    async signOut() {
      generation += 1;
      stopStream();
      const ending = session;
      if (ending !== null && ending.token !== null && client !== null) {
        // Ends the session on the server when it answers in time; the token is forgotten anyway.
        const ended = await Promise.race([
          client.call('session:delete', {}, ending.token),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), SIGN_OUT_TIMEOUT_MS)),
        ]);
        if (ended === null || !ended.ok)
          onProblem(
            `Signed out here; the server could not be told (${ended === null ? 'no answer' : ended.error.message}). The session ends when it expires.`,
          );
      }
      if (ending !== null) {
        session = { ...ending, token: null, ended: null };
        await persist();
      }
      update({
        state: 'signedOut',
        user: null,
        collabUrl: null,
        message: null,
        retryAt: null,
        cursor: 0,
        wordsCursor: 0,
      });
      return ok(status);
    },

    async call(channel, input) {
      if (client === null || session === null || session.token === null)
        return fail(SIGNED_OUT_CODE, 'Sign in to the newsroom first (Settings → Newsroom).');
      if (status.state === 'incompatible')
        return fail(
          'incompatible',
          status.message ?? 'The newsroom server speaks another contract.',
        );
      const mine = generation;
      const result = await client.callUnchecked(channel, input, session.token);
      if (mine !== generation) return result;
      if (!result.ok) {
        if (result.error.code === OFFLINE_CODE) {
          if (status.state === 'online') goOffline(result.error.message);
        } else if (result.error.code === 'unauthorized' || result.error.code === DISABLED_CODE) {
          await endSession(result.error.code, result.error.message);
        }
      } else if (status.state === 'offline') {
        reconnectNow();
      }
      return result;
    },

    credentials: () =>
      session === null || session.token === null || status.state === 'incompatible'
        ? null
        : { serverUrl: session.serverUrl, token: session.token },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },

    close() {
      isClosed = true;
      generation += 1;
      stopStream();
      for (const wake of [...waiters]) wake();
    },
  };
}

/** The Hocuspocus endpoint of a server (Electron's renderer connects there itself). */
export function serverCollabUrl(serverUrl: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}${NEWSROOM_PATHS.collab}`;
}
