import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
} from '@hocuspocus/provider';
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { COLLAB_CLOSE, parseCollabServerMessage } from '../../shared/api/collab';
import { webSocketUrl } from '../api/transport';
import { addReceivedOrigin, isReceivedOrigin } from './receivedOrigins';
import {
  clearPending,
  markPending,
  pendingAccountOf,
  pendingStoryIds,
  readStoredSnapshot,
  writeStoredSnapshot,
  type BodyAccount,
} from './collabState';

/** What the server says this workstation may do with a story's text (its `rights` message). */
export interface BodyRights {
  canEdit: boolean;
  /** The edit table's line saying why not; null when the text may be edited. */
  why: string | null;
}

/** Where one open story body stands with the newsroom. */
export interface StoryLinkState {
  /** `standalone`: not signed in; `offline`: signed in, not connected; `connected`: the body syncs. */
  connection: 'standalone' | 'offline' | 'connected';
  /** Whether the server's last `stored` snapshot covers everything in this document. */
  isSynced: boolean;
  /** The server's last word on this connection's rights; null until it said (or standalone). */
  rights: BodyRights | null;
  /**
   * The login of another account whose edits to this text, made here, the server does not have
   * yet: the text is held for it (never sent under the account signed in now), and this link
   * shows the newsroom's text, read-only. Null when nothing is held.
   */
  heldFor: string | null;
}

/** One story body bound to the newsroom: its state, live. */
export interface StoryLink {
  state(): StoryLinkState;
  subscribe(listener: () => void): () => void;
  /**
   * Resolves once the server's copy has been received (at once when signed out), or after
   * `timeoutMs` (offline: the story opens as it is here).
   */
  firstSync(timeoutMs: number): Promise<void>;
  /** Resolves once a check of stranded edits under way (if any) is done. */
  idle(): Promise<void>;
  /** Lets the body go (its pending mark stays until the server has stored it). */
  close(): void;
}

/** A story body loaded from storage, with a saver that persists what arrives. */
export interface StoredBody {
  doc: Y.Doc;
  /** Keeps what the server does not have and resets the stored body (see `linkStoryBody`). */
  keepStrandedEdits(why: string): Promise<boolean>;
  /** Writes what is queued, then lets the document go. */
  close(): Promise<void>;
}

/** What the hub needs from the story store, given once at start (it knows no database itself). */
export interface CollabBindings {
  /** A story body as stored here, or null if this workstation does not have the story. */
  openStoredBody(storyId: string): Promise<StoredBody | null>;
}

/** Retry of a document the server refused (a story not on the server yet, say): 2 s … 60 s. */
const REFUSAL_RETRY_MS = [2000, 5000, 15_000, 60_000];
/** How long a background sync of one story may take before it is tried again. */
const BACKGROUND_SYNC_TIMEOUT_MS = 60_000;
/** When bodies a background sync could not store are tried again, the socket still connected. */
const BACKGROUND_RETRY_MS = 10_000;
/** How long a transition waits for its story's body to be stored before it is tried again later. */
const BODY_CHECK_TIMEOUT_MS = 20_000;
/** Stories synced at once in the background (each a provider on the one socket). */
const BACKGROUND_CONCURRENCY = 3;
/** A remote update is checked against the stored snapshot once things settle, not per keystroke. */
const SYNCED_CHECK_DELAY_MS = 100;

interface Link {
  storyId: string;
  doc: Y.Doc;
  isBackground: boolean;
  handle: StoryLink;
  attach(socket: HocuspocusProviderWebsocket): void;
  detach(): void;
}

let bindings: CollabBindings | null = null;
let endpoint: string | null = null;
let userName = '';
/** The account signed in now (its unsent body updates are the only ones this hub sends). */
let account: BodyAccount | null = null;
let socket: HocuspocusProviderWebsocket | null = null;
const links = new Set<Link>();
/** Syncs of bodies nobody has open, by story: one provider per story at a time. */
const syncing = new Map<string, Promise<boolean>>();
let isBackgroundScheduled = false;

function openStoryIds(): Set<string> {
  return new Set([...links].map((link) => link.storyId));
}

/** Gives the hub its story store (once, at start). */
export function configureCollab(next: CollabBindings): void {
  bindings = next;
}

/** The signed-in person's name (author of the versions the hub keeps), '' when signed out. */
export function collabUserName(): string {
  return userName;
}

/**
 * Points the hub at the newsroom's collab endpoint (from `newsroom:status`; null when signed
 * out) for the signed-in person and account. One socket serves every story body of this
 * workstation; providers attach to it. Another account means another socket (the session on the
 * upgrade is the account's), and every link asks again whose its unsent text is.
 */
export function setCollabEndpoint(
  next: string | null,
  name = '',
  nextAccount: BodyAccount | null = null,
): void {
  userName = name;
  const signedIn = next === null ? null : nextAccount;
  if (next === endpoint && signedIn?.key === account?.key) return;
  endpoint = next;
  account = signedIn;
  for (const link of links) link.detach();
  socket?.destroy();
  socket = null;
  if (next === null) return;
  const created = new HocuspocusProviderWebsocket({
    url: webSocketUrl(next),
    // Reconnect soon after the network returns; the gateway's own backoff decides the rest.
    delay: 500,
    minDelay: 500,
    maxDelay: 5000,
  });
  created.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') scheduleBackgroundSync();
  });
  socket = created;
  for (const link of links) link.attach(created);
}

/**
 * The login of the account a story's text is held for: another account made edits to it here
 * that the server has not stored, so they go only under that account. Null when the text may be
 * linked under the account signed in now (or nobody is signed in: the story works standalone).
 */
export async function bodyHoldOf(storyId: string): Promise<string | null> {
  const owner = await pendingAccountOf(storyId);
  if (owner === null || owner.key === '' || account === null || owner.key === account.key)
    return null;
  return owner.login;
}

/** Whether this workstation is in a newsroom (bodies sync), as the hub was last told. */
export function isCollabOn(): boolean {
  return endpoint !== null;
}

/**
 * Destroys a provider. A socket that is not connected queues the provider's `close` and sends it
 * after the next connection's own messages, where it closes the story's next provider on the
 * server at once (@hocuspocus/provider 4.8): the body typed since never syncs. A socket that is
 * not connected has nothing open on the server to close, so the provider leaves the socket's map
 * first, and no `close` is sent.
 */
function letProviderGo(provider: HocuspocusProvider): void {
  const shared = provider.configuration.websocketProvider;
  if (shared.status !== WebSocketStatus.Connected)
    shared.configuration.providerMap.delete(provider.effectiveName);
  provider.destroy();
}

/**
 * Syncs, soon, the bodies with unsent text of the account signed in that nobody has open (stories
 * brought back for this server, say); after each reconnection it happens anyway.
 */
export function scheduleBackgroundSync(): void {
  if (isBackgroundScheduled) return;
  isBackgroundScheduled = true;
  setTimeout(() => {
    isBackgroundScheduled = false;
    void syncPendingBodies();
  }, 0);
}

/**
 * Resolves true once the server has stored everything of a linked body (its `stored` snapshot
 * covers the document), or once it said the text may not be changed here and what it would not
 * take was kept as a version; false when the connection dropped after connecting, or after
 * `timeoutMs`.
 */
function whenLinkSettled(link: StoryLink, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const stop = link.subscribe(check);
    let hasConnected = false;
    let isFinished = false;
    function check(): void {
      const { connection, isSynced, rights } = link.state();
      if (connection === 'connected') hasConnected = true;
      if (isSynced) finish(true);
      // Dropped: the next reconnection tries again.
      else if (hasConnected && connection !== 'connected') finish(false);
      else if (connection === 'connected' && rights?.canEdit === false)
        void link.idle().then(() => finish(true));
    }
    function finish(isSettled: boolean): void {
      if (isFinished) return;
      isFinished = true;
      clearTimeout(timer);
      stop();
      resolve(isSettled);
    }
    check();
  });
}

/**
 * Syncs one stored body nobody has open: nothing to do when the server's last `stored` snapshot
 * covers it already, otherwise a provider until `whenLinkSettled`. Resolves true when the server
 * has it all (or the story is not here), false when it was left for later.
 */
async function syncOne(storyId: string, timeoutMs: number): Promise<boolean> {
  if (bindings === null || openStoryIds().has(storyId)) return false;
  // Another account's text: nothing of the account signed in now waits in it.
  if ((await bodyHoldOf(storyId)) !== null) return true;
  const loadedAt = Date.now();
  const [opened, stored] = await Promise.all([
    bindings.openStoredBody(storyId),
    readStoredSnapshot(storyId),
  ]);
  if (opened === null) {
    await clearPending(storyId, Number.POSITIVE_INFINITY);
    return true;
  }
  try {
    const { doc } = opened;
    if (
      stored !== null &&
      Y.snapshotContainsUpdate(Y.decodeSnapshot(stored), Y.encodeStateAsUpdate(doc))
    ) {
      await clearPending(storyId, loadedAt);
      return true;
    }
    const link = linkStoryBody({
      storyId,
      doc,
      keepStrandedEdits: opened.keepStrandedEdits,
      isBackground: true,
    });
    try {
      const isSettled = await whenLinkSettled(link, timeoutMs);
      // Stored: the mark goes (unless the story was edited here since it was loaded).
      if (link.state().isSynced) await clearPending(storyId, loadedAt);
      return isSettled;
    } finally {
      link.close();
    }
  } finally {
    await opened.close();
  }
}

/** Syncs a body nobody has open, joining a sync of it already under way. */
function syncStoredBody(storyId: string, timeoutMs: number): Promise<boolean> {
  const running = syncing.get(storyId);
  if (running !== undefined) return running;
  const started = syncOne(storyId, timeoutMs)
    .catch((error: unknown) => {
      console.error(`Could not sync the body of story ${storyId}`, error);
      return false;
    })
    .finally(() => syncing.delete(storyId));
  syncing.set(storyId, started);
  return started;
}

/**
 * The outbox's body check (installed by bodySync): `done` once the server has stored everything
 * of the story's body this workstation has, through /collab, so a transition that depends on it
 * (a submission made offline) reaches the server after its text; `stop` when that cannot be known
 * now (offline, or no store within BODY_CHECK_TIMEOUT_MS): the outbox tries again later. An open
 * story is checked with what is on screen, edits the saver has not written yet included.
 */
export async function whenBodyStored(storyId: string): Promise<'done' | 'stop'> {
  if (socket === null) return 'stop';
  // Held for another account: the text this account's transition stands on is the server's.
  if ((await bodyHoldOf(storyId)) !== null) return 'done';
  const open = [...links].find((link) => link.storyId === storyId && !link.isBackground);
  const isStored =
    open === undefined
      ? await syncStoredBody(storyId, BODY_CHECK_TIMEOUT_MS)
      : await whenLinkSettled(open.handle, BODY_CHECK_TIMEOUT_MS);
  return isStored ? 'done' : 'stop';
}

/**
 * Syncs, in the background, every story body with local updates the server has not stored, that
 * nobody has open here: after each reconnection, and when a story is closed before `Synced`.
 */
async function syncPendingBodies(): Promise<void> {
  if (socket === null || account === null) return;
  const open = openStoryIds();
  // A sync already running (begun offline, when the story was closed) is waited for, not skipped.
  const queue = (await pendingStoryIds(account.key)).filter((storyId) => !open.has(storyId));
  let isAllStored = true;
  async function worker(): Promise<void> {
    for (let storyId = queue.shift(); storyId !== undefined; storyId = queue.shift())
      if (!(await syncStoredBody(storyId, BACKGROUND_SYNC_TIMEOUT_MS))) isAllStored = false;
  }
  await Promise.all(Array.from({ length: BACKGROUND_CONCURRENCY }, worker));
  // A body left unstored while the socket stays up would otherwise wait for the next reconnection,
  // and the header would say `Syncing…` until then.
  if (!isAllStored && socket !== null) setTimeout(scheduleBackgroundSync, BACKGROUND_RETRY_MS);
}

/**
 * Binds a story's Y.Doc to the newsroom: a `HocuspocusProvider` on the workstation's one socket
 * while signed in (updates go up as they happen; what arrives is applied with the provider as
 * origin, which the story's saver stores like a local edit but unflagged), the server's `rights`
 * and `stored` messages read, the last `stored` snapshot kept so `Synced` survives a reload, and a
 * pending mark, naming the account signed in, while local updates are not known to be stored.
 * Signed out, it does nothing: the story works as on a standalone workstation. A document whose
 * unsent updates another account made here is never attached: the link says whom it is held for
 * and asks to be opened again (`onReset`) as a held view.
 */
export function linkStoryBody(options: {
  storyId: string;
  doc: Y.Doc;
  /**
   * Called when the server says this connection may not edit the text, once the document is
   * synced: keeps the local updates the server does not have (as a version) and brings the stored
   * body back to the server's state; resolves true when it did.
   */
  keepStrandedEdits: (why: string) => Promise<boolean>;
  /**
   * Called once the stored body was reset to the server's, or once whose text it is changed (held
   * for another account, or no longer): the document must be opened again.
   */
  onReset?: () => void;
  isBackground?: boolean;
  /**
   * Makes this a held view for that login's text (`doc` is not the stored body): the server's
   * text arrives through a document of the link's own, copied one way into `doc`, so nothing in
   * `doc` is ever sent, and nothing is marked pending.
   */
  heldFor?: string;
}): StoryLink {
  const { storyId, doc } = options;
  const listeners = new Set<() => void>();
  let state: StoryLinkState = {
    connection: endpoint === null ? 'standalone' : 'offline',
    isSynced: false,
    rights: null,
    heldFor: options.heldFor ?? null,
  };
  const mirror = options.heldFor === undefined ? null : new Y.Doc();
  const mirrorOrigin = {};
  addReceivedOrigin(mirrorOrigin);
  mirror?.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, mirrorOrigin));
  let isAttaching = false;
  let snapshot: Y.Snapshot | null = null;
  let provider: HocuspocusProvider | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let refusals = 0;
  let checkTimer: ReturnType<typeof setTimeout> | null = null;
  let markedAt: number | null = null;
  let isClosed = false;
  let strandedCheck: Promise<void> | null = null;

  function publish(patch: Partial<StoryLinkState>): void {
    const next = { ...state, ...patch };
    if (
      next.connection === state.connection &&
      next.isSynced === state.isSynced &&
      next.rights === state.rights &&
      next.heldFor === state.heldFor
    )
      return;
    const wasSynced = state.isSynced;
    state = next;
    if (next.isSynced && !wasSynced && markedAt !== null) {
      const before = markedAt;
      markedAt = null;
      void clearPending(storyId, before);
    }
    for (const listener of [...listeners]) listener();
  }

  function isCovered(): boolean {
    // A held view shows the server's text: nothing of the account signed in waits in it.
    if (mirror !== null) return true;
    return snapshot !== null && Y.snapshotContainsUpdate(snapshot, Y.encodeStateAsUpdate(doc));
  }

  function mark(): void {
    if (markedAt !== null || endpoint === null || account === null || mirror !== null) return;
    markedAt = Date.now();
    void markPending(storyId, markedAt, account);
  }

  function checkSynced(): void {
    checkTimer = null;
    const isSynced = isCovered();
    publish({ isSynced });
    if (!isSynced) mark();
  }

  function handleUpdate(_update: Uint8Array, origin: unknown): void {
    if (isReceivedOrigin(origin)) {
      if (checkTimer === null) checkTimer = setTimeout(checkSynced, SYNCED_CHECK_DELAY_MS);
      return;
    }
    // A held view's own changes (the editor's normalising) stay on screen: never sent or kept.
    if (mirror !== null) return;
    // A local edit is not on the server yet, whatever the snapshot says.
    publish({ isSynced: false });
    mark();
  }

  function checkStranded(rights: BodyRights): void {
    if (strandedCheck !== null || rights.canEdit || provider?.synced !== true || mirror !== null)
      return;
    const why = rights.why ?? 'You may not change the text of this story.';
    strandedCheck = options
      .keepStrandedEdits(why)
      .then(
        async (isReset) => {
          if (!isReset) return;
          markedAt = null;
          await clearPending(storyId, Number.POSITIVE_INFINITY);
          if (!isClosed) options.onReset?.();
        },
        (error: unknown) => {
          console.error(`Could not keep the offline edits of story ${storyId}`, error);
        },
      )
      .finally(() => {
        strandedCheck = null;
      });
  }

  function handleStateless(payload: string): void {
    const message = parseCollabServerMessage(payload);
    if (message === null) return;
    if (message.type === 'rights') {
      const rights = { canEdit: message.canEdit, why: message.why };
      checkStranded(rights);
      publish({ rights });
      return;
    }
    const bytes = fromBase64(message.snapshot);
    snapshot = Y.decodeSnapshot(bytes);
    void writeStoredSnapshot(storyId, bytes, Date.now());
    checkSynced();
  }

  /**
   * Attaches the document once it is known whose unsent text it holds: a stored body with another
   * account's unsent updates is never attached (it asks to be opened again as a held view), and a
   * held view whose hold is over asks to be opened again on the stored body.
   */
  function attach(shared: HocuspocusProviderWebsocket): void {
    if (isClosed || provider !== null || isAttaching) return;
    isAttaching = true;
    void bodyHoldOf(storyId).then(
      (hold) => {
        isAttaching = false;
        if (isClosed || provider !== null || socket !== shared) return;
        if (mirror === null && hold !== null) {
          publish({ heldFor: hold });
          options.onReset?.();
          return;
        }
        if (mirror !== null && hold === null) {
          options.onReset?.();
          return;
        }
        connect(shared);
      },
      (error: unknown) => {
        isAttaching = false;
        console.error(`Could not tell whose edits the body of story ${storyId} holds`, error);
      },
    );
  }

  function connect(shared: HocuspocusProviderWebsocket): void {
    const created = new HocuspocusProvider({
      name: storyId,
      document: mirror ?? doc,
      websocketProvider: shared,
      // The relay (browser mode) or main (Electron) puts the session token on the upgrade; the
      // protocol's token is a placeholder the server ignores then.
      token: 'workstation',
      awareness: null,
      onStateless: ({ payload }) => handleStateless(payload),
      onSynced: () => {
        if (state.rights !== null) checkStranded(state.rights);
        publish({ connection: 'connected' });
      },
      onAuthenticated: () => {
        refusals = 0;
      },
      onAuthenticationFailed: () => {
        // The server does not know the story yet (its creation waits in the outbox), or refused
        // this account: try again later, with growing pauses.
        detach();
        const delay = REFUSAL_RETRY_MS[Math.min(refusals, REFUSAL_RETRY_MS.length - 1)] ?? 60_000;
        refusals += 1;
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (socket !== null) attach(socket);
        }, delay);
      },
      onDisconnect: () => publish({ connection: 'offline' }),
      onClose: ({ event }) => {
        if (event.code === COLLAB_CLOSE.sessionEnded.code) publish({ connection: 'offline' });
      },
    });
    addReceivedOrigin(created);
    provider = created;
    created.attach();
  }

  function detach(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    if (provider !== null) letProviderGo(provider);
    provider = null;
    publish({ connection: endpoint === null ? 'standalone' : 'offline' });
  }

  const handle: StoryLink = {
    state: () => state,
    idle: () => strandedCheck ?? Promise.resolve(),
    firstSync(timeoutMs) {
      if (endpoint === null || state.connection === 'connected') return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        listeners.add(check);
        function check(): void {
          if (state.connection === 'connected') done();
        }
        function done(): void {
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      doc.off('update', handleUpdate);
      mirror?.destroy();
      if (checkTimer !== null) clearTimeout(checkTimer);
      detach();
      links.delete(link);
      listeners.clear();
      // Closed before the server stored it: the background sync takes it from here.
      if (!options.isBackground && mirror === null && !state.isSynced && endpoint !== null)
        scheduleBackgroundSync();
    },
  };
  const link: Link = {
    storyId,
    doc,
    isBackground: options.isBackground === true,
    handle,
    attach,
    detach,
  };
  links.add(link);
  doc.on('update', handleUpdate);
  void readStoredSnapshot(storyId).then((stored) => {
    if (isClosed) return;
    if (stored !== null && snapshot === null) snapshot = Y.decodeSnapshot(stored);
    if (endpoint !== null) checkSynced();
  });
  if (socket !== null) attach(socket);

  return handle;
}
