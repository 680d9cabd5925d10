import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type TestNewsroom,
} from '../../../tests/support/newsroom';
import { openTestGateway, signInGateway } from '../../../tests/support/gateway';
import { approvedStory } from '../../../tests/support/newsroom/approvedStory';
import { callNewsroom } from '../../../tests/support/newsroomServer';
import { tokenOf } from '../../../tests/support/newsroomWorkstation';
import { NO_PHOTOS, openTestPublisher } from '../../../tests/support/publishing/requests';
import type { NewsroomGateway } from '../../newsroom/gateway';
import { portalHandlers } from './portalHandlers';

describe('the preview’s context on a signed-in workstation', () => {
  let newsroom: TestNewsroom;
  let dataDir: string;
  let gateway: NewsroomGateway;

  beforeAll(async () => {
    newsroom = await startTestNewsroom({ people: Object.values(NEWSROOM_PEOPLE) });
    dataDir = mkdtempSync(path.join(tmpdir(), 'portal-context-'));
    gateway = openTestGateway(dataDir);
    await gateway.start();
  }, 120_000);
  afterAll(async () => {
    gateway.close();
    await newsroom.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the server’s published site, and this workstation’s own while the server is away', async () => {
    const handlers = portalHandlers(openTestPublisher(dataDir, NO_PHOTOS), () => 'editor', gateway);
    const context = (storyId: string) =>
      handlers['portal:context']({ storyId, photoIds: ['not-a-photo-id'] });
    const signedOut = await context('story-1');
    const editorToken = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    const storyId = await approvedStory(
      newsroom.url,
      {
        reporter: await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter),
        editor: editorToken,
      },
      { headline: 'Wuxi lights the Grand Canal', slug: 'canal-lanterns' },
    );
    await callNewsroom(
      newsroom.url,
      'story:transition',
      { id: storyId, action: 'publish' },
      editorToken,
    );
    await signInGateway(gateway, {
      serverUrl: newsroom.url,
      login: NEWSROOM_PEOPLE.editor.login,
      password: NEWSROOM_PASSWORD,
    });
    const fromServer = await context(storyId);
    await newsroom.stop();
    const serverAway = await context(storyId);
    await newsroom.restart();
    const summary = (result: typeof signedOut) =>
      result.ok
        ? {
            archivedPath: result.value.archivedPath,
            recent: result.value.recent.map((article) => article.headline),
          }
        : result.error.message;
    expect({
      signedOut: summary(signedOut),
      fromServer: summary(fromServer),
      serverAway: summary(serverAway),
    }).toEqual({
      signedOut: { archivedPath: null, recent: [] },
      fromServer: {
        archivedPath: expect.stringMatching(/^news\/\d{4}\/\d{2}\/\d{2}\/canal-lanterns\.html$/),
        recent: ['Wuxi lights the Grand Canal'],
      },
      serverAway: { archivedPath: null, recent: [] },
    });
  }, 90_000);
});
