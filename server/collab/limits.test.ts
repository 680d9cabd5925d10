import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COLLAB_CLOSE, MAX_COLLAB_FRAME_BYTES } from '../../shared/api/collab';
import { textOfDoc } from '../../tests/support/collabClient';
import { docOfState } from '../stories/storyBody';
import { useCollabHarness } from './testing/collabHarness';

/** The smallest document cap the tests use, so one large paragraph passes it. */
const TEST_DOCUMENT_BYTES = 64 * 1024;

interface RawSocket {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  messages: Buffer[];
}

/** A bare `ws` client on `/collab`: no provider, whatever bytes a test wants to send. */
async function rawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/collab`);
  const messages: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(data));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, closed, messages };
}

/** Answers the HTTP status a WebSocket upgrade request gets. */
function upgradeStatus(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const outgoing = request(`${url}${path}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function authMessage(storyId: string, token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, storyId);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

function updateMessage(storyId: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, storyId);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('limits and malformed input on /collab', () => {
  const suite = useCollabHarness('sqlite', { maxDocumentBytes: TEST_DOCUMENT_BYTES });

  /** A healthy writer on its own story: it must keep working whatever the others send. */
  async function healthyWriter() {
    const id = await suite.harness.createStory('editor', 'Unaffected story');
    const writer = suite.harness.connect('editor', id);
    await writer.waitFor(() => writer.rights() !== null, 'the healthy writer’s rights');
    return {
      async stillWorks(text: string) {
        writer.addParagraph(text);
        await writer.waitFor(() => writer.isSynced(), `“${text}” stored`);
        return (await fetch(`${suite.harness.url}/healthz`)).status === 200;
      },
    };
  }

  it('refuses upgrades on other paths and with a header that holds no live session', async () => {
    expect({
      otherPath: await upgradeStatus(suite.harness.url, '/collab/extra'),
      elsewhere: await upgradeStatus(suite.harness.url, '/api/events'),
      badHeader: await upgradeStatus(suite.harness.url, '/collab', {
        Authorization: 'Bearer nope',
      }),
      notBearer: await upgradeStatus(suite.harness.url, '/collab', { Authorization: 'Basic eDp5' }),
      good: await upgradeStatus(suite.harness.url, '/collab', {
        Authorization: `Bearer ${suite.harness.tokens.editor}`,
      }),
    }).toEqual({ otherPath: 404, elsewhere: 404, badHeader: 401, notBearer: 401, good: 101 });
  });

  it('closes the socket that sends random bytes, a text frame or an oversized frame, and only that one', async () => {
    const healthy = await healthyWriter();
    const random = await rawSocket(suite.harness.url);
    random.ws.send(randomBytes(4096));
    const text = await rawSocket(suite.harness.url);
    text.ws.send('{"type":"hello"}');
    const oversized = await rawSocket(suite.harness.url);
    oversized.ws.send(Buffer.alloc(MAX_COLLAB_FRAME_BYTES + 1, 7));
    const [randomClose, textClose, oversizedClose] = await Promise.all([
      random.closed,
      text.closed,
      oversized.closed,
    ]);
    expect({
      random: randomClose,
      text: textClose,
      oversized: oversizedClose.code,
      healthy: await healthy.stillWorks('After the noise.'),
    }).toEqual({
      random: { code: COLLAB_CLOSE.malformed.code, reason: COLLAB_CLOSE.malformed.reason },
      text: { code: COLLAB_CLOSE.malformed.code, reason: COLLAB_CLOSE.malformed.reason },
      oversized: 1009,
      healthy: true,
    });
  });

  it('closes an authenticated socket that sends a malformed Yjs update, applying none of it', async () => {
    const healthy = await healthyWriter();
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('Before the garbage.');
    await reporter.waitFor(() => reporter.isSynced(), 'the text stored');
    const raw = await rawSocket(suite.harness.url);
    raw.ws.send(authMessage(id, suite.harness.tokens.reporter));
    await waitUntil(() => raw.messages.length > 0, 'the authentication answer');
    raw.ws.send(updateMessage(id, Uint8Array.from([1, 1, 200, 7, 0, 255, 255, 3, 9, 9])));
    const closed = await raw.closed;
    const state = await suite.harness.collab.documents.readState(id);
    expect({
      closed,
      server: textOfDoc(docOfState(state)),
      healthy: await healthy.stillWorks('After the malformed update.'),
    }).toEqual({
      closed: { code: COLLAB_CLOSE.malformed.code, reason: COLLAB_CLOSE.malformed.reason },
      server: 'Before the garbage.',
      healthy: true,
    });
  });

  it('refuses an update that would grow a story past its cap, closing that document’s connection', async () => {
    const healthy = await healthyWriter();
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('A short lede.');
    await reporter.waitFor(() => reporter.isSynced(), 'the lede stored');
    const closes: string[] = [];
    reporter.provider.on('close', ({ event }: { event: { reason: string } }) =>
      closes.push(event.reason),
    );
    reporter.addParagraph('x'.repeat(TEST_DOCUMENT_BYTES));
    await reporter.waitFor(() => closes.length > 0, 'the document connection closed');
    const state = await suite.harness.collab.documents.readState(id);
    expect({
      closes,
      server: textOfDoc(docOfState(state)),
      healthy: await healthy.stillWorks('After the oversized paragraph.'),
    }).toEqual({
      closes: [COLLAB_CLOSE.tooLarge.reason],
      server: 'A short lede.',
      healthy: true,
    });
  });
});
