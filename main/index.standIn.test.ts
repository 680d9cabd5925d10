import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../shared/api/contract';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles main as tools/build.mjs does and runs it under the stand-in electron in a child process. */
async function startMain(
  prepare: (userData: string) => void = () => undefined,
  flags: Array<'packaged' | 'second'> = [],
  webSocketUrls: string[] = [],
) {
  // Inside the repository, so the bundle finds its external packages (sharp) in node_modules.
  const cache = path.join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const folder = mkdtempSync(path.join(cache, 'main-stand-in-'));
  const userData = path.join(folder, 'data');
  mkdirSync(userData);
  mkdirSync(path.join(folder, 'renderer'));
  writeFileSync(path.join(folder, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
  await build({
    absWorkingDir: root,
    entryPoints: ['main/index.ts'],
    outfile: path.join(folder, 'main', 'index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron', 'sharp'],
    logLevel: 'silent',
  });
  prepare(userData);
  const output = execFileSync(
    process.execPath,
    [
      path.join(root, 'tests/support/electronStandIn.mjs'),
      path.join(folder, 'main', 'index.cjs'),
      userData,
      ...(flags.length > 0 ? [flags.join(',')] : []),
    ],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, STAND_IN_WS_URLS: webSocketUrls.join(' ') },
    },
  );
  const lastLine = output.trim().split('\n').pop() ?? '{}';
  return {
    userData,
    report: JSON.parse(lastLine) as {
      calls: string[];
      connectSrc: string | null;
      authorization: Record<string, string | null>;
      index: number;
      traversal: number;
      foreignHost: number;
    },
  };
}

describe('the Electron main process, under a stand-in electron', () => {
  it('registers the scheme, every channel and one secure window, and serves only the app', async () => {
    const { userData, report } = await startMain();
    expect({
      ...report,
      calls: report.calls.filter((call) => !call.startsWith('ipc ')),
      channels: report.calls.filter((call) => call.startsWith('ipc ')).map((call) => call.slice(4)),
      files: readdirSync(userData).filter((name) => name.endsWith('.json')),
    }).toEqual({
      calls: [
        'registerSchemesAsPrivileged',
        'webRequest.onBeforeSendHeaders ws://*/* wss://*/*',
        'setPermissionRequestHandler',
        'menu fileMenu editMenu View[reload forceReload toggleDevTools | resetZoom zoomIn zoomOut | togglefullscreen] windowMenu',
        'window sandbox=true isolation=true node=false devTools=true',
        'setWindowOpenHandler',
        'loadURL app://workstation/index.html',
      ],
      channels: CHANNEL_NAMES,
      connectSrc: "connect-src 'self'",
      authorization: {},
      index: 200,
      traversal: 404,
      foreignHost: 404,
      files: ['settings.json'],
    });
  }, 60_000);

  it('signed in, lets the page reach its newsroom’s /collab alone, with the token main adds', async () => {
    const { report } = await startMain(
      (folder) =>
        writeFileSync(
          path.join(folder, 'newsroom-session.json'),
          JSON.stringify({
            version: 1,
            serverUrl: 'http://127.0.0.1:9',
            user: { login: 'li.wei', name: 'Li Wei', role: 'reporter' },
            expiresAt: Date.now() + 86_400_000,
            token: { box: 'plain', sealed: Buffer.from('the-session-token').toString('base64') },
            ended: null,
          }),
          { mode: 0o600 },
        ),
      [],
      [
        'ws://127.0.0.1:9/collab',
        'ws://127.0.0.1:9/elsewhere',
        'ws://127.0.0.2:9/collab',
        'wss://127.0.0.1:9/collab',
      ],
    );
    expect({ connectSrc: report.connectSrc, authorization: report.authorization }).toEqual({
      connectSrc: "connect-src 'self' ws://127.0.0.1:9",
      authorization: {
        'ws://127.0.0.1:9/collab': 'Bearer the-session-token',
        'ws://127.0.0.1:9/elsewhere': null,
        'ws://127.0.0.2:9/collab': null,
        'wss://127.0.0.1:9/collab': null,
      },
    });
  }, 60_000);

  it('ships no way to open developer tools in the packaged app', async () => {
    const { report } = await startMain(undefined, ['packaged']);
    expect(
      report.calls.filter((call) => call.startsWith('menu ') || call.startsWith('window ')),
    ).toEqual([
      'menu fileMenu editMenu View[reload | resetZoom zoomIn zoomOut | togglefullscreen] windowMenu',
      'window sandbox=true isolation=true node=false devTools=false',
    ]);
  }, 60_000);

  it('quits at once when another instance already runs, opening no window of its own', async () => {
    const { report } = await startMain(undefined, ['second']);
    expect(report.calls).toEqual(['registerSchemesAsPrivileged', 'app.quit']);
  }, 60_000);

  it('keeps a garbage settings file aside and starts on defaults', async () => {
    const garbage = '{"userName": "Li", role: ???';
    const { userData } = await startMain((folder) =>
      writeFileSync(path.join(folder, 'settings.json'), garbage),
    );
    const aside = readdirSync(userData).filter((name) => name.startsWith('settings.corrupt-'));
    expect({
      aside: aside.map((name) => readFileSync(path.join(userData, name), 'utf8')),
      role: (
        JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8')) as { role: string }
      ).role,
    }).toEqual({ aside: [garbage], role: 'reporter' });
  }, 60_000);
});
