import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsStore } from '../services/settings/settingsService';
import { createWorkstation } from '../workstation';
import { startWebServer, type WebServer } from './server';

const running: WebServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(): Promise<WebServer & { origin: string; auth: Record<string, string> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'web-server-'));
  const staticDir = mkdtempSync(path.join(tmpdir(), 'web-static-'));
  const workstation = createWorkstation({
    dataDir,
    transport: 'browser',
    version: 'test',
    createSettingsStore: (options): SettingsStore =>
      new Conf<Record<string, unknown>>({ ...options, projectName: 'test' }),
    mediaUrl: { prefix: '/media/', suffix: '' },
  });
  const server = await startWebServer({ workstation, staticDir, token: 'secret-token', port: 0 });
  running.push(server);
  return {
    ...server,
    origin: `http://127.0.0.1:${server.port}`,
    auth: { authorization: 'Bearer secret-token' },
  };
}

describe('the browser-mode server', () => {
  it('trades the token in the ready URL for an HttpOnly cookie and drops it from the address', async () => {
    const server = await start();
    const response = await fetch(`${server.origin}/?token=secret-token#/stories`, {
      redirect: 'manual',
    });
    expect({
      status: response.status,
      location: response.headers.get('location'),
      cookie: response.headers.get('set-cookie'),
    }).toEqual({
      status: 303,
      location: '/',
      cookie: `workstation_token_${server.port}=secret-token; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  it('carries raw bytes for a binary argument and the other fields in a header', async () => {
    const server = await start();
    const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const response = await fetch(`${server.origin}/api/media:import`, {
      method: 'POST',
      headers: {
        ...server.auth,
        'content-type': 'application/octet-stream',
        'x-api-args': encodeURIComponent(JSON.stringify({ fileName: '红色 red.png' })),
      },
      body: png,
    });
    const result = (await response.json()) as {
      ok: boolean;
      value?: { photo?: { fileName: string; width: number } };
    };
    expect({
      ok: result.ok,
      fileName: result.value?.photo?.fileName,
      width: result.value?.photo?.width,
    }).toEqual({
      ok: true,
      fileName: '红色 red.png',
      width: 8,
    });
  });

  it('answers malformed and unknown calls with errors the UI can show', async () => {
    const server = await start();
    const post = (channel: string, body: string, type = 'application/json') =>
      fetch(`${server.origin}/api/${channel}`, {
        method: 'POST',
        headers: { ...server.auth, 'content-type': type },
        body,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as unknown,
      }));
    expect(
      await Promise.all([
        post('settings:get', '{not json'),
        post('nothing:here', 'null'),
        post('settings:update', '{"role":"chief"}'),
      ]),
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
    const response = await fetch(`${server.origin}/api/settings:update`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=editor',
    });
    expect(response.status).toBe(415);
  });
});
