import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import {
  APP_SECURITY_HEADERS,
  MEDIA_SECURITY_HEADERS,
  appSecurityHeaders,
  contentTypeOf,
} from './security';
import { parseMediaPath, resolveStaticFile } from './staticFiles';
import { APP_ORIGIN } from './ipc/trust';
import type { Workstation } from './workstation';

export { APP_ORIGIN };

/** Must run before `app.ready`: makes `app:` a standard secure scheme (IndexedDB, fetch, CSP 'self'). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...APP_SECURITY_HEADERS, 'Content-Type': 'text/plain' },
  });
}

/** Serves the built renderer and the media library on the app scheme, with no path traversal. */
export function serveAppScheme(
  session: Session,
  staticDir: string,
  workstation: Workstation,
): void {
  session.protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'workstation') return notFound();
    const media = parseMediaPath(url.pathname);
    if (media !== null) {
      const file = await workstation.resolveMediaFile(media.photoId, media.file);
      if (file === null) return notFound();
      const stream = Readable.toWeb(createReadStream(file.filePath)) as ReadableStream<Uint8Array>;
      return new Response(stream, {
        headers: { ...MEDIA_SECURITY_HEADERS, 'Content-Type': file.mimeType },
      });
    }
    const filePath = await resolveStaticFile(staticDir, url.pathname);
    if (filePath === null) return notFound();
    // Signed in, the page may open WebSockets to its newsroom's `/collab` origin, and no other.
    const collabUrl = workstation.newsroom.status().collabUrl;
    const connectOrigins = collabUrl === null ? [] : [new URL(collabUrl).origin];
    return new Response(await readFile(filePath), {
      headers: { ...appSecurityHeaders(connectOrigins), 'Content-Type': contentTypeOf(filePath) },
    });
  });
}
