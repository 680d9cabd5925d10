import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isStoredOnServer, parseCollabServerMessage, storedMessage } from './collab';

describe('the collab messages', () => {
  it('parses the server’s messages and nothing else', () => {
    expect([
      parseCollabServerMessage('{"type":"rights","canEdit":false,"why":"The desk holds it."}'),
      parseCollabServerMessage('{"type":"stored","snapshot":"AAA="}'),
      parseCollabServerMessage('{"type":"rights","canEdit":"yes","why":null}'),
      parseCollabServerMessage('{"type":"hello"}'),
      parseCollabServerMessage('not json'),
    ]).toEqual([
      { type: 'rights', canEdit: false, why: 'The desk holds it.' },
      { type: 'stored', snapshot: 'AAA=' },
      null,
      null,
      null,
    ]);
  });

  it('calls a document stored only when the snapshot holds its insertions and its deletions', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    client.getText('content').insert(0, 'Lanterns glow at dusk');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const afterInsert = storedMessage(Y.snapshot(server));
    const storedThen = isStoredOnServer(client, afterInsert);
    client.getText('content').delete(0, 9);
    const deletionBeforeStore = isStoredOnServer(client, afterInsert);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const afterDeletion = storedMessage(Y.snapshot(server));
    const roundTrip = parseCollabServerMessage(JSON.stringify(afterDeletion));
    expect({
      storedThen,
      deletionBeforeStore,
      deletionAfterStore: roundTrip?.type === 'stored' && isStoredOnServer(client, roundTrip),
    }).toEqual({ storedThen: true, deletionBeforeStore: false, deletionAfterStore: true });
  });
});
