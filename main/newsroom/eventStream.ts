import { createParser } from 'eventsource-parser';
import { NEWSROOM_PATHS, newsroomEventSchema, type NewsroomEvent } from '../../shared/api/newsroom';

/** The longest one event may be; a stream that sends more is cut (the events carry no data). */
const MAX_EVENT_BYTES = 64 * 1024;
/** The server sends a comment every 25 s: a stream silent for longer is dead. */
const SILENCE_MS = 60_000;

/** How an event stream ended. */
export type StreamEnd =
  | { kind: 'closed'; message: string }
  | { kind: 'unauthorized'; message: string; code: string }
  | { kind: 'stopped' };

/** An open `GET /api/events` stream. */
export interface EventStream {
  /** Resolves once the server answered 200 (the stream is open), or rejects with why not. */
  opened: Promise<void>;
  /** Resolves when the stream ends, however it ends. */
  ended: Promise<StreamEnd>;
  stop(): void;
}

/**
 * Opens the server's event stream with the session token (in a header: EventSource cannot send
 * one, so this reads the stream with fetch and parses it with eventsource-parser). Events that do
 * not match the contract are ignored; a stream that goes silent past the heartbeat is ended.
 */
export function openEventStream(
  serverUrl: string,
  token: string,
  onEvent: (event: NewsroomEvent) => void,
  options: { fetch?: typeof fetch } = {},
): EventStream {
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  let isStopped = false;
  let markOpened: () => void = () => undefined;
  let failOpen: (error: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve;
    failOpen = reject;
  });
  // Nobody may wait on `opened` once the stream ends: never an unhandled rejection.
  opened.catch(() => undefined);

  async function run(): Promise<StreamEnd> {
    let silence: NodeJS.Timeout | null = null;
    function heard() {
      if (silence !== null) clearTimeout(silence);
      silence = setTimeout(
        () => controller.abort(new Error('The event stream went silent.')),
        SILENCE_MS,
      );
    }
    try {
      heard();
      const response = await doFetch(`${serverUrl}${NEWSROOM_PATHS.events}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        redirect: 'error',
        signal: controller.signal,
      });
      if (response.status === 401) {
        const text = await response.text().catch(() => '');
        let message = 'Your session has ended: sign in again.';
        let code = 'unauthorized';
        try {
          const body: unknown = JSON.parse(text);
          if (typeof body === 'object' && body !== null && 'error' in body) {
            const error = body.error;
            if (typeof error === 'object' && error !== null) {
              if ('message' in error && typeof error.message === 'string') message = error.message;
              if ('code' in error && typeof error.code === 'string') code = error.code;
            }
          }
        } catch {
          // Not JSON: the generic line stands.
        }
        const end: StreamEnd = { kind: 'unauthorized', message, code };
        failOpen(new Error(message));
        return end;
      }
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel();
        throw new Error(`The event stream answered HTTP ${response.status}.`);
      }
      markOpened();
      let pending = 0;
      const parser = createParser({
        onEvent(message) {
          pending = 0;
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            return;
          }
          const parsed = newsroomEventSchema.safeParse(json);
          if (parsed.success) onEvent(parsed.data);
        },
        onComment: () => undefined,
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        heard();
        pending += value.byteLength;
        if (pending > MAX_EVENT_BYTES) {
          await reader.cancel();
          throw new Error('The event stream sent an event larger than the workstation reads.');
        }
        parser.feed(decoder.decode(value, { stream: true }));
      }
      return isStopped
        ? { kind: 'stopped' }
        : { kind: 'closed', message: 'The newsroom server closed the event stream.' };
    } catch (error) {
      if (isStopped) return { kind: 'stopped' };
      const why = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const message = why instanceof Error ? why.message : String(why);
      failOpen(new Error(message));
      return { kind: 'closed', message };
    } finally {
      if (silence !== null) clearTimeout(silence);
    }
  }

  return {
    opened,
    ended: run(),
    stop() {
      isStopped = true;
      controller.abort();
    },
  };
}
