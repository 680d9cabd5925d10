import type { ServerResponse } from 'node:http';
import type { NewsroomEvent } from '../../shared/api/newsroom';
import type { SignedInUser } from '../accounts/accounts';
import type { Newsroom } from '../newsroom';
import { readCounters } from '../store/counters';

/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;
/** Changes are told at most this often per stream: one cursor covers many changes. */
const COALESCE_MS = 100;

/** The open event streams, so shutdown can end them. */
export interface EventStreams {
  open(user: SignedInUser, token: string, response: ServerResponse): Promise<void>;
  closeAll(): void;
}

/**
 * `GET /api/events`: Server-Sent Events telling a workstation that something changed (it then
 * calls `stories:changes`, `photos:changes`, `profile:get` or `words:list`), that its account changed, or that its session ended.
 * They carry no story data: a missed event costs nothing but latency.
 */
export function createEventStreams(newsroom: Newsroom): EventStreams {
  const streams = new Set<() => void>();
  return {
    async open(user, token, response) {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      function send(event: NewsroomEvent): void {
        response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      }
      response.write('retry: 3000\n\n');
      const counters = await readCounters(newsroom.store.db);
      let cursor = counters.stories;
      let photosCursor = counters.photos;
      send({ type: 'change', cursor });
      send({ type: 'photos', cursor: photosCursor });
      send({ type: 'words', cursor: counters.words });
      let pending: NodeJS.Timeout | null = null;
      let photosPending: NodeJS.Timeout | null = null;
      const unsubscribe = [
        newsroom.events.on('storyChanged', (event) => {
          cursor = Math.max(cursor, event.seq);
          pending ??= setTimeout(() => {
            pending = null;
            send({ type: 'change', cursor });
          }, COALESCE_MS);
        }),
        newsroom.events.on('photosChanged', (event) => {
          photosCursor = Math.max(photosCursor, event.cursor);
          photosPending ??= setTimeout(() => {
            photosPending = null;
            send({ type: 'photos', cursor: photosCursor });
          }, COALESCE_MS);
        }),
        newsroom.events.on('profileChanged', (event) =>
          send({ type: 'profile', updatedAt: event.updatedAt }),
        ),
        newsroom.events.on('wordsChanged', (event) =>
          send({ type: 'words', cursor: event.cursor }),
        ),
        newsroom.events.on('accountChanged', (event) => {
          if (event.login !== user.login) return;
          void newsroom.accounts.authenticate(token).then((current) => {
            if (current !== null) {
              send({ type: 'account' });
              return;
            }
            send({ type: 'end', message: 'Your session has ended: sign in again.' });
            close();
          });
        }),
      ];
      const heartbeat = setInterval(() => response.write(': still here\n\n'), HEARTBEAT_MS);
      function close(): void {
        if (!streams.delete(close)) return;
        for (const stop of unsubscribe) stop();
        clearInterval(heartbeat);
        if (pending !== null) clearTimeout(pending);
        if (photosPending !== null) clearTimeout(photosPending);
        response.end();
      }
      streams.add(close);
      response.on('close', close);
    },
    closeAll() {
      for (const close of [...streams]) close();
    },
  };
}
