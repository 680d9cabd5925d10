import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signedMediaQuery } from '../../shared/api/mediaUrl';
import {
  callApi,
  importTestPhoto,
  send,
  serversClosedAfterEachTest,
  TEST_MEDIA_KEY,
  TEST_TOKEN,
  type InProcessServer,
} from '../../tests/support/webServer';

// Reproductions of issue 14 (points 4, 6 and 7, and the tests its mutation audit found missing)
// against the real browser-mode server. Each failed on the code before its fix.

const start = serversClosedAfterEachTest();

const MIB = 1024 * 1024;

/** What a raw client streaming a huge body saw: the status line, and how much it got to send. */
interface Streamed {
  statusLine: string;
  sentBytes: number;
  wasCut: boolean;
}

/**
 * Streams up to `totalBytes` of body (chunked, or with a declared Content-Length) as fast as the
 * server takes it, stopping when the server answers or closes the connection.
 */
function streamBody(
  server: InProcessServer,
  options: { channel: string; totalBytes: number; declareLength: boolean },
): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sentBytes = 0;
    let response = '';
    let isDone = false;
    function finish(wasCut: boolean) {
      if (isDone) return;
      isDone = true;
      socket.destroy();
      resolve({ statusLine: response.split('\r\n')[0] ?? '', sentBytes, wasCut });
    }
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      response += data;
      if (response.includes('\r\n\r\n')) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', () => {
      socket.write(
        [
          `POST /api/${options.channel} HTTP/1.1`,
          `Host: 127.0.0.1:${server.port}`,
          `Authorization: Bearer ${TEST_TOKEN}`,
          'Content-Type: application/json',
          options.declareLength
            ? `Content-Length: ${options.totalBytes}`
            : 'Transfer-Encoding: chunked',
          '',
          '',
        ].join('\r\n'),
      );
      function pump() {
        while (!isDone && sentBytes < options.totalBytes) {
          const piece = options.declareLength
            ? chunk
            : Buffer.concat([
                Buffer.from(`${chunk.length.toString(16)}\r\n`),
                chunk,
                Buffer.from('\r\n'),
              ]);
          sentBytes += chunk.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      }
      pump();
    });
    setTimeout(() => reject(new Error(`no answer after ${sentBytes} bytes`)), 30_000).unref();
  });
}

describe('the browser-mode credential (issue 14.4 and the token tests)', () => {
  it('refuses every token but the exact one, in the ready URL and as a bearer, and never sets a cookie', async () => {
    const server = await start();
    const wrong = [
      TEST_TOKEN.slice(0, 6),
      TEST_TOKEN.slice(0, -1),
      '',
      `${TEST_TOKEN}x`,
      `x${TEST_TOKEN}`,
      ` ${TEST_TOKEN}`,
    ];
    const answers = await Promise.all([
      ...wrong.map((token) => send(server, { path: `/?token=${encodeURIComponent(token)}` })),
      ...wrong.map((token) =>
        callApi(server, 'settings:get', { authorization: `Bearer ${token}` }),
      ),
      callApi(server, 'settings:get', {}),
      callApi(server, 'settings:get', { authorization: TEST_TOKEN }),
      callApi(server, 'settings:get', { authorization: `Basic ${TEST_TOKEN}` }),
      // A cookie is no credential here, whatever it holds: cookies reach every port of a host.
      callApi(server, 'settings:get', { cookie: `workstation_token_${server.port}=${TEST_TOKEN}` }),
      callApi(server, 'settings:get', { cookie: `workstation_token_${server.port}=` }),
      callApi(server, 'settings:get', {
        cookie: `workstation_token_${server.port}=${TEST_TOKEN.slice(0, 8)}`,
      }),
      send(server, { method: 'POST', path: `/api/settings:get?token=${TEST_TOKEN}` }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.headers['set-cookie']])).toEqual(
      answers.map(() => [401, undefined]),
    );
    expect((await callApi(server, 'settings:get', server.bearer)).status).toBe(200);
  });

  it('refuses requests for another Host, from another Origin, or marked cross-site', async () => {
    const server = await start();
    const other = server.port === 65535 ? server.port - 1 : server.port + 1;
    const refused = await Promise.all([
      callApi(server, 'settings:get', { ...server.bearer, host: `evil.example:${server.port}` }),
      callApi(server, 'settings:get', { ...server.bearer, host: `127.0.0.1:${other}` }),
      callApi(server, 'settings:get', { ...server.bearer, host: '127.0.0.1' }),
      send(server, { path: '/', headers: { host: `rebound.example:${server.port}` } }),
      callApi(server, 'settings:get', { ...server.bearer, origin: 'http://evil.example' }),
      callApi(server, 'settings:get', { ...server.bearer, origin: `http://127.0.0.1:${other}` }),
      callApi(server, 'settings:get', { ...server.bearer, origin: 'null' }),
      callApi(server, 'settings:get', { ...server.bearer, 'sec-fetch-site': 'cross-site' }),
    ]);
    expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 403));
    const allowed = await Promise.all([
      callApi(server, 'settings:get', { ...server.bearer, host: `localhost:${server.port}` }),
      callApi(server, 'settings:get', { ...server.bearer, origin: server.origin }),
      callApi(server, 'settings:get', {
        ...server.bearer,
        origin: `http://localhost:${server.port}`,
      }),
    ]);
    expect(allowed.map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it('makes a copied photo URL useless for another photo, another file, or after its lifetime', async () => {
    const server = await start();
    const { id: photoId } = await importTestPhoto(server);
    const otherId = 'f'.repeat(64);
    const now = Math.floor(Date.now() / 1000);
    const query = signedMediaQuery(TEST_MEDIA_KEY, photoId, 'thumb', now);
    const refused = await Promise.all([
      send(server, { path: `/media/${otherId}/thumb${query}` }),
      send(server, { path: `/media/${photoId}/original${query}` }),
      send(server, { path: `/media/${photoId}/thumb` }),
      send(server, { path: `/media/${photoId}/thumb?token=${TEST_TOKEN}` }),
      send(server, {
        path: `/media/${photoId}/thumb${signedMediaQuery('another key', photoId, 'thumb', now)}`,
      }),
      // Signed with the right key, but to live far longer than a photo URL may.
      send(server, {
        path: `/media/${photoId}/thumb${signedMediaQuery(TEST_MEDIA_KEY, photoId, 'thumb', now + 86_400)}`,
      }),
    ]);
    expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 401));
    expect((await send(server, { path: `/media/${photoId}/thumb${query}` })).status).toBe(200);
    server.setNow(now + 2 * 60 * 60 + 1);
    expect((await send(server, { path: `/media/${photoId}/thumb${query}` })).status).toBe(401);
    expect(
      (await send(server, { path: `/media/${photoId}/thumb`, headers: server.bearer })).status,
    ).toBe(200);
  });
});

describe('photos in the sandboxed preview (issue 14.7)', () => {
  it('serves a signed photo URL with a resource policy that an opaque-origin frame may embed', async () => {
    const server = await start();
    const { id: photoId } = await importTestPhoto(server);
    const now = Math.floor(Date.now() / 1000);
    const answer = await send(server, {
      path: `/media/${photoId}/thumb${signedMediaQuery(TEST_MEDIA_KEY, photoId, 'thumb', now)}`,
    });
    expect({
      status: answer.status,
      type: answer.headers['content-type'],
      resourcePolicy: answer.headers['cross-origin-resource-policy'],
    }).toEqual({ status: 200, type: 'image/jpeg', resourcePolicy: 'cross-origin' });
  });

  it('lets the photo requests of the frame through although its opaque origin sends Origin: null', async () => {
    const server = await start();
    const { id: photoId } = await importTestPhoto(server);
    const now = Math.floor(Date.now() / 1000);
    const query = signedMediaQuery(TEST_MEDIA_KEY, photoId, 'thumb', now);
    const answers = await Promise.all([
      send(server, {
        path: `/media/${photoId}/thumb${query}`,
        headers: { origin: 'null', 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' },
      }),
      send(server, {
        path: `/media/${photoId}/thumb`,
        headers: { origin: 'null', 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' },
      }),
      callApi(server, 'settings:get', { ...server.bearer, 'sec-fetch-site': 'cross-site' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 403]);
  });
});

describe('request bodies (issue 14.6)', () => {
  /**
   * Streams a 256 MB `settings:update` body, its length declared or chunked, and checks that the
   * server answered 413 long before the end (what was sent past its limit sits in the sockets'
   * buffers).
   */
  async function expectHugeBodyRefused(
    server: InProcessServer,
    declareLength: boolean,
  ): Promise<void> {
    const streamed = await streamBody(server, {
      channel: 'settings:update',
      totalBytes: 256 * MIB,
      declareLength,
    });
    expect(streamed.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(streamed.sentBytes).toBeLessThan(32 * MIB);
  }

  it('refuses a declared 256 MB JSON body with 413 before reading it', async () => {
    await expectHugeBodyRefused(await start(), true);
  });

  it('cuts a chunked body off with 413 once it passes the channel limit, without buffering the rest', async () => {
    const server = await start();
    const before = process.memoryUsage().rss;
    await expectHugeBodyRefused(server, false);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MIB);
  });

  it('lets a channel that needs more take a body past the default limit', async () => {
    const server = await start();
    const story = JSON.stringify({ story: { headline: 'x'.repeat(2 * MIB) } });
    const [publish, settings] = await Promise.all([
      callApi(server, 'portal:publish', server.bearer, story),
      callApi(server, 'settings:update', server.bearer, story),
    ]);
    expect([
      publish.status,
      (JSON.parse(publish.body) as { error: { code: string } }).error.code,
    ]).toEqual([200, 'invalid_input']);
    expect(settings.status).toBe(413);
  });

  it('refuses JSON nested deeper than any argument needs before it reaches the schema', async () => {
    const server = await start();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const answer = await callApi(server, 'portal:publish', server.bearer, `{"story":${deep}}`);
    expect({ status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
      status: 400,
      body: {
        ok: false,
        error: { code: 'bad_request', message: 'The request nests deeper than 64 levels.' },
      },
    });
  });
});
