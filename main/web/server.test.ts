import { describe, expect, it } from 'vitest';
import {
  callApi,
  importTestPhoto,
  send,
  serversClosedAfterEachTest,
  TEST_TOKEN,
} from '../../tests/support/webServer';

const start = serversClosedAfterEachTest();

describe('the browser-mode server', () => {
  it('serves the app for the ready URL without ever setting a cookie', async () => {
    const server = await start();
    const answer = await send(server, { path: `/?token=${TEST_TOKEN}` });
    expect({
      status: answer.status,
      cookie: answer.headers['set-cookie'],
      cache: answer.headers['cache-control'],
      body: answer.body,
    }).toEqual({
      status: 200,
      cookie: undefined,
      cache: 'no-store',
      body: '<!doctype html><title>app</title>',
    });
  });

  it('prints a ready URL on 127.0.0.1 that carries the token once', async () => {
    const server = await start();
    expect(server.readyUrl).toBe(`http://127.0.0.1:${server.port}/?token=${TEST_TOKEN}`);
  });

  it('carries raw bytes for a binary argument and the other fields in a header', async () => {
    const server = await start();
    const { fileName, width } = await importTestPhoto(server, '红色 red.png');
    expect({ fileName, width }).toEqual({ fileName: '红色 red.png', width: 8 });
  });

  it('answers malformed and unknown calls with errors the UI can show', async () => {
    const server = await start();
    const answers = await Promise.all([
      callApi(server, 'settings:get', server.bearer, '{not json'),
      callApi(server, 'nothing:here', server.bearer),
      callApi(server, 'settings:update', server.bearer, '{"role":"chief"}'),
    ]);
    expect(
      answers.map((answer) => ({
        status: answer.status,
        body: JSON.parse(answer.body) as unknown,
      })),
    ).toEqual([
      {
        status: 400,
        body: {
          ok: false,
          error: { code: 'bad_request', message: 'The request body is not valid JSON.' },
        },
      },
      {
        status: 200,
        body: {
          ok: false,
          error: {
            code: 'unknown_channel',
            message: 'There is no API channel named "nothing:here".',
          },
        },
      },
      {
        status: 200,
        body: {
          ok: false,
          error: {
            code: 'invalid_input',
            message: 'The request was refused: some values are not valid.',
            details: ['role: Choose Reporter, Editor or Photo desk.'],
          },
        },
      },
    ]);
  });

  it('refuses form posts and other content types that a foreign page could send without CORS', async () => {
    const server = await start();
    const answer = await send(server, {
      method: 'POST',
      path: '/api/settings:update',
      headers: { ...server.bearer, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=editor',
    });
    expect(answer.status).toBe(415);
  });
});
