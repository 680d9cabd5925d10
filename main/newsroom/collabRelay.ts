import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_COLLAB_FRAME_BYTES } from '../../shared/api/collab';
import { serverCollabUrl } from './gateway';

/** Where browser mode's page connects story bodies, on its own origin. */
export const RELAY_PATH = '/newsroom/collab';
/** What the page may send before the server's side of the relay is open. */
const MAX_EARLY_BYTES = MAX_COLLAB_FRAME_BYTES;
/** How long the server's side may take to open. */
const CONNECT_TIMEOUT_MS = 15_000;

/** Close codes a peer may send (1005, 1006 and 1015 are only ever reported, never sent). */
function sendableCode(code: number, fallback: number): number {
  const isSendable =
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999);
  return isSendable ? code : fallback;
}

/** A close reason fits in a control frame (123 bytes). */
function shortReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.byteLength <= 123 ? reason : bytes.subarray(0, 120).toString('utf8');
}

/** Browser mode's WebSocket relay to the newsroom server's `/collab`. */
export interface CollabRelay {
  /** Takes an upgrade the web server has already checked (host, origin, the page's token). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every relayed socket (signed out, session ended, shutting down). */
  closeAll(code: number, reason: string): void;
}

/**
 * Relays the page's Hocuspocus socket to the server's `/collab`, adding `Authorization: Bearer`
 * with the session token main holds: the token never reaches the page, and the page's CSP stays
 * `connect-src 'self'`. Frames pass unchanged both ways (the protocol is Hocuspocus's, end to end;
 * nothing here reads it), each capped at the server's own frame limit while being read; closes
 * pass through with their codes, so the provider reacts to `sessionEnded` as it would directly.
 */
export function createCollabRelay(options: {
  credentials: () => { serverUrl: string; token: string } | null;
  maxFrameBytes?: number;
}): CollabRelay {
  const maxPayload = options.maxFrameBytes ?? MAX_COLLAB_FRAME_BYTES;
  const server = new WebSocketServer({ noServer: true, maxPayload });
  const open = new Set<{ page: WebSocket; upstream: WebSocket }>();

  function relay(page: WebSocket, serverUrl: string, token: string): void {
    const upstream = new WebSocket(serverCollabUrl(serverUrl), {
      headers: { Authorization: `Bearer ${token}` },
      maxPayload,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    const pair = { page, upstream };
    open.add(pair);
    let early: Array<{ data: RawData; isBinary: boolean }> = [];
    let earlyBytes = 0;

    function closeBoth(code: number, reason: string): void {
      open.delete(pair);
      if (page.readyState === WebSocket.OPEN || page.readyState === WebSocket.CONNECTING)
        page.close(sendableCode(code, 1011), shortReason(reason));
      if (upstream.readyState === WebSocket.OPEN)
        upstream.close(sendableCode(code, 1000), shortReason(reason));
      else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    }

    page.on('message', (data, isBinary) => {
      if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(data, { binary: isBinary });
        return;
      }
      earlyBytes += Array.isArray(data)
        ? data.reduce((sum, part) => sum + part.byteLength, 0)
        : data.byteLength;
      if (earlyBytes > MAX_EARLY_BYTES) {
        closeBoth(1009, 'Too much was sent before the newsroom server answered.');
        return;
      }
      early.push({ data, isBinary });
    });
    upstream.on('open', () => {
      for (const message of early) upstream.send(message.data, { binary: message.isBinary });
      early = [];
    });
    upstream.on('message', (data, isBinary) => {
      if (page.readyState === WebSocket.OPEN) page.send(data, { binary: isBinary });
    });
    upstream.on('unexpected-response', (_request, response) => {
      // The server refused the upgrade (401: the session ended): the page hears it as a close.
      const code = response.statusCode === 401 ? 4401 : 1011;
      response.resume();
      closeBoth(
        code,
        response.statusCode === 401
          ? 'Your session has ended: sign in again.'
          : `The newsroom server refused the connection (HTTP ${response.statusCode}).`,
      );
    });
    upstream.on('close', (code, reason) =>
      closeBoth(code, reason.toString('utf8') || 'The newsroom server closed the connection.'),
    );
    upstream.on('error', (error) =>
      closeBoth(1011, `The newsroom server cannot be reached (${error.message}).`),
    );
    page.on('close', (code, reason) => closeBoth(code, reason.toString('utf8')));
    page.on('error', () => closeBoth(1011, 'The page’s connection failed.'));
  }

  return {
    handleUpgrade(request, socket, head) {
      const credentials = options.credentials();
      if (credentials === null) {
        socket.end(
          'HTTP/1.1 409 Conflict\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThis workstation is not signed in to a newsroom.\n',
        );
        return;
      }
      server.handleUpgrade(request, socket, head, (page) =>
        relay(page, credentials.serverUrl, credentials.token),
      );
    },
    closeAll(code, reason) {
      for (const pair of [...open]) {
        open.delete(pair);
        pair.page.close(sendableCode(code, 1000), shortReason(reason));
        pair.upstream.terminate();
      }
    },
  };
}
