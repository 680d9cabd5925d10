import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import sharp from 'sharp';
import { afterEach } from 'vitest';
import type { SettingsStore } from '../../main/services/settings/settingsService';
import { startWebServer, type WebServer } from '../../main/web/server';
import {
  createWorkstation,
  type Workstation,
  type WorkstationOptions,
} from '../../main/workstation';

/** The token and photo-signing key of every in-process test server. */
export const TEST_TOKEN = 'secret-token-0123456789';
export const TEST_MEDIA_KEY = 'media-key-0123456789';

/**
 * Browser mode's services over `dataDir`, as tests open them: settings in a `Conf` store there,
 * photo URLs unsigned unless `options` say otherwise.
 */
export function createTestWorkstation(
  dataDir: string,
  options: Partial<Omit<WorkstationOptions, 'dataDir'>> = {},
): Workstation {
  return createWorkstation({
    dataDir,
    transport: 'browser',
    version: 'test',
    createSettingsStore: (settings): SettingsStore =>
      new Conf<Record<string, unknown>>({ ...settings, projectName: 'test' }),
    mediaUrl: { prefix: '/media/', signingKey: null },
    ...options,
  });
}

/** Browser mode's server started in the test's own process, on real services and a temp folder. */
export interface InProcessServer extends WebServer {
  origin: string;
  bearer: Record<string, string>;
  /** Moves the server's clock (epoch seconds) for photo URL expiry. */
  setNow(seconds: number): void;
}

/** Starts a server on port 0 with an `index.html` that says `app`; the caller closes it. */
export async function startInProcessServer(): Promise<InProcessServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'web-server-'));
  const staticDir = mkdtempSync(path.join(tmpdir(), 'web-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  const workstation = createTestWorkstation(dataDir, {
    mediaUrl: { prefix: '/media/', signingKey: TEST_MEDIA_KEY },
  });
  let now = Math.floor(Date.now() / 1000);
  const server = await startWebServer({
    workstation,
    staticDir,
    token: TEST_TOKEN,
    mediaKey: TEST_MEDIA_KEY,
    port: 0,
    nowSeconds: () => now,
  });
  return {
    ...server,
    origin: `http://127.0.0.1:${server.port}`,
    bearer: { authorization: `Bearer ${TEST_TOKEN}` },
    setNow: (seconds) => {
      now = seconds;
    },
  };
}

/** What a request got back. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
export function send(
  server: { port: number },
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** POSTs a JSON body (default `null`) to an API channel with these headers. */
export function callApi(
  server: { port: number },
  channel: string,
  headers: Record<string, string>,
  body = 'null',
): Promise<Answer> {
  return send(server, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

/**
 * For a Vitest file: a function that starts in-process servers, each closed after its test.
 * Call it once at the top of the file.
 */
export function serversClosedAfterEachTest(): () => Promise<InProcessServer> {
  const running: InProcessServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return async () => {
    const server = await startInProcessServer();
    running.push(server);
    return server;
  };
}

/** Imports a small real PNG through `media:import` (raw bytes, the name in a header). */
export async function importTestPhoto(
  server: InProcessServer,
  fileName = 'red.png',
): Promise<{ id: string; fileName: string; width: number }> {
  const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c00' } })
    .png()
    .toBuffer();
  const response = await fetch(`${server.origin}/api/media:import`, {
    method: 'POST',
    headers: {
      ...server.bearer,
      'content-type': 'application/octet-stream',
      'x-api-args': encodeURIComponent(JSON.stringify({ fileName })),
    },
    body: png,
  });
  const result = (await response.json()) as {
    ok: boolean;
    value?: { photo: { id: string; fileName: string; width: number } };
  };
  if (!result.ok || result.value === undefined) throw new Error('The test photo was refused.');
  const { id, width } = result.value.photo;
  return { id, fileName: result.value.photo.fileName, width };
}
