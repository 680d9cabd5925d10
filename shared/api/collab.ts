import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { z } from 'zod';

/**
 * The newsroom server's collaboration endpoint (`/collab`, NEWSROOM.md): the Hocuspocus (Yjs)
 * protocol, one document per story (its name is the story id, its body the `content` XmlText), the
 * session token as the Hocuspocus token or as an `Authorization: Bearer` header on the upgrade.
 * Beside the Yjs messages the server sends stateless messages (JSON strings) to each connection;
 * their schemas are here so the workstation validates what it receives.
 */

/** The largest WebSocket frame the server reads; a larger one closes that socket (1009). */
export const MAX_COLLAB_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * The largest a story document may grow (its encoded Yjs state): an update that would take it past
 * this is refused and closes that document's connection with `COLLAB_CLOSE.tooLarge`.
 */
export const MAX_STORY_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Close codes the server uses beyond the WebSocket and Hocuspocus ones. */
export const COLLAB_CLOSE = {
  /** The session ended (signed out, expired, account disabled or its password reset): sign in again. */
  sessionEnded: { code: 4401, reason: 'Your session has ended: sign in again.' },
  /** A message the server cannot read (not the Hocuspocus protocol, or a malformed Yjs message). */
  malformed: { code: 4400, reason: 'The server could not read a message on this connection.' },
  /** The document would grow past `MAX_STORY_DOCUMENT_BYTES`. */
  tooLarge: { code: 1009, reason: 'The story body would grow past the size the server keeps.' },
  /** The server is shutting down: reconnect (to another process, or once it is back). */
  goingAway: { code: 1001, reason: 'The server is restarting.' },
} as const satisfies Record<string, { code: number; reason: string }>;

/**
 * `rights`: what this connection may do, sent as soon as it is authenticated and again whenever a
 * transition, a reassignment or a role change changes it. `canEdit` false means the server
 * discards the text updates this connection sends; `why` is the edit table's line (null when the
 * text may be edited).
 */
export const collabRightsMessageSchema = z.object({
  type: z.literal('rights'),
  canEdit: z.boolean(),
  why: z.string().nullable(),
});
export type CollabRightsMessage = z.infer<typeof collabRightsMessageSchema>;

/**
 * `stored`: what of the document is durable in the server's store, sent after every store (by any
 * server process of the newsroom) to every connection of the document, and once on connecting.
 * `snapshot` is a Yjs snapshot (`Y.encodeSnapshot`, base64): the state vector AND the delete set,
 * because a deletion moves no state vector. `isStoredOnServer` says whether it covers a document.
 */
export const collabStoredMessageSchema = z.object({
  type: z.literal('stored'),
  snapshot: z.base64().max(MAX_STORY_DOCUMENT_BYTES),
});
export type CollabStoredMessage = z.infer<typeof collabStoredMessageSchema>;

/** Every stateless message the server sends on a document connection. */
export const collabServerMessageSchema = z.discriminatedUnion('type', [
  collabRightsMessageSchema,
  collabStoredMessageSchema,
]);
export type CollabServerMessage = z.infer<typeof collabServerMessageSchema>;

/** Reads a stateless payload from the server: the message, or null when it is not one of ours. */
export function parseCollabServerMessage(payload: string): CollabServerMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = collabServerMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The `stored` message for a snapshot of what the store holds. */
export function storedMessage(snapshot: Y.Snapshot): CollabStoredMessage {
  return { type: 'stored', snapshot: toBase64(Y.encodeSnapshot(snapshot)) };
}

/** The snapshot a `stored` message carries. */
export function snapshotOfStoredMessage(message: CollabStoredMessage): Y.Snapshot {
  return Y.decodeSnapshot(fromBase64(message.snapshot));
}

/**
 * Whether everything in `doc` (every insertion and every deletion) is durable on the server, by the
 * last `stored` message: what an honest `Synced` means. Linear in the document's size.
 */
export function isStoredOnServer(doc: Y.Doc, message: CollabStoredMessage): boolean {
  return Y.snapshotContainsUpdate(snapshotOfStoredMessage(message), Y.encodeStateAsUpdate(doc));
}
