import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { Redis } from 'ioredis';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  COLLAB_CLOSE,
  MAX_COLLAB_FRAME_BYTES,
  MAX_STORY_DOCUMENT_BYTES,
} from '../../shared/api/collab';
import { NEWSROOM_PATHS } from '../../shared/api/newsroom';
import { bearerToken, type NewsroomHttpServer } from '../http/httpServer';
import type { Newsroom } from '../newsroom';
import { createStoredDocuments, type StoryDocuments } from '../stories/storyDocuments';
import { createCollabAccess, type CollabContext, type CollabSocket } from './access';
import { addressOf, inspectClientMessage, MalformedMessage, updateBytesOf } from './clientMessages';
import { createDurabilityTracker } from './durability';
import { createLiveDocuments } from './liveDocuments';
import { createPersistence, type Persistence } from './persistence';
import { openStoredNotices } from './storedNotices';

/** Store a document this long after its last change… */
const STORE_DEBOUNCE_MS = 1000;
/** …and at least this often while it keeps changing. */
const STORE_MAX_DEBOUNCE_MS = 5000;
/** How long another process gets to store (and tell) an update it relayed, before this one does. */
const RELAYED_GRACE_MS = 10_000;
const SWEEP_INTERVAL_MS = 500;
const EXPIRY_CHECK_MS = 5000;
/** How long shutdown waits for every document to be stored. */
const SHUTDOWN_FLUSH_MS = 15_000;

/** How collab is started. */
export interface CollabOptions {
  /** With several processes: the Redis they share. */
  redisUrl?: string;
  /** Problems, one line each (never a token or a body). */
  log: (line: string) => void;
  /** The largest a story document may grow (tests lower it); `MAX_STORY_DOCUMENT_BYTES` by default. */
  maxDocumentBytes?: number;
  /** The clock sessions expire by (the newsroom's). */
  now?: () => number;
}

/** The collaboration layer, mounted on the newsroom's HTTP server at `/collab`. */
export interface Collab {
  hocuspocus: Hocuspocus;
  /** The live `StoryDocuments` (installed into the newsroom by `startCollab`). */
  documents: StoryDocuments;
  /**
   * Stops: refuses new sockets, closes the open ones (clients reconnect, to another process if
   * there is one), stores every document and waits for the stores, then leaves Redis.
   */
  close(): Promise<void>;
}

/** A document update that would grow the document past its cap: closes that connection. */
class DocumentTooLarge extends Error {
  readonly code = COLLAB_CLOSE.tooLarge.code;
  readonly reason = COLLAB_CLOSE.tooLarge.reason;
}

function refuseUpgrade(socket: Duplex, status: 401 | 404 | 503, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ ok: false, error: { message: text } });
  const statusText = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The request Hocuspocus keeps for a socket: the path and query only. The session token (header
 * or query) and cookies stay out of it, so no hook or log can see them.
 */
function requestFor(request: IncomingMessage): Request {
  const url = new URL(request.url ?? '/', 'http://newsroom');
  return new Request(`http://newsroom${url.pathname}`);
}

/**
 * Starts Hocuspocus 4 on the server's HTTP port at `/collab` (any other upgrade is refused by the
 * HTTP server): story bodies live, authenticated and authorised per connection, stored beside their
 * stories, with Redis between processes when `redisUrl` is given. Installs the live documents into
 * the newsroom so the API's body changes go through the same documents.
 */
export async function startCollab(
  newsroom: Newsroom,
  http: NewsroomHttpServer,
  options: CollabOptions,
): Promise<Collab> {
  const { log } = options;
  const maxDocumentBytes = options.maxDocumentBytes ?? MAX_STORY_DOCUMENT_BYTES;
  const identifier = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const tracker = createDurabilityTracker();
  // The notices and the persistence need each other: the notices are heard once both exist.
  const heard: { persistence: Persistence | null } = { persistence: null };
  const notices = await openStoredNotices({
    redisUrl: options.redisUrl,
    identifier,
    onNotice: (document, snapshot) => heard.persistence?.storedElsewhere(document, snapshot),
    log,
  });
  const persistence = createPersistence({
    bodies: newsroom.bodies,
    stories: newsroom.stories,
    tracker,
    notices,
    log,
    relayedGraceMs: RELAYED_GRACE_MS,
  });
  heard.persistence = persistence;

  const access = createCollabAccess(newsroom, log, options.now);

  const guard: Extension<CollabContext> = {
    extensionName: 'newsroom-size-guard',
    async beforeHandleMessage({ update, connection, documentName }) {
      const updateBytes = updateBytesOf(update);
      if (
        updateBytes > 0 &&
        !connection.readOnly &&
        tracker.sizeEstimate(documentName) + updateBytes > maxDocumentBytes
      ) {
        log(`Refusing an update that would take ${documentName} past its size limit.`);
        throw new DocumentTooLarge(COLLAB_CLOSE.tooLarge.reason);
      }
    },
  };

  const extensions: Extension[] = [guard, access.extension, persistence.extension];
  if (options.redisUrl !== undefined) {
    const redisUrl = options.redisUrl;
    extensions.push(
      new RedisExtension({
        identifier,
        prefix: 'newsroom:collab',
        createClient() {
          const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
          client.on('error', (error: Error) => log(`Redis (collab): ${error.message}`));
          return client;
        },
      }),
    );
  }
  const hocuspocus = new Hocuspocus({
    name: identifier,
    quiet: true,
    debounce: STORE_DEBOUNCE_MS,
    maxDebounce: STORE_MAX_DEBOUNCE_MS,
    unloadImmediately: true,
    extensions,
  });

  const state = { isAccepting: true, isClosed: false };
  const fallback = createStoredDocuments(newsroom.bodies);
  const documents = createLiveDocuments({
    hocuspocus,
    tracker,
    fallback,
    isClosed: () => state.isClosed,
  });
  newsroom.useDocuments(documents);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COLLAB_FRAME_BYTES });

  function attach(ws: WebSocket, request: IncomingMessage, headerToken: string | null): void {
    const socket: CollabSocket = {
      ws,
      headerToken,
      sessions: new Map(),
      refusedDocuments: new Set(),
    };
    access.add(socket);
    const context: CollabContext = { socket, session: null };
    const client = hocuspocus.handleConnection(ws, requestFor(request), context);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Frames already under way when the socket was closed for a bad one are not read.
      if (ws.readyState !== ws.OPEN) return;
      const bytes = bytesOf(data);
      try {
        if (!isBinary) throw new MalformedMessage('a text frame.');
        inspectClientMessage(bytes);
      } catch (error) {
        // Whatever went wrong reading it, the frame is refused: a throw here would end the process.
        const who = [...socket.sessions.values()][0]?.login ?? 'someone not signed in';
        log(
          `Closing a /collab socket of ${who}: ${error instanceof Error ? error.message : String(error)}`,
        );
        ws.close(COLLAB_CLOSE.malformed.code, COLLAB_CLOSE.malformed.reason);
        return;
      }
      const { documentName, isAuth } = addressOf(bytes);
      if (isAuth) socket.refusedDocuments.delete(documentName);
      else if (socket.refusedDocuments.has(documentName)) return;
      client.handleMessage(bytes);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      access.remove(socket);
      client.handleClose({ code, reason: reason.toString() });
    });
    // ws closes the socket itself after an error (a frame over maxPayload, a protocol violation).
    ws.on('error', (error: Error) => log(`A /collab socket failed: ${error.message}`));
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://newsroom').pathname;
    if (path !== NEWSROOM_PATHS.collab) {
      refuseUpgrade(socket, 404, `Story bodies are at ${NEWSROOM_PATHS.collab}.`);
      return;
    }
    if (!state.isAccepting) {
      refuseUpgrade(socket, 503, COLLAB_CLOSE.goingAway.reason);
      return;
    }
    const headerToken = bearerToken(request);
    if (request.headers.authorization !== undefined) {
      const user = headerToken === null ? null : await newsroom.accounts.authenticate(headerToken);
      if (user === null) {
        refuseUpgrade(socket, 401, COLLAB_CLOSE.sessionEnded.reason);
        return;
      }
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => attach(ws, request, headerToken));
  }

  http.handleUpgrades(NEWSROOM_PATHS.collab, (request, socket, head) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      log(`A /collab upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    });
  });

  const timers = [
    setInterval(() => persistence.sweep(), SWEEP_INTERVAL_MS),
    setInterval(() => access.closeExpired(), EXPIRY_CHECK_MS),
  ];
  for (const timer of timers) timer.unref();

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    state.isAccepting = false;
    for (const timer of timers) clearInterval(timer);
    access.stop();
    access.closeAll(COLLAB_CLOSE.goingAway.code, COLLAB_CLOSE.goingAway.reason);
    hocuspocus.flushPendingStores();
    const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
    while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
      persistence.sweep({ isShuttingDown: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const left = [...hocuspocus.documents.keys()].filter((name) => tracker.hasPending(name));
    if (left.length > 0)
      log(
        `Shutting down with ${left.length} story bodies not fully stored (${left.join(', ')}): their workstations keep the edits and send them again.`,
      );
    state.isClosed = true;
    await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    await notices.close();
    wss.close();
  }

  return {
    hocuspocus,
    documents,
    close() {
      closing ??= close();
      return closing;
    },
  };
}
