import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../shared/api/media';
import { fail } from '../../shared/result';
import { type DiskFile, spoolToDisk, UploadTooLarge } from '../services/media/diskFile';
import { APP_SECURITY_HEADERS, contentTypeOf } from '../security';
import { parseMediaPath, resolveStaticFile } from '../staticFiles';
import type { Workstation } from '../workstation';

/** The largest request body accepted (a big original photo fits; nothing else comes close). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** How the browser-mode server is started. */
export interface WebServerOptions {
  workstation: Workstation;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** The per-start secret every request must carry (cookie, bearer header, or media query). */
  token: string;
  port: number;
}

/** A running browser-mode server. */
export interface WebServer {
  port: number;
  /** The address to open: carries the token once; the server then keeps it in a cookie. */
  readyUrl: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function tokensMatch(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'The request is too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'The request is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...APP_SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    ...APP_SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(`${message}\n`);
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
 * Reads a raw body (a photo) into a file under the data folder, never into memory: the size cap
 * holds while reading (413 past it, the partial file removed). The caller removes the file after
 * the call; the argument is the header's fields plus `file`.
 */
async function spoolApiInput(
  request: IncomingMessage,
  target: string,
): Promise<Record<string, unknown> & { file: DiskFile }> {
  const rest = readHeaderArgs(request);
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > MAX_IMPORT_BYTES) throw new HttpError(413, 'The photo is too large.');
  try {
    return { ...rest, file: await spoolToDisk(request, target, MAX_IMPORT_BYTES) };
  } catch (error) {
    if (error instanceof UploadTooLarge) throw new HttpError(413, 'The photo is too large.');
    throw error;
  }
}

/** Reads a JSON API argument. */
async function readApiInput(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/json')
    throw new HttpError(415, 'API requests are JSON or application/octet-stream.');
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed === null ? undefined : parsed;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/**
 * Starts browser mode: the built renderer and the API over HTTP, bound to 127.0.0.1 only. Every
 * request must name this server as its Host (no DNS rebinding), come from no other Origin, and carry
 * the per-start token.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { workstation, staticDir, token } = options;
  let port = options.port;
  const cookieName = () => `workstation_token_${port}`;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function isAuthorized(request: IncomingMessage, url: URL): boolean {
    if (tokensMatch(readCookie(request, cookieName()), token)) return true;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ') && tokensMatch(authorization.slice(7), token))
      return true;
    return (
      request.method === 'GET' &&
      url.pathname.startsWith('/media/') &&
      tokensMatch(url.searchParams.get('token') ?? undefined, token)
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host))
      throw new HttpError(403, 'This server answers only to 127.0.0.1 and localhost.');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      throw new HttpError(403, 'Requests from other origins are refused.');
    }
    if (request.headers['sec-fetch-site'] === 'cross-site')
      throw new HttpError(403, 'Cross-site requests are refused.');

    const url = new URL(request.url ?? '/', `http://${host}`);
    const offered = url.searchParams.get('token');
    if (
      request.method === 'GET' &&
      offered !== null &&
      !url.pathname.startsWith('/media/') &&
      !url.pathname.startsWith('/api/')
    ) {
      if (!tokensMatch(offered, token))
        throw new HttpError(
          401,
          'That workstation token is not valid. Use the address printed by `npm run web`.',
        );
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...APP_SECURITY_HEADERS,
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }
    if (!isAuthorized(request, url)) {
      throw new HttpError(
        401,
        'This workstation needs its token: open the address printed by `npm run web`.',
      );
    }

    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') throw new HttpError(405, 'API calls are POST requests.');
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
      const spooled = type === 'application/octet-stream' ? await workstation.uploadPath() : null;
      try {
        let input: unknown;
        try {
          input =
            spooled === null ? await readApiInput(request) : await spoolApiInput(request, spooled);
        } catch (error) {
          if (error instanceof HttpError) {
            if (error.status === 413) response.setHeader('Connection', 'close');
            sendJson(response, error.status, fail('bad_request', error.message));
            return;
          }
          throw error;
        }
        sendJson(response, 200, await workstation.router.call(channel, input));
      } finally {
        if (spooled !== null) await rm(spooled, { force: true });
      }
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new HttpError(405, 'Only GET is served here.');

    if (url.pathname.startsWith('/media/')) {
      const parsed = parseMediaPath(url.pathname);
      const media =
        parsed === null ? null : await workstation.resolveMediaFile(parsed.photoId, parsed.file);
      if (media === null) throw new HttpError(404, 'No such photo file.');
      response.writeHead(200, {
        ...APP_SECURITY_HEADERS,
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
      return;
    }

    const filePath = await resolveStaticFile(staticDir, url.pathname);
    if (filePath === null) throw new HttpError(404, 'Not found.');
    const body = await readFile(filePath);
    const isHtml = filePath.endsWith('.html');
    response.writeHead(200, {
      ...APP_SECURITY_HEADERS,
      'Content-Type': contentTypeOf(filePath),
      'Cache-Control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (!response.headersSent) sendText(response, error.status, error.message);
        else response.destroy();
        return;
      }
      console.error(error);
      if (!response.headersSent) sendText(response, 500, 'The workstation hit an internal error.');
      else response.destroy();
    });
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
