import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectCollab } from '../../tests/support/collabClient';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type TestNewsroom,
} from '../../tests/support/newsroom';
import { callNewsroom } from '../../tests/support/newsroomServer';
import { createTestWorkstation } from '../../tests/support/webServer';
import { startWebServer, type WebServer } from '../web/server';
import { createCollabRelay, RELAY_PATH } from './collabRelay';

const PAGE_TOKEN = 'the-page-token';

/** A `ws` socket as a page of the given origin opens one (browsers always send Origin). */
function pageWebSocket(origin: string): new (url: string | URL) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { Origin: origin } });
    }
  };
}

/** Opens a raw socket and reports how its upgrade or its life ended. */
function upgradeOutcome(url: string, origin: string, send?: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { Origin: origin } });
    socket.on('unexpected-response', (_request, response) =>
      resolve(`HTTP ${response.statusCode}`),
    );
    socket.on('open', () => {
      if (send !== undefined) socket.send(send);
    });
    socket.on('close', (code) => resolve(`closed ${code}`));
    socket.on('error', () => undefined);
  });
}

describe('browser mode’s relay to the newsroom’s /collab', () => {
  let newsroom: TestNewsroom;
  let web: WebServer;
  let token: string | null = null;
  let dataDir: string;

  beforeAll(async () => {
    newsroom = await startTestNewsroom({ people: [NEWSROOM_PEOPLE.reporter] });
    dataDir = mkdtempSync(path.join(tmpdir(), 'relay-'));
    const workstation = createTestWorkstation(dataDir, { collabUrlOf: () => RELAY_PATH });
    const relay = createCollabRelay({
      credentials: () => (token === null ? null : { serverUrl: newsroom.url, token }),
      maxFrameBytes: 1024 * 1024,
    });
    web = await startWebServer({
      workstation,
      staticDir: dataDir,
      token: PAGE_TOKEN,
      mediaKey: 'media-key',
      port: 0,
      upgrades: {
        [RELAY_PATH]: (request, socket, head) => relay.handleUpgrade(request, socket, head),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await web.close();
    await newsroom.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carries a body both ways with the token main holds, the page sending none', async () => {
    const signIn = await callNewsroom(newsroom.url, 'session:create', {
      login: NEWSROOM_PEOPLE.reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    token = (signIn.body.value as { token: string }).token;
    const created = await callNewsroom(newsroom.url, 'story:create', { headline: 'Relay' }, token);
    const storyId = (created.body.value as { id: string }).id;
    const origin = `http://127.0.0.1:${web.port}`;
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${web.port}${RELAY_PATH}?token=${PAGE_TOKEN}`,
      WebSocketPolyfill: pageWebSocket(origin),
    });
    const page = connectCollab({ url: origin, storyId, token: '', tokenIn: 'header', socket });
    const direct = connectCollab({ url: newsroom.url, storyId, token });
    try {
      await page.waitFor(() => page.rights() !== null, 'the rights');
      page.addParagraph('Typed in the page, relayed by main.');
      await direct.waitFor(
        () => direct.text().includes('Typed in the page'),
        'the paragraph on the server',
      );
      direct.addParagraph('Typed elsewhere.');
      await page.waitFor(() => page.text().includes('Typed elsewhere.'), 'the other paragraph');
      await page.waitFor(() => page.isSynced(), 'Synced');
      expect({ rights: page.rights(), text: page.text(), refusals: page.refusals }).toEqual({
        rights: { type: 'rights', canEdit: true, why: null },
        text: 'Typed in the page, relayed by main.\nTyped elsewhere.',
        refusals: [],
      });
    } finally {
      page.close();
      socket.destroy();
      direct.close();
    }
  }, 60_000);

  it('refuses another origin, a wrong page token, a signed-out workstation and an oversized frame', async () => {
    const origin = `http://127.0.0.1:${web.port}`;
    const url = `ws://127.0.0.1:${web.port}${RELAY_PATH}`;
    const outcomes = {
      otherOrigin: await upgradeOutcome(`${url}?token=${PAGE_TOKEN}`, 'http://127.0.0.1:1'),
      wrongToken: await upgradeOutcome(`${url}?token=guess`, origin),
      noToken: await upgradeOutcome(url, origin),
      otherPath: await upgradeOutcome(
        `ws://127.0.0.1:${web.port}/collab?token=${PAGE_TOKEN}`,
        origin,
      ),
      oversized: await upgradeOutcome(
        `${url}?token=${PAGE_TOKEN}`,
        origin,
        Buffer.alloc(2 * 1024 * 1024, 1),
      ),
    };
    const kept = token;
    token = null;
    const signedOut = await upgradeOutcome(`${url}?token=${PAGE_TOKEN}`, origin);
    token = kept;
    expect({ ...outcomes, signedOut }).toEqual({
      otherOrigin: 'HTTP 403',
      wrongToken: 'HTTP 401',
      noToken: 'HTTP 401',
      otherPath: 'HTTP 404',
      oversized: 'closed 1009',
      signedOut: 'HTTP 409',
    });
  }, 30_000);
});
