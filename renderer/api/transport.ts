import { CHANNEL_NAMES, type ApiBridge } from '../../shared/api/contract';
import type { Result } from '../../shared/result';

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
 * Browser mode: POST /api/<channel>. The session cookie set when the ready URL was opened carries
 * the token. An argument with a `file` (a photo) posts the file itself as the raw body, the rest in
 * a header: the browser streams it from disk, nothing is copied on this thread.
 */
async function callOverHttp(channel: string, input: unknown): Promise<Result<unknown>> {
  let init: RequestInit;
  if (hasFile(input)) {
    const { file, ...rest } = input;
    init = {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-api-args': encodeURIComponent(JSON.stringify(rest)),
      },
      body: file,
    };
  } else {
    const body = JSON.stringify(input === undefined ? null : input);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      // Small calls outlive the page, so an edit sent as the tab reloads or closes still lands.
      keepalive: body.length < KEEPALIVE_LIMIT,
    };
  }
  try {
    const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      ...init,
      credentials: 'same-origin',
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

function createHttpBridge(): ApiBridge {
  return Object.fromEntries(
    CHANNEL_NAMES.map((name) => [name, (input: unknown) => callOverHttp(name, input)]),
  ) as ApiBridge;
}

/** The API on whichever transport this renderer runs: the preload bridge, or HTTP in browser mode. */
export const api: ApiBridge = window.workstationApi ?? createHttpBridge();
