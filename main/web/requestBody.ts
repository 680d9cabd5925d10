import type { IncomingMessage } from 'node:http';
import { MAX_IMPORT_BYTES } from '../../shared/api/media';
import type { ChannelName } from '../../shared/api/contract';
import { jsonDepthExceeds } from '../../shared/text/jsonDepth';

const MIB = 1024 * 1024;

/** The body limit of a JSON channel that names none of its own: every small call fits many times. */
export const DEFAULT_BODY_LIMIT = MIB;

/**
 * Channels whose argument may be larger than the default, and how large. A published story carries
 * its whole body (100,000 words with every run formatted stay under 16 MiB); a photo import carries
 * the original file.
 */
export const CHANNEL_BODY_LIMITS: Partial<Record<ChannelName, number>> = {
  'portal:publish': 16 * MIB,
  'media:import': MAX_IMPORT_BYTES,
};

/** The most bytes a request to `channel` may carry (unknown channels get the default). */
export function bodyLimitOf(channel: string): number {
  return Object.hasOwn(CHANNEL_BODY_LIMITS, channel)
    ? (CHANNEL_BODY_LIMITS[channel as ChannelName] ?? DEFAULT_BODY_LIMIT)
    : DEFAULT_BODY_LIMIT;
}

/**
 * How deep arrays and objects may nest in a JSON argument. A story body is five levels deep; the
 * limit keeps a `[[[[…` body from reaching the recursive schema check and exhausting the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** A refusal that carries its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The 413 of a body past `limit` bytes, with the limit in words a person reads. */
export function tooLarge(limit: number): HttpError {
  const size = limit >= MIB ? `${Math.round(limit / MIB)} MB` : `${Math.round(limit / 1024)} KB`;
  return new HttpError(413, `The request is larger than this call accepts (${size} at most).`);
}

/**
 * Refuses a declared Content-Length over the limit before a byte is read; otherwise checks it, the
 * caller reads with the same limit, counting as it goes.
 */
export function checkDeclaredLength(request: IncomingMessage, limit: number): void {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * Reads a request body of at most `limit` bytes. Past the limit it stops reading at once (the
 * stream is paused, nothing more is buffered) and rejects with 413; the caller answers and closes
 * the connection, so a client streaming 256 MB never gets more than the limit into memory.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  checkDeclaredLength(request, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function cleanUp() {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    }
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size > limit) {
        cleanUp();
        request.pause();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      cleanUp();
      resolve(Buffer.concat(chunks, size));
    }
    function onError(error: Error) {
      cleanUp();
      reject(error);
    }
    function onAborted() {
      cleanUp();
      reject(new HttpError(400, 'The request was cut off before its end.'));
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/** Parses a JSON argument: 400 for malformed or too deeply nested text; an empty body or null is undefined. */
export function parseJsonArgument(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `The request nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null ? undefined : parsed;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** A body is large when it may exceed the default limit: its own or an unknown length. */
export function isLargeRequest(request: IncomingMessage, limit: number): boolean {
  if (limit <= DEFAULT_BODY_LIMIT) return false;
  const declared = request.headers['content-length'];
  return declared === undefined || Number(declared) > DEFAULT_BODY_LIMIT;
}

/** A slot for one large request; call it once the body is read (or refused). */
export type Release = () => void;

/**
 * Caps how many large requests are read at once (the others wait their turn, in order), and how
 * many may wait: past that, new ones are refused with 503 rather than queued without end.
 */
export function createLargeRequestGate(options: { concurrent: number; waiting: number }): {
  enter(): Promise<Release>;
} {
  let active = 0;
  const queue: Array<() => void> = [];
  function release() {
    const next = queue.shift();
    if (next === undefined) active -= 1;
    else next();
  }
  function slot(): Release {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      release();
    };
  }
  return {
    enter() {
      if (active < options.concurrent) {
        active += 1;
        return Promise.resolve(slot());
      }
      if (queue.length >= options.waiting) {
        return Promise.reject(
          new HttpError(503, 'The workstation is busy with other large requests. Try again.'),
        );
      }
      return new Promise((resolve) => queue.push(() => resolve(slot())));
    },
  };
}
