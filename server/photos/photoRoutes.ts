import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { MAX_IMPORT_BYTES } from '../../shared/api/media';
import { NEWSROOM_PHOTO_PATHS, PHOTO_UPLOAD_HEADERS } from '../../shared/api/newsroomPublishing';
import { PHOTO_ID_PATTERN, isPhotoFileName } from '../../shared/media/photo';
import { spoolToDisk, UploadTooLarge } from '../../main/services/media/diskFile';
import { displayFileName } from '../../main/services/media/fileNames';
import { millions } from '../../main/services/media/importRefusal';
import type { Newsroom } from '../newsroom';
import { refusal } from '../outcome';
import { bearerToken, discardRest, sendJson, sendResult } from '../http/responses';

/** Whether a request path is the photo upload or a photo file. */
export function isPhotoPath(pathname: string): boolean {
  return (
    pathname === NEWSROOM_PHOTO_PATHS.upload || pathname.startsWith(NEWSROOM_PHOTO_PATHS.files)
  );
}

/** The refusal of a file over the library's size, in the library's own words. */
function tooLarge(name: string, size: number | null): string {
  const what = size === null ? 'more than' : 'at';
  const amount = size === null ? millions(MAX_IMPORT_BYTES) : millions(size);
  return `${name} could not be imported: ${what} ${amount} MB it is larger than the ${millions(MAX_IMPORT_BYTES)} MB the library accepts.`;
}

/** The request's bytes, hashed on the way past (nothing is held). */
async function* hashing(
  source: AsyncIterable<Buffer>,
  hash: ReturnType<typeof createHash>,
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

/** The file name an upload declares, percent-decoded and made safe to show. */
function uploadName(request: IncomingMessage): string {
  const header = request.headers[PHOTO_UPLOAD_HEADERS.fileName];
  const raw = typeof header === 'string' ? header : '';
  try {
    return displayFileName(decodeURIComponent(raw));
  } catch {
    return displayFileName(raw);
  }
}

/**
 * The photo routes of the newsroom server (issue 11, point 1): `POST /photos` takes a file as a
 * raw body, spooled to disk while its size is checked and its SHA-256 computed (never held in
 * memory), then checked and rendered by the photo library; `GET /photos/<id>/<file>` serves a
 * photo file. Both need a session token, checked before a byte of the body is read.
 */
export function createPhotoRoutes(newsroom: Newsroom) {
  async function upload(request: IncomingMessage, response: ServerResponse): Promise<string> {
    const token = bearerToken(request);
    const user = token === null ? null : await newsroom.accounts.authenticate(token);
    if (user === null) {
      sendResult(response, refusal('unauthorized', 'Sign in first: uploads need a session token.'));
      discardRest(request);
      return '-';
    }
    const name = uploadName(request);
    const declaredHash = request.headers[PHOTO_UPLOAD_HEADERS.sha256];
    if (declaredHash !== undefined && !PHOTO_ID_PATTERN.test(String(declaredHash))) {
      sendResult(
        response,
        refusal(
          'invalid_input',
          `${name}: ${PHOTO_UPLOAD_HEADERS.sha256} is 64 lower-case hex digits.`,
        ),
      );
      discardRest(request);
      return user.login;
    }
    const declaredSize = Number(request.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declaredSize) && declaredSize > MAX_IMPORT_BYTES) {
      sendResult(response, refusal('too_large', tooLarge(name, declaredSize)));
      discardRest(request);
      return user.login;
    }
    const target = await newsroom.photos.uploadPath();
    const hash = createHash('sha256');
    try {
      let spooled;
      try {
        spooled = await spoolToDisk(hashing(request, hash), target, MAX_IMPORT_BYTES);
      } catch (error) {
        if (!(error instanceof UploadTooLarge)) throw error;
        sendResult(response, refusal('too_large', tooLarge(name, null)));
        discardRest(request);
        return user.login;
      }
      const sha256 = hash.digest('hex');
      if (declaredHash !== undefined && declaredHash !== sha256) {
        sendResult(
          response,
          refusal(
            'invalid_input',
            `${name} could not be imported: it arrived changed or cut short (its SHA-256 is not the one declared). Send it again.`,
          ),
        );
        return user.login;
      }
      sendResult(response, await newsroom.photos.importUpload(user, name, spooled, sha256));
      return user.login;
    } finally {
      await rm(target, { force: true });
    }
  }

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
  ): Promise<string> {
    const token = bearerToken(request);
    const user = token === null ? null : await newsroom.accounts.authenticate(token);
    if (user === null) {
      sendResult(response, refusal('unauthorized', 'Sign in first: photos need a session token.'));
      return '-';
    }
    const [photoId = '', file = '', ...rest] = pathname
      .slice(NEWSROOM_PHOTO_PATHS.files.length)
      .split('/');
    const media =
      rest.length === 0 && PHOTO_ID_PATTERN.test(photoId) && isPhotoFileName(file)
        ? await newsroom.photos.files.resolveFile(photoId, file)
        : null;
    if (media === null) {
      sendResult(response, refusal('not_found', 'There is no such photo file on this server.'));
      return user.login;
    }
    response.writeHead(200, {
      'Content-Type': media.mimeType,
      // Content-addressed: a photo id names the same bytes forever.
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    });
    if (request.method === 'HEAD') response.end();
    else await pipeline(createReadStream(media.filePath), response);
    return user.login;
  }

  return {
    /** Answers a request to a photo path; the account's login for the access log. */
    async handle(
      request: IncomingMessage,
      response: ServerResponse,
      pathname: string,
    ): Promise<string> {
      if (pathname === NEWSROOM_PHOTO_PATHS.upload) {
        if (request.method === 'POST') return upload(request, response);
        sendJson(response, 405, refusal('invalid_input', 'Photos are uploaded with POST.'), {
          Allow: 'POST',
        });
        discardRest(request);
        return '-';
      }
      if (request.method === 'GET' || request.method === 'HEAD')
        return serve(request, response, pathname);
      sendJson(response, 405, refusal('invalid_input', 'Photo files are read with GET.'), {
        Allow: 'GET, HEAD',
      });
      discardRest(request);
      return '-';
    },
  };
}
