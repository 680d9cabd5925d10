import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWuxiStory } from '../tests/support/portal/wuxi';
import { newsroomStatusSchema } from '../shared/api/gateway';
import { uuidv7 } from '../shared/ids';
import type { FigureElement } from '../shared/story/body';
import { stateOfBody } from '../shared/story/bodyState';
import type { StoryWithBody } from '../shared/story/story';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type TestNewsroom,
} from '../tests/support/newsroom';
import { buildJpeg } from '../tests/support/images';
import { refusedWith } from '../tests/support/publishing/requests';
import { createTestWorkstation } from '../tests/support/webServer';
import { startWebServer, type WebServer } from './web/server';
import type { Workstation } from './workstation';

let dataDir: string;
let servers: WebServer[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'workstation-'));
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  await rm(dataDir, { recursive: true, force: true });
});

function open(): Workstation {
  return createTestWorkstation(dataDir);
}

/** A story that passes the gate and has no photos, in the state given. */
function story(overrides: Partial<StoryWithBody> = {}): StoryWithBody {
  return buildWuxiStory({
    state: 'approved',
    firstPublishedAt: null,
    lastPublishedAt: null,
    body: [{ type: 'paragraph', children: [{ text: 'No photos here.' }] }],
    ...overrides,
  });
}

/** The files of the data folder besides settings and photos: a refused call must leave them so. */
async function written(): Promise<string[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith('settings') && !name.startsWith('media'))
    .sort();
}

async function callOverHttp(
  workstation: Workstation,
  channel: string,
  input: unknown,
): Promise<unknown> {
  const server = await startWebServer({
    workstation,
    staticDir: dataDir,
    token: 'test-token',
    mediaKey: 'test-media-key',
    port: 0,
  });
  servers.push(server);
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return response.json();
}

describe('the publish channels decide in main', () => {
  it('refuse a renderer that claims a role: the role is the workstation’s own setting', async () => {
    const workstation = open();
    const result = await workstation.router.call('portal:publish', {
      story: story(),
      action: 'publish',
      input: {},
      role: 'editor',
    });
    expect({ result, written: await written() }).toEqual({
      result: refusedWith('Publish', [
        'Publish: only an editor may do this; you work as a reporter.',
      ]),
      written: [],
    });
  });

  it('refuse a spiked story and one that fails the gate, through the router, writing nothing', async () => {
    const workstation = open();
    await workstation.router.call('settings:update', { role: 'editor' });
    const spiked = await workstation.router.call('portal:publish', {
      story: story({ state: 'spiked' }),
      action: 'publish',
      input: {},
    });
    const failing = await workstation.router.call('portal:publish', {
      story: story({ byline: '', slug: 'NOT A SLUG!!', body: [] }),
      action: 'publish',
      input: {},
    });
    expect({ spiked, failing, written: await written() }).toEqual({
      spiked: refusedWith('Publish', ['Publish: the story must be approved; it is spiked.']),
      failing: refusedWith('Publish', [
        'Byline: add the byline.',
        'Story body: write the story.',
        'Slug: "NOT A SLUG!!" is not valid; use lower-case letters, digits and single hyphens.',
      ]),
      written: [],
    });
  });

  it('refuse, over browser mode’s HTTP, a release not due and an unpublish with an empty reason', async () => {
    const workstation = open();
    await workstation.router.call('settings:update', { role: 'editor' });
    const release = await callOverHttp(workstation, 'portal:publish', {
      story: story({ state: 'scheduled', scheduledAt: Date.now() + 3_600_000 }),
      action: 'release',
      input: {},
    });
    const published = await callOverHttp(workstation, 'portal:publish', {
      story: story(),
      action: 'publish',
      input: {},
    });
    const before = await written();
    const unpublish = await callOverHttp(workstation, 'portal:unpublish', {
      story: story({ state: 'published' }),
      reason: '   ',
    });
    expect({
      release,
      published,
      unpublish,
      unchanged: (await written()).join('\n') === before.join('\n'),
    }).toEqual({
      release: refusedWith('Publish at the scheduled time', [
        'Publish at: the scheduled time has not come yet.',
      ]),
      published: expect.objectContaining({ ok: true }),
      unpublish: refusedWith('Unpublish', ['Reason: say why the story comes down.']),
      unchanged: true,
    });
  });
});

describe('photo uploads in browser mode', () => {
  /** Posts a photo's bytes as browser mode's client does: raw body, the name in a header. */
  function postPhoto(url: string, fileName: string, body: Uint8Array | ReadableStream<Uint8Array>) {
    return fetch(url, {
      method: 'POST',
      headers: {
        authorization: 'Bearer t',
        'content-type': 'application/octet-stream',
        'x-api-args': encodeURIComponent(JSON.stringify({ fileName })),
      },
      body,
      duplex: 'half',
    });
  }

  async function start(workstation: Workstation): Promise<string> {
    const server = await startWebServer({
      workstation,
      staticDir: dataDir,
      token: 't',
      mediaKey: 'k',
      port: 0,
    });
    servers.push(server);
    return `http://127.0.0.1:${server.port}/api/media:import`;
  }

  it('refuses a body past the size cap while reading it, with 413, and keeps nothing', async () => {
    const workstation = open();
    const url = await start(workstation);
    const megabyte = new Uint8Array(1024 * 1024);
    let sent = 0;
    // No Content-Length: the cap must hold while the body streams in.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 260) controller.close();
        else controller.enqueue(megabyte);
        sent += 1;
      },
    });
    const response = await postPhoto(url, 'huge.jpg', body);
    const staging = await readdir(path.join(dataDir, 'media', 'staging'));
    expect({
      status: response.status,
      answer: await response.json(),
      staging,
      stoppedEarly: sent < 260,
    }).toEqual({
      status: 413,
      answer: {
        ok: false,
        error: {
          code: 'too_large',
          message: 'The request is larger than this call accepts (200 MB at most).',
        },
      },
      staging: [],
      stoppedEarly: true,
    });
  });

  it('imports a posted photo from the spooled file and removes the spool', async () => {
    const workstation = open();
    const url = await start(workstation);
    const jpeg = await buildJpeg({ width: 900, height: 600 });
    const response = await postPhoto(url, 'desk.jpg', jpeg);
    const answer = await response.json();
    const id = createHash('sha256').update(jpeg).digest('hex');
    expect({
      answer,
      original: await readFile(path.join(dataDir, 'media', 'photos', id, 'original.jpg')),
      staging: await readdir(path.join(dataDir, 'media', 'staging')),
    }).toEqual({
      answer: {
        ok: true,
        value: expect.objectContaining({
          photo: expect.objectContaining({ id, fileName: 'desk.jpg', width: 900 }),
        }),
      },
      original: Buffer.from(jpeg),
      staging: [],
    });
  });
});

/** Asks the newsroom, through the workstation, whether it has the photo imported. */
type PhotoExists = () => ReturnType<Workstation['router']['call']>;

describe('a signed-in workstation’s story uploads', () => {
  let newsroom: TestNewsroom;
  beforeEach(async () => {
    newsroom = await startTestNewsroom({ people: [NEWSROOM_PEOPLE.reporter] });
  });
  afterEach(async () => {
    await newsroom.close();
  });

  /**
   * Imports a photo while the workstation stands alone, signs in (until Online) and checks the
   * newsroom lacks the photo; then `use` puts it into a story and answers what its call answered,
   * and the photo must be on the newsroom once `use` is done.
   */
  async function expectSentWhenUsed(
    use: (workstation: Workstation, photoId: string, exists: PhotoExists) => Promise<unknown>,
    answer: unknown,
  ): Promise<void> {
    const workstation = open();
    const jpeg = await buildJpeg({
      width: 640,
      height: 400,
      iptc: { fields: { caption: 'The Taihu bridge.', credit: 'Wuxi Daily' }, encoding: 'utf8' },
    });
    const imported = await workstation.router.call('media:import', {
      fileName: 'taihu-bridge.jpg',
      file: jpeg,
    });
    const photoId = createHash('sha256').update(jpeg).digest('hex');
    const signedIn = await workstation.router.call('newsroom:signIn', {
      serverUrl: newsroom.url,
      login: NEWSROOM_PEOPLE.reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    // As the page does before it offers the upload: wait until the header would read Online.
    for (let revision: number | undefined; ;) {
      const answer = await workstation.router.call(
        'newsroom:status',
        revision === undefined ? {} : { after: revision, waitMs: 1000 },
      );
      const status = newsroomStatusSchema.parse(answer.ok ? answer.value : null);
      if (status.state === 'online') break;
      revision = status.revision;
    }
    const exists = () =>
      workstation.router.call('newsroom:call', {
        channel: 'photo:exists',
        input: { sha256: photoId },
      });
    const before = await exists();
    const used = await use(workstation, photoId, exists);
    expect({
      imported: imported.ok,
      signedIn: signedIn.ok,
      before,
      used,
      after: await exists(),
    }).toEqual({
      imported: true,
      signedIn: true,
      before: { ok: true, value: { exists: false } },
      used: answer,
      after: { ok: true, value: { exists: true } },
    });
    await workstation.router.call('newsroom:signOut', {});
  }

  it('take along the photos their figures show, imported before signing in', async () => {
    await expectSentWhenUsed(async (workstation, photoId) => {
      const now = Date.now();
      const id = uuidv7(now, randomBytes(10));
      const { body, ...fields } = story({ id, state: 'draft', createdAt: now, updatedAt: now });
      const figure = {
        type: 'figure',
        photoId,
        caption: 'The Taihu bridge.',
        credit: 'Wuxi Daily',
        altText: 'A long bridge over a calm lake.',
        children: [{ text: '' }],
      } satisfies FigureElement;
      const uploaded = await workstation.router.call('newsroom:call', {
        channel: 'stories:upload',
        input: {
          stories: [
            {
              story: fields,
              bodyState: Buffer.from(stateOfBody([...body, figure])).toString('base64'),
              trail: [],
              notes: [],
              versions: [],
            },
          ],
        },
      });
      return uploaded.ok;
    }, true);
  }, 60_000);

  it('send a lead photo imported before signing in with the update that sets it', async () => {
    await expectSentWhenUsed(async (workstation, photoId) => {
      const created = await workstation.router.call('newsroom:call', {
        channel: 'story:create',
        input: { headline: 'The Taihu bridge reopens', byline: 'Li Wei' },
      });
      const { id } = z.object({ id: z.string() }).parse(created.ok ? created.value : null);
      const updated = await workstation.router.call('newsroom:call', {
        channel: 'story:update',
        input: {
          id,
          changes: {
            leadPhoto: {
              photoId,
              caption: 'The Taihu bridge.',
              credit: 'Wuxi Daily',
              altText: 'A long bridge over a calm lake.',
            },
          },
          base: { leadPhoto: null },
        },
      });
      return updated.ok;
    }, true);
  }, 60_000);

  it('send a photo imported before signing in as soon as the picker puts it into a story', async () => {
    await expectSentWhenUsed(
      async (workstation, photoId, exists) => {
        const used = await workstation.router.call('media:use', { id: photoId });
        // The upload runs after the answer (the queue on disk holds it): wait for it, bounded.
        const deadline = Date.now() + 20_000;
        let after = await exists();
        while (
          after.ok &&
          JSON.stringify(after.value) !== '{"exists":true}' &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          after = await exists();
        }
        return used;
      },
      { ok: true, value: null },
    );
  }, 60_000);
});
