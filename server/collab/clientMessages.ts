import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** Hocuspocus message types a client may send on a document (see @hocuspocus/server's types). */
const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  syncReply: 4,
  stateless: 5,
  close: 7,
} as const;

/** The y-protocols sync steps. */
const SYNC = { step1: 0, step2: 1, update: 2 } as const;

/** Awareness states are small JSON objects (a name, a colour, a cursor). */
const MAX_AWARENESS_STATE_CHARS = 64 * 1024;
/** A stateless message from a client: nothing the server acts on needs more. */
const MAX_STATELESS_CHARS = 64 * 1024;
/** Session tokens are 43 characters; anything near this is not one. */
const MAX_TOKEN_CHARS = 1024;

/** A message the server does not read: the connection that sent it is closed. */
export class MalformedMessage extends Error {}

/** What a well-formed message carries that the server limits. */
export interface MessageSummary {
  /** Bytes of Yjs document update it carries (0 for anything else). */
  updateBytes: number;
}

function read<T>(what: string, reader: () => T): T {
  try {
    return reader();
  } catch (error) {
    throw new MalformedMessage(
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessage(`${what}: trailing bytes.`);
}

function inspectSync(decoder: decoding.Decoder): MessageSummary {
  const step = read('sync step', () => decoding.readVarUint(decoder));
  const payload = read('sync payload', () => decoding.readVarUint8Array(decoder));
  expectEnd(decoder, 'sync message');
  switch (step) {
    case SYNC.step1:
      read('state vector', () => Y.decodeStateVector(payload));
      return { updateBytes: 0 };
    case SYNC.step2:
    case SYNC.update:
      // Decoding the whole update (linear in its size) before Yjs applies it: a malformed one is
      // refused here instead of failing halfway through the document's transaction.
      read('update', () => Y.decodeUpdate(payload));
      return { updateBytes: payload.byteLength };
    default:
      throw new MalformedMessage(`Unknown sync step ${step}.`);
  }
}

function inspectAwareness(decoder: decoding.Decoder): MessageSummary {
  const update = read('awareness', () => decoding.readVarUint8Array(decoder));
  expectEnd(decoder, 'awareness message');
  const inner = decoding.createDecoder(update);
  const count = read('awareness', () => decoding.readVarUint(inner));
  for (let index = 0; index < count; index += 1) {
    read('awareness client', () => decoding.readVarUint(inner));
    read('awareness clock', () => decoding.readVarUint(inner));
    const state = read('awareness state', () => decoding.readVarString(inner));
    if (state.length > MAX_AWARENESS_STATE_CHARS)
      throw new MalformedMessage('An awareness state is too large.');
    read('awareness state', () => JSON.parse(state) as unknown);
  }
  expectEnd(inner, 'awareness update');
  return { updateBytes: 0 };
}

/**
 * Reads a whole client message and says what it carries, or throws `MalformedMessage`. Hocuspocus
 * queues whatever arrives before authentication, logs and skips a message of an unknown type, and
 * applies a Yjs update as far as it decodes; the server instead refuses anything it cannot read in
 * full, in linear time, before Hocuspocus sees it.
 */
export function inspectClientMessage(data: Uint8Array): MessageSummary {
  const decoder = decoding.createDecoder(data);
  read('document name', () => decoding.readVarString(decoder));
  const type = read('message type', () => decoding.readVarUint(decoder));
  switch (type) {
    case MESSAGE.sync:
    case MESSAGE.syncReply:
      return inspectSync(decoder);
    case MESSAGE.awareness:
      return inspectAwareness(decoder);
    case MESSAGE.queryAwareness:
    case MESSAGE.close:
      expectEnd(decoder, 'message');
      return { updateBytes: 0 };
    case MESSAGE.auth: {
      read('auth type', () => decoding.readVarUint(decoder));
      const token = read('token', () => decoding.readVarString(decoder));
      if (token.length > MAX_TOKEN_CHARS) throw new MalformedMessage('The token is too long.');
      // Providers of Hocuspocus 4 add their version.
      if (decoding.hasContent(decoder))
        read('provider version', () => decoding.readVarString(decoder));
      expectEnd(decoder, 'auth message');
      return { updateBytes: 0 };
    }
    case MESSAGE.stateless: {
      const payload = read('stateless payload', () => decoding.readVarString(decoder));
      if (payload.length > MAX_STATELESS_CHARS)
        throw new MalformedMessage('A stateless message is too large.');
      expectEnd(decoder, 'stateless message');
      return { updateBytes: 0 };
    }
    default:
      throw new MalformedMessage(`Unknown message type ${type}.`);
  }
}

/** Whom a message is for: its document (the routing key's name part) and whether it authenticates. */
export interface MessageAddress {
  documentName: string;
  isAuth: boolean;
}

/**
 * The document a message that `inspectClientMessage` accepted is for. The server drops what a
 * client still sends for a document it was refused (a provider's `close` after the refusal, say):
 * Hocuspocus would queue it as the first message of a new connection and deliver it to the next
 * provider of that document on the socket, whose connection a stale `close` ends at once.
 */
export function addressOf(data: Uint8Array): MessageAddress {
  const decoder = decoding.createDecoder(data);
  const key = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  // Hocuspocus 4 routes `name\0session` keys of session-multiplexed providers to `name`.
  return { documentName: key.split('\0')[0] ?? key, isAuth: type === MESSAGE.auth };
}

/**
 * The bytes of Yjs update a message that `inspectClientMessage` accepted carries, read from its
 * header alone (the update itself is not decoded again).
 */
export function updateBytesOf(data: Uint8Array): number {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE.sync && type !== MESSAGE.syncReply) return 0;
    const step = decoding.readVarUint(decoder);
    if (step !== SYNC.step2 && step !== SYNC.update) return 0;
    return decoding.readVarUint(decoder);
  } catch {
    return 0;
  }
}
