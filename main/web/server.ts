import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { MEDIA_URL_LIFETIME_SECONDS, mediaSignature } from '../../shared/api/mediaUrl';
import { fail } from '../../shared/result';
import { type DiskFile, spoolToDisk, UploadTooLarge } from '../services/media/diskFile';
import { APP_SECURITY_HEADERS, MEDIA_SECURITY_HEADERS, contentTypeOf } from '../security';
import { parseMediaPath, resolveStaticFile } from '../staticFiles';
import type { Workstation } from '../workstation';
import {
  bodyLimitOf,
  checkDeclaredLength,
  createLargeRequestGate,
  HttpError,
  isLargeRequest,
  parseJsonArgument,
  readBody,
  type Release,
  tooLarge,
} from './requestBody';

/** How many large request bodies are read at once, and how many more may wait for their turn. */
const LARGE_REQUESTS = { concurrent: 2, waiting: 16 };

/** How the browser-mode server is started. */
export interface WebServerOptions {
  workstation: Workstation;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** The per-start secret: the page sends it as `Authorization: Bearer`, never as a cookie. */
  token: string;
  /** The per-start key photo URLs are signed with (the page gets it from `app:info`). */
  mediaKey: string;
  port: number;
  /** The clock photo URL expiry is judged by, in epoch seconds (tests move it). */
  nowSeconds?: () => number;
  /**
   * WebSocket endpoints by path (the newsroom relay). An upgrade reaches its handler only from
   * this server's own Host and Origin with the page's token as `?token=` (a browser cannot put
   * headers on a WebSocket); anything else is refused before the handshake.
   */
  upgrades?: Record<string, (request: IncomingMessage, socket: Duplex, head: Buffer) => void>;
}

/** A running browser-mode server. */
export interface WebServer {
  port: number;
  /** The address to open: carries the token once; the page keeps it for this address. */
  readyUrl: string;
  close(): Promise<void>;
}

/** Compares a credential in constant time; anything but the exact token (a prefix, empty, longer) fails. */
function isSameSecret(given: string | null | undefined, secret: string): boolean {
  if (given === null || given === undefined || given === '') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...APP_SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(body);
}

/** Whether a request still has body bytes on their way (a refusal then closes the connection). */
function hasUnreadBody(request: IncomingMessage): boolean {
  if (request.readableEnded) return false;
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * After refusing a request whose body is still arriving, drops the connection once the answer is
 * out, rather than letting Node read (and discard) whatever the sender goes on sending.
 */
function closeAfterAnswer(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => request.destroy());
}

function sendText(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
): void {
  const isClosing = hasUnreadBody(request);
  response.writeHead(status, {
    ...APP_SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(isClosing ? { Connection: 'close' } : {}),
  });
  response.end(`${message}\n`);
  if (isClosing) closeAfterAnswer(request, response);
}

/** Reads the JSON object the `x-api-args` header carries beside a raw body. */
function readHeaderArgs(request: IncomingMessage): Record<string, unknown> {
  const header = request.headers['x-api-args'];
  let rest: unknown = {};
  if (typeof header === 'string' && header !== '') {
    try {
      rest = JSON.parse(decodeURIComponent(header));
    } catch {
      throw new HttpError(400, 'The x-api-args header is not valid JSON.');
    }
  }
  if (typeof rest !== 'object' || rest === null || Array.isArray(rest)) {
    throw new HttpError(400, 'The x-api-args header must hold a JSON object.');
  }
  return { ...rest };
}

/**
 * Reads a raw body (a photo) into a file under the data folder, never into memory: the channel's
 * limit holds while reading (413 past it, the partial file removed). The caller removes the file
 * after the call; the argument is the header's fields plus `file`.
 */
async function spoolApiInput(
  request: IncomingMessage,
  target: string,
  limit: number,
): Promise<Record<string, unknown> & { file: DiskFile }> {
  const rest = readHeaderArgs(request);
  checkDeclaredLength(request, limit);
  try {
    return { ...rest, file: await spoolToDisk(request, target, limit) };
  } catch (error) {
    if (error instanceof UploadTooLarge) throw tooLarge(limit);
    throw error;
  }
}

/** Reads a JSON API argument of at most `limit` bytes. */
async function readJsonInput(request: IncomingMessage, limit: number): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/json')
    throw new HttpError(415, 'API requests are JSON or application/octet-stream.');
  return parseJsonArgument(await readBody(request, limit));
}

/**
 * Starts browser mode: the built renderer and the API over HTTP, bound to 127.0.0.1 only. Every
 * request must name this server as its Host (no DNS rebinding) and come from no other Origin. API
 * calls carry the per-start token as a bearer header; photos carry a short-lived signature for
 * that one file, or the bearer header. No cookie is ever set: cookies are not kept per port, so
 * any other server on 127.0.0.1 would receive it. The app's own files are public (they hold no
 * data); a `?token=` offered with them is checked, so a wrong one is refused at once.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { workstation, staticDir, token, mediaKey } = options;
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const largeRequests = createLargeRequestGate(LARGE_REQUESTS);
  let port = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function hasMediaSignature(url: URL, photoId: string, file: string): boolean {
    const expires = Number(url.searchParams.get('expires'));
    const now = nowSeconds();
    if (!Number.isSafeInteger(expires) || expires <= now) return false;
    if (expires > now + MEDIA_URL_LIFETIME_SECONDS) return false;
    return isSameSecret(
      url.searchParams.get('signature'),
      mediaSignature(mediaKey, photoId, file, expires),
    );
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    if (request.method !== 'POST') throw new HttpError(405, 'API calls are POST requests.');
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    const limit = bodyLimitOf(channel);
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
    const spooled = type === 'application/octet-stream' ? await workstation.uploadPath() : null;
    try {
      let input: unknown;
      let release: Release | null = null;
      try {
        if (isLargeRequest(request, limit)) release = await largeRequests.enter();
        input =
          spooled === null
            ? await readJsonInput(request, limit)
            : await spoolApiInput(request, spooled, limit);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        // A refused body may still be arriving: answer, then close instead of reading the rest.
        const code =
          error.status === 413 ? 'too_large' : error.status === 503 ? 'busy' : 'bad_request';
        const isClosing = hasUnreadBody(request);
        sendJson(
          response,
          error.status,
          fail(code, error.message),
          isClosing ? { Connection: 'close' } : {},
        );
        if (isClosing) closeAfterAnswer(request, response);
        return;
      } finally {
        release?.();
      }
      sendJson(response, 200, await workstation.router.call(channel, input));
    } finally {
      if (spooled !== null) await rm(spooled, { force: true });
    }
  }

  async function handleMedia(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const parsed = parseMediaPath(url.pathname);
    if (parsed === null) throw new HttpError(404, 'No such photo file.');
    if (
      !isSameSecret(bearerOf(request), token) &&
      !hasMediaSignature(url, parsed.photoId, parsed.file)
    ) {
      throw new HttpError(
        401,
        'This photo address has expired or belongs to another photo. Open the photo in the workstation again.',
      );
    }
    const media = await workstation.resolveMediaFile(parsed.photoId, parsed.file);
    if (media === null) throw new HttpError(404, 'No such photo file.');
    response.writeHead(200, {
      ...MEDIA_SECURITY_HEADERS,
      'Content-Type': media.mimeType,
      'Cache-Control': 'private, max-age=31536000, immutable',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(media.filePath)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host))
      throw new HttpError(403, 'This server answers only to 127.0.0.1 and localhost.');
    const url = new URL(request.url ?? '/', `http://${host}`);
    // The sandboxed preview is an opaque origin: its photo requests say `Origin: null` and are
    // cross-site by definition. Their signature, not where they come from, lets them through.
    const isMedia = url.pathname.startsWith('/media/');
    if (!isMedia) {
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) {
        throw new HttpError(403, 'Requests from other origins are refused.');
      }
      if (request.headers['sec-fetch-site'] === 'cross-site')
        throw new HttpError(403, 'Cross-site requests are refused.');
    }

    if (url.pathname.startsWith('/api/')) {
      if (!isSameSecret(bearerOf(request), token)) {
        throw new HttpError(
          401,
          'This workstation needs its token: open the address printed by `npm run web`.',
        );
      }
      await handleApi(request, response, url);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new HttpError(405, 'Only GET is served here.');
    if (isMedia) {
      await handleMedia(request, response, url);
      return;
    }

    const offered = url.searchParams.get('token');
    if (offered !== null && !isSameSecret(offered, token)) {
      throw new HttpError(
        401,
        'That workstation token is not valid. Use the address printed by `npm run web`.',
      );
    }
    const filePath = await resolveStaticFile(staticDir, url.pathname);
    if (filePath === null) throw new HttpError(404, 'Not found.');
    const body = await readFile(filePath);
    const isHtml = filePath.endsWith('.html');
    response.writeHead(200, {
      ...APP_SECURITY_HEADERS,
      'Content-Type': contentTypeOf(filePath),
      'Cache-Control':
        isHtml || offered !== null ? 'no-store' : 'private, max-age=31536000, immutable',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        sendText(request, response, error.status, error.message);
        return;
      }
      console.error(error);
      if (!response.headersSent)
        sendText(request, response, 500, 'The workstation hit an internal error.');
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    function refuse(status: number, text: string): void {
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\n`,
      );
    }
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host))
      return refuse(403, 'This server answers only to 127.0.0.1 and localhost.');
    const origin = request.headers.origin;
    if (origin === undefined || !allowedOrigins().has(origin))
      return refuse(403, 'Connections from other origins are refused.');
    const url = new URL(request.url ?? '/', `http://${host}`);
    const handler = options.upgrades?.[url.pathname];
    if (handler === undefined) return refuse(404, 'Nothing to connect to here.');
    if (!isSameSecret(url.searchParams.get('token'), token))
      return refuse(401, 'This workstation needs its token.');
    handler(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The server has no TCP address.');
  port = address.port;

  return {
    port,
    readyUrl: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
