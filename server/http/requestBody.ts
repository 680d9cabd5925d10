import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH } from '../../shared/api/newsroom';
import { jsonDepthExceeds } from '../../shared/text/jsonDepth';

/** Why a request body was not read: the HTTP status and a sentence. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limit` bytes. A declared length over it is refused before a byte is
 * read; a body that grows past it while streaming (chunked, or lying about its length) is refused
 * as soon as it does: nothing larger than the limit is ever held in memory.
 */
export function readLimitedBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    return Promise.reject(new BodyError(413, `The request is larger than ${limit} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function stop(): void {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    }
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) {
        stop();
        // Paused rather than destroyed, so the 413 can still be sent before the socket closes.
        request.pause();
        reject(new BodyError(413, `The request is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      resolve(Buffer.concat(chunks, size));
    }
    function onError(error: Error): void {
      stop();
      reject(error);
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** Parses a JSON request body: a bounded depth, then JSON.parse. An empty body means `{}`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    throw new BodyError(400, `The request nests deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
