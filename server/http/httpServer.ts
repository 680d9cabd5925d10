import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sql } from 'kysely';
import {
  MAX_REQUEST_BYTES,
  MAX_UPLOAD_BYTES,
  NEWSROOM_PATHS,
  type NewsroomResult,
} from '../../shared/api/newsroom';
import type { Newsroom } from '../newsroom';
import { refusal } from '../outcome';
import { createPhotoRoutes, isPhotoPath } from '../photos/photoRoutes';
import { createApi } from './api';
import { createEventStreams } from './eventStream';
import { BodyError, parseJsonBody, readLimitedBody } from './requestBody';
import { bearerToken, clientAddress, discardRest, sendJson, sendResult } from './responses';

/** The bearer token of a request (collab reads it here); kept with the answers in responses.ts. */
export { bearerToken } from './responses';

/** Takes over WebSocket upgrades of one path (collab's `/collab`). */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The newsroom's HTTP transport, listening. */
export interface NewsroomHttpServer {
  server: Server;
  port: number;
  host: string;
  /** Routes WebSocket upgrades of a path to a handler (collab registers `/collab`). */
  handleUpgrades(path: string, handler: UpgradeHandler): void;
  /** Stops accepting, ends event streams, and waits (up to `graceMs`) for requests under way. */
  close(graceMs?: number): Promise<void>;
}

/** The channel a path names; `%3A` for the colon is read as one, a broken escape as no channel. */
function channelOf(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/**
 * Starts the newsroom's HTTP API: `POST /api/<channel>` (JSON), `GET /api/events` (SSE) and
 * `GET /healthz`. A token is checked before the body is read, so an unauthenticated upload of any
 * size costs nothing; bodies are bounded while read. Each request is logged as one line (method,
 * path, status, account, time): never a header, body, token or password.
 */
export async function startHttpServer(
  newsroom: Newsroom,
  options: {
    port: number;
    host: string;
    version: string;
    log: (line: string) => void;
    accessLog: (line: string) => void;
  },
): Promise<NewsroomHttpServer> {
  const api = createApi(newsroom, { version: options.version, log: options.log });
  const streams = createEventStreams(newsroom);
  const photoRoutes = createPhotoRoutes(newsroom);
  const upgrades = new Map<string, UpgradeHandler>();
  const inFlight = new Set<Promise<void>>();

  /** The 401 of a token that no longer signs in: a disabled account is told so (see Accounts). */
  async function sessionRefusal(token: string): Promise<NewsroomResult<never>> {
    return (await newsroom.accounts.whyRefused(token)) === 'disabled'
      ? refusal('account_disabled', 'This account is disabled: ask the newsroom’s administrator.')
      : refusal('unauthorized', 'Your session has ended: sign in again.');
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    channel: string,
  ): Promise<string> {
    if (request.method !== 'POST') {
      sendJson(
        response,
        405,
        refusal('invalid_input', 'API calls are POST requests with a JSON body.'),
        { Allow: 'POST' },
      );
      return '-';
    }
    const token = bearerToken(request);
    const user = token === null ? null : await newsroom.accounts.authenticate(token);
    if (!api.isPublic(channel) && user === null) {
      sendResult(
        response,
        token === null
          ? refusal('unauthorized', 'Sign in first: this call needs a session token.')
          : await sessionRefusal(token),
      );
      discardRest(request);
      return '-';
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !(type === '' && request.headers['content-length'] === '0'))
      throw new BodyError(415, 'API requests are JSON (Content-Type: application/json).');
    const limit = channel === 'stories:upload' ? MAX_UPLOAD_BYTES : MAX_REQUEST_BYTES;
    const raw = parseJsonBody(await readLimitedBody(request, limit));
    sendResult(response, await api.call(channel, { user, from: clientAddress(request) }, raw));
    return user?.login ?? '-';
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<string> {
    const url = new URL(request.url ?? '/', 'http://server');
    if (url.pathname === NEWSROOM_PATHS.health) {
      try {
        await sql`select 1`.execute(newsroom.store.db);
        sendJson(response, 200, { ok: true });
      } catch (error) {
        // A load balancer takes this process out of rotation; the reason goes to the log.
        options.log(
          `Health check: the store does not answer: ${error instanceof Error ? error.message : String(error)}`,
        );
        sendJson(response, 503, { ok: false });
      }
      return '-';
    }
    if (url.pathname === NEWSROOM_PATHS.events) {
      const token = bearerToken(request);
      const user = token === null ? null : await newsroom.accounts.authenticate(token);
      if (token === null || user === null) {
        sendResult(
          response,
          token === null
            ? refusal('unauthorized', 'Sign in first: the event stream needs a session token.')
            : await sessionRefusal(token),
        );
        return '-';
      }
      await streams.open(user, token, response);
      return user.login;
    }
    if (isPhotoPath(url.pathname)) return photoRoutes.handle(request, response, url.pathname);
    if (url.pathname.startsWith(NEWSROOM_PATHS.api)) {
      return handleApi(request, response, channelOf(url.pathname.slice(NEWSROOM_PATHS.api.length)));
    }
    sendJson(
      response,
      404,
      refusal('not_found', 'Nothing is served here: the API is POST /api/<channel>.'),
    );
    return '-';
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    const work = handle(request, response)
      .catch((error: unknown) => {
        if (error instanceof BodyError) {
          sendJson(
            response,
            error.status,
            refusal(
              error.status === 413
                ? 'too_large'
                : error.status === 415
                  ? 'unsupported'
                  : 'invalid_input',
              error.message,
            ),
          );
          discardRest(request);
          return '-';
        }
        options.log(
          `Internal error on ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        sendJson(
          response,
          500,
          refusal(
            'internal',
            'The server hit an internal error; nothing was changed by this request.',
          ),
        );
        return '-';
      })
      .then((login) => {
        const path = (request.url ?? '/').split('?')[0];
        options.accessLog(
          `${new Date().toISOString()} ${clientAddress(request)} ${login} ${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)}ms`,
        );
      });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    const handler = [...upgrades].find(
      ([prefix]) => path === prefix || path.startsWith(`${prefix}/`),
    )?.[1];
    if (handler === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    handler(request, socket, head);
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The server has no TCP address.');

  return {
    server,
    port: address.port,
    host: options.host,
    handleUpgrades(path, handler) {
      upgrades.set(path, handler);
    },
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      streams.closeAll();
      server.closeIdleConnections();
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => setTimeout(resolve, graceMs)),
      ]);
      server.closeAllConnections();
      await closed;
    },
  };
}
