import { CHANNEL_NAMES, type ApiBridge } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import { takeCredential } from './credential';

declare global {
  interface Window {
    /** Exposed by main/preload.ts in Electron; absent in browser mode. */
    workstationApi?: ApiBridge;
  }
}

/** Chromium allows 64 KiB of keepalive request bodies in flight per page; stay well under it. */
const KEEPALIVE_LIMIT = 16 * 1024;

function hasFile(input: unknown): input is { file: Blob } & Record<string, unknown> {
  return (
    typeof input === 'object' && input !== null && 'file' in input && input.file instanceof Blob
  );
}

/**
 * Browser mode: POST /api/<channel> with the token as a bearer credential. An argument with a
 * `file` (a photo) posts the file itself as the raw body, the rest in a header: the browser streams
 * it from disk, nothing is copied on this thread.
 */
async function callOverHttp(
  token: string | null,
  channel: string,
  input: unknown,
): Promise<Result<unknown>> {
  const authorization: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token}` };
  let init: RequestInit;
  if (hasFile(input)) {
    const { file, ...rest } = input;
    init = {
      method: 'POST',
      headers: {
        ...authorization,
        'content-type': 'application/octet-stream',
        'x-api-args': encodeURIComponent(JSON.stringify(rest)),
      },
      body: file,
    };
  } else {
    const body = JSON.stringify(input === undefined ? null : input);
    init = {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body,
      // Small calls outlive the page, so an edit sent as the tab reloads or closes still lands.
      keepalive: body.length < KEEPALIVE_LIMIT,
    };
  }
  try {
    const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      ...init,
      credentials: 'omit',
    });
    if (response.status === 401 || response.status === 403) {
      return {
        ok: false,
        error: {
          code: 'unauthorized',
          message:
            'This browser tab is not signed in to the workstation. Open the address printed by `npm run web` again.',
        },
      };
    }
    return (await response.json()) as Result<unknown>;
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'unreachable',
        message: `The workstation service cannot be reached (${error instanceof Error ? error.message : String(error)}). Is \`npm run web\` still running?`,
      },
    };
  }
}

// Browser mode's token, taken from the address once (Electron's bridge needs none).
const browserToken = window.workstationApi === undefined ? takeCredential() : null;

function createHttpBridge(token: string | null): ApiBridge {
  return Object.fromEntries(
    CHANNEL_NAMES.map((name) => [name, (input: unknown) => callOverHttp(token, name, input)]),
  ) as ApiBridge;
}

/** The API on whichever transport this renderer runs: the preload bridge, or HTTP in browser mode. */
export const api: ApiBridge = window.workstationApi ?? createHttpBridge(browserToken);

/**
 * The address of a WebSocket endpoint main gave (the newsroom's collab endpoint): an absolute
 * `ws(s):` URL as it is (Electron: main adds the session's header), or a path on this page's own
 * origin with the page's token as `?token=` (browser mode: a browser cannot set headers on a
 * WebSocket, and the local server checks the token on the upgrade).
 */
export function webSocketUrl(endpoint: string): string {
  if (/^wss?:\/\//i.test(endpoint)) return endpoint;
  const url = new URL(endpoint, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (browserToken !== null) url.searchParams.set('token', browserToken);
  return url.toString();
}
