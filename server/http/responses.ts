import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_STATUS, type NewsroomResult } from '../../shared/api/newsroom';

/** Headers on every answer: JSON is data, never a page; nothing is cached. */
export const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
} as const;

/** Answers JSON with the base headers (or cuts the connection when an answer was started). */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    ...extra,
  });
  response.end(JSON.stringify(value));
}

/** Answers a result with the HTTP status of its error code. */
export function sendResult(response: ServerResponse, result: NewsroomResult<unknown>): void {
  if (result.ok) {
    sendJson(response, 200, result);
    return;
  }
  const headers: Record<string, string> =
    result.error.retryAt === undefined
      ? {}
      : {
          'Retry-After': String(Math.max(1, Math.ceil((result.error.retryAt - Date.now()) / 1000))),
        };
  sendJson(response, ERROR_STATUS[result.error.code], result, headers);
}

/** How much of a refused body is read and thrown away, so the client can read the refusal. */
const DISCARD_LIMIT_BYTES = 512 * 1024 * 1024;
const DISCARD_LIMIT_MS = 30_000;

/**
 * After refusing a request whose body was not read (or not all of it), reads the rest and throws
 * it away, holding none of it: closing at once would reset the connection under a client still
 * sending, which then never sees the answer (a lingering close, as web servers do). A client that
 * keeps sending past the limits is cut off.
 */
export function discardRest(request: IncomingMessage): void {
  if (request.readableEnded) return;
  let discarded = 0;
  const timer = setTimeout(() => request.socket.destroy(), DISCARD_LIMIT_MS);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) request.socket.destroy();
  });
  request.once('end', () => clearTimeout(timer));
  request.once('close', () => clearTimeout(timer));
  request.resume();
}

/** The bearer token of a request, or null. */
export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** The address a request came from, for the audit. */
export function clientAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}
