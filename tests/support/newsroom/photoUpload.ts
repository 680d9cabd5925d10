import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { NEWSROOM_PHOTO_PATHS, PHOTO_UPLOAD_HEADERS } from '../../../shared/api/newsroomPublishing';

/** An answer of the newsroom server: status and parsed JSON. */
export interface UploadAnswer {
  status: number;
  body: {
    ok: boolean;
    value?: { photo: { id: string; caption: string; credit: string }; isDuplicate: boolean };
    error?: { code: string; message: string };
  };
}

/** SHA-256 (hex) of bytes. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Uploads a photo to a newsroom server as a workstation does: `POST /photos`, the bytes as the
 * body (or a stream, chunked), the name and SHA-256 in headers.
 */
export async function uploadPhoto(
  serverUrl: string,
  token: string | null,
  body: Uint8Array | Readable,
  options: {
    name?: string;
    sha256?: string | null;
    contentType?: string;
    contentLength?: number;
  } = {},
): Promise<UploadAnswer> {
  const url = new URL(NEWSROOM_PHOTO_PATHS.upload, serverUrl);
  const sha256 =
    options.sha256 === undefined
      ? body instanceof Uint8Array
        ? sha256Of(body)
        : null
      : options.sha256;
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'application/octet-stream',
    [PHOTO_UPLOAD_HEADERS.fileName]: encodeURIComponent(options.name ?? 'photo.jpg'),
    ...(sha256 === null ? {} : { [PHOTO_UPLOAD_HEADERS.sha256]: sha256 }),
    ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    ...(options.contentLength !== undefined
      ? { 'Content-Length': String(options.contentLength) }
      : body instanceof Uint8Array
        ? { 'Content-Length': String(body.byteLength) }
        : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        // Answered before the whole body was sent (a refusal): stop sending.
        if (!outgoing.writableFinished) outgoing.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text) as UploadAnswer['body'],
          });
        } catch {
          reject(new Error(`Not JSON (${response.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    // The server may answer and close before the whole body is sent: that is its answer.
    outgoing.on('error', (error) => {
      if (!outgoing.writableFinished) return;
      reject(error);
    });
    // Headers go at once, so a server can refuse by them before any byte of the body.
    outgoing.flushHeaders();
    if (body instanceof Uint8Array) outgoing.end(body);
    else body.pipe(outgoing);
  });
}
