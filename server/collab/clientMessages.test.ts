import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectClientMessage, MalformedMessage, updateBytesOf } from './clientMessages';

const NAME = '0190a0c0-0000-7000-8000-000000000001';

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, NAME);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync message: its step (0 sends a state vector, 1 and 2 an update) and what it carries. */
function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  return message((encoder) => {
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, payload);
  });
}

function anUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'Lanterns');
  return Y.encodeStateAsUpdate(doc);
}

function awareness(states: string[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  states.forEach((state, index) => {
    encoding.writeVarUint(inner, index + 1);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, state);
  });
  return message((encoder) => {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  });
}

function refusal(data: Uint8Array): string {
  try {
    inspectClientMessage(data);
    return 'accepted';
  } catch (error) {
    return error instanceof MalformedMessage ? 'malformed' : 'crashed';
  }
}

describe('inspectClientMessage', () => {
  it('reads the messages a provider sends and counts the update bytes they carry', () => {
    const update = anUpdate();
    const stateVector = Y.encodeStateVector(new Y.Doc());
    expect([
      inspectClientMessage(syncMessage(2, update)),
      inspectClientMessage(syncMessage(0, stateVector)),
      inspectClientMessage(awareness(['{"user":{"name":"Li Wei"}}', 'null'])),
      inspectClientMessage(message((encoder) => encoding.writeVarUint(encoder, 3))),
      inspectClientMessage(
        message((encoder) => {
          encoding.writeVarUint(encoder, 5);
          encoding.writeVarString(encoder, '{"hello":1}');
        }),
      ),
      inspectClientMessage(message((encoder) => encoding.writeVarUint(encoder, 7))),
      inspectClientMessage(
        message((encoder) => {
          encoding.writeVarUint(encoder, 2);
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarString(encoder, 'a-session-token');
          encoding.writeVarString(encoder, '4.8.0');
        }),
      ),
    ]).toEqual([
      { documentName: NAME, kind: 'other', updateBytes: update.byteLength },
      { documentName: NAME, kind: 'other', updateBytes: 0 },
      { documentName: NAME, kind: 'other', updateBytes: 0 },
      { documentName: NAME, kind: 'other', updateBytes: 0 },
      { documentName: NAME, kind: 'other', updateBytes: 0 },
      { documentName: NAME, kind: 'close', updateBytes: 0 },
      { documentName: NAME, kind: 'auth', updateBytes: 0 },
    ]);
  });

  it('refuses unknown types, truncated and malformed updates, trailing bytes and bad awareness', () => {
    const update = anUpdate();
    expect({
      unknownType: refusal(message((encoder) => encoding.writeVarUint(encoder, 6))),
      unknownStep: refusal(syncMessage(9, update)),
      truncated: refusal(syncMessage(2, update.subarray(0, update.length - 3))),
      garbage: refusal(syncMessage(2, Uint8Array.from([1, 1, 200, 7, 0, 255, 255, 3]))),
      trailing: refusal(
        message((encoder) => {
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarUint(encoder, 2);
          encoding.writeVarUint8Array(encoder, update);
          encoding.writeUint8(encoder, 1);
        }),
      ),
      awarenessNotJson: refusal(awareness(['{not json'])),
      queryWithTrailing: refusal(
        message((encoder) => {
          encoding.writeVarUint(encoder, 3);
          encoding.writeVarUint(encoder, 3);
        }),
      ),
      hugeToken: refusal(
        message((encoder) => {
          encoding.writeVarUint(encoder, 2);
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarString(encoder, 't'.repeat(5000));
        }),
      ),
      noName: refusal(Uint8Array.from([200])),
      empty: refusal(new Uint8Array(0)),
    }).toEqual({
      unknownType: 'malformed',
      unknownStep: 'malformed',
      truncated: 'malformed',
      garbage: 'malformed',
      trailing: 'malformed',
      awarenessNotJson: 'malformed',
      queryWithTrailing: 'malformed',
      hugeToken: 'malformed',
      noName: 'malformed',
      empty: 'malformed',
    });
  });

  it('reads the update size of a sync message from its header', () => {
    const update = anUpdate();
    expect([
      updateBytesOf(syncMessage(1, update)),
      updateBytesOf(awareness(['{}'])),
      updateBytesOf(Uint8Array.from([200])),
    ]).toEqual([update.byteLength, 0, 0]);
  });

  it('refuses random bytes without ever throwing anything but MalformedMessage', () => {
    const outcomes = new Set<string>();
    let seed = 7;
    function random(): number {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    }
    for (let round = 0; round < 5000; round += 1) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      outcomes.add(refusal(bytes) === 'crashed' ? 'crashed' : 'handled');
    }
    expect([...outcomes]).toEqual(['handled']);
  });
});
