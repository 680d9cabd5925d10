import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
  type onStatelessParameters,
} from '@hocuspocus/provider';
import { slateNodesToInsertDelta, yTextToSlateElement } from '@slate-yjs/core';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  isStoredOnServer,
  parseCollabServerMessage,
  type CollabRightsMessage,
  type CollabServerMessage,
  type CollabStoredMessage,
} from '../../shared/api/collab';
import type { ParagraphElement } from '../../shared/story/body';

/** A Node client of `/collab`, as a workstation's provider is, for tests and the bench. */
export interface CollabClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Every stateless message of ours the server sent, in order. */
  messages: CollabServerMessage[];
  /** Close events of the socket, in order. */
  socketCloses: Array<{ code: number; reason: string }>;
  /** Refusals of the document's authentication. */
  refusals: string[];
  rights(): CollabRightsMessage | null;
  stored(): CollabStoredMessage | null;
  /** Whether the last `stored` message covers this client's document (an honest `Synced`). */
  isSynced(): boolean;
  /** The body's text, one line per top-level block. */
  text(): string;
  /** Appends a paragraph to the body. */
  addParagraph(text: string): void;
  /** Types at the end of the last paragraph, as a keystroke does. */
  type(text: string): void;
  /** Waits until `predicate` holds (checked on every message and every 20 ms). */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Closes the socket and waits until it is closed (the provider keeps the document). */
  goOffline(): Promise<void>;
  /** Connects the socket again (the provider syncs what changed meanwhile, both ways). */
  goOnline(): Promise<void>;
  /** Closes this document's provider (and its socket, unless shared). */
  close(): void;
}

/** Options of `connectCollab`. */
export interface CollabClientOptions {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  url: string;
  storyId: string;
  token: string;
  /** Where the token travels: in the Hocuspocus protocol (default), or as an upgrade header. */
  tokenIn?: 'protocol' | 'header';
  /** A socket shared with other providers (one per story on a workstation). */
  socket?: HocuspocusProviderWebsocket;
  doc?: Y.Doc;
}

function contentOf(doc: Y.Doc): Y.XmlText {
  return doc.get('content', Y.XmlText);
}

/** The plain text of a story document: one line per top-level block. */
export function textOfDoc(doc: Y.Doc): string {
  function plain(node: unknown): string {
    if (typeof node !== 'object' || node === null) return '';
    if ('text' in node && typeof node.text === 'string') return node.text;
    if ('children' in node && Array.isArray(node.children))
      return node.children.map(plain).join('');
    return '';
  }
  return yTextToSlateElement(contentOf(doc)).children.map(plain).join('\n');
}

/** A `ws` WebSocket that sends `Authorization: Bearer <token>` on its upgrade. */
function bearerWebSocket(token: string): new (url: string | URL) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { Authorization: `Bearer ${token}` } });
    }
  };
}

/** A socket to `/collab` that providers can share. */
export function collabSocket(
  url: string,
  options: { headerToken?: string } = {},
): HocuspocusProviderWebsocket {
  return new HocuspocusProviderWebsocket({
    url: `${url.replace(/^http/, 'ws')}/collab`,
    WebSocketPolyfill:
      options.headerToken === undefined ? WebSocket : bearerWebSocket(options.headerToken),
    // Tests restart servers: reconnect quickly.
    delay: 100,
    minDelay: 100,
    maxDelay: 1000,
    jitter: false,
  });
}

/** Connects a provider to one story's body. */
export function connectCollab(options: CollabClientOptions): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  const isHeader = options.tokenIn === 'header';
  const socket =
    options.socket ?? collabSocket(options.url, isHeader ? { headerToken: options.token } : {});
  const messages: CollabServerMessage[] = [];
  const socketCloses: Array<{ code: number; reason: string }> = [];
  const refusals: string[] = [];
  const wakers = new Set<() => void>();
  function wake(): void {
    for (const waker of [...wakers]) waker();
  }
  const provider = new HocuspocusProvider({
    name: options.storyId,
    document: doc,
    websocketProvider: socket,
    // With the header, the protocol's token is a placeholder the server ignores.
    token: isHeader ? 'header' : options.token,
    onStateless({ payload }: onStatelessParameters) {
      const message = parseCollabServerMessage(payload);
      if (message !== null) messages.push(message);
      wake();
    },
    onAuthenticationFailed({ reason }) {
      refusals.push(reason);
      wake();
    },
    onSynced: wake,
  });
  provider.attach();
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    socketCloses.push({ code: event.code, reason: String(event.reason) });
    wake();
  });
  doc.on('update', wake);

  function last<T extends CollabServerMessage['type']>(
    type: T,
  ): Extract<CollabServerMessage, { type: T }> | null {
    for (let index = messages.length - 1; index >= 0; index -= 1) {
      const message = messages[index];
      if (message?.type === type) return message as Extract<CollabServerMessage, { type: T }>;
    }
    return null;
  }

  return {
    doc,
    provider,
    socket,
    messages,
    socketCloses,
    refusals,
    rights: () => last('rights'),
    stored: () => last('stored'),
    isSynced() {
      const stored = last('stored');
      return stored !== null && isStoredOnServer(doc, stored);
    },
    text: () => textOfDoc(doc),
    addParagraph(text) {
      const content = contentOf(doc);
      const paragraph: ParagraphElement = { type: 'paragraph', children: [{ text }] };
      content.applyDelta([
        ...(content.length > 0 ? [{ retain: content.length }] : []),
        ...slateNodesToInsertDelta([paragraph]),
      ]);
    },
    type(text) {
      const blocks = contentOf(doc).toDelta() as Array<{ insert: unknown }>;
      const lastBlock = blocks.at(-1)?.insert;
      if (!(lastBlock instanceof Y.XmlText))
        throw new Error('The body has no paragraph to type in.');
      lastBlock.insert(lastBlock.length, text);
    },
    async waitFor(predicate, what, timeoutMs = 10_000) {
      if (predicate()) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(poll);
          wakers.delete(check);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
        }, timeoutMs);
        const poll = setInterval(() => check(), 20);
        function check(): void {
          if (!predicate()) return;
          clearTimeout(timer);
          clearInterval(poll);
          wakers.delete(check);
          resolve();
        }
        wakers.add(check);
      });
    },
    async goOffline() {
      socket.disconnect();
      await this.waitFor(() => socket.status === WebSocketStatus.Disconnected, 'the socket closed');
    },
    async goOnline() {
      await socket.connect();
    },
    close() {
      provider.destroy();
      if (options.socket === undefined) socket.destroy();
    },
  };
}

/**
 * Takes clients offline, has each add its paragraph while offline, brings them back, and waits
 * until every client holds every paragraph (the offline merge a newsroom relies on).
 */
export async function addParagraphsOffline(
  edits: ReadonlyArray<readonly [CollabClient, string]>,
): Promise<void> {
  await Promise.all(edits.map(([client]) => client.goOffline()));
  for (const [client, paragraph] of edits) client.addParagraph(paragraph);
  await Promise.all(edits.map(([client]) => client.goOnline()));
  const hasAll = (client: CollabClient) =>
    edits.every(([, paragraph]) => client.text().split('\n').includes(paragraph));
  await Promise.all(
    edits.map(([client]) => client.waitFor(() => hasAll(client), 'every offline paragraph')),
  );
}
