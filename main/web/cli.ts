import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { COLLAB_CLOSE } from '../../shared/api/collab';
import { createCollabRelay, RELAY_PATH } from '../newsroom/collabRelay';
import { defaultDataDir, parseLaunchArgs, preferredPort } from '../paths';
import type { SettingsStore } from '../services/settings/settingsService';
import { APP_VERSION } from '../version';
import { createWorkstation } from '../workstation';
import { startWebServer } from './server';

function exitWith(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

/** `npm run web`: the workstation for a Chromium-family browser on this machine. */
async function main(): Promise<void> {
  const { options, errors } = parseLaunchArgs(process.argv.slice(2));
  if (errors.length > 0) exitWith(errors.join('\n'), 2);
  const dataDir = options.dataDir ?? defaultDataDir();
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    exitWith(
      `Cannot use the data folder ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  }
  const token = randomBytes(24).toString('base64url');
  const mediaKey = randomBytes(32).toString('base64url');
  // The test harness points WORKSTATION_RENDERER_DIR at the bench page; people get the app.
  const staticDir =
    process.env.WORKSTATION_RENDERER_DIR ??
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const workstation = createWorkstation({
    dataDir,
    transport: 'browser',
    version: APP_VERSION,
    createSettingsStore: (storeOptions): SettingsStore =>
      new Conf<Record<string, unknown>>({ ...storeOptions, projectName: 'newsroom-workstation' }),
    mediaUrl: { prefix: '/media/', signingKey: mediaKey },
    // The page reaches story bodies through this server's relay, which adds the session token.
    collabUrlOf: () => RELAY_PATH,
  });
  const relay = createCollabRelay({ credentials: () => workstation.newsroom.credentials() });
  workstation.newsroom.onChange((status) => {
    if (status.state !== 'online' && status.state !== 'offline' && status.state !== 'connecting')
      relay.closeAll(COLLAB_CLOSE.sessionEnded.code, COLLAB_CLOSE.sessionEnded.reason);
  });
  async function listen(port: number) {
    return startWebServer({
      workstation,
      staticDir,
      token,
      mediaKey,
      port,
      upgrades: {
        [RELAY_PATH]: (request, socket, head) => relay.handleUpgrade(request, socket, head),
      },
    });
  }
  function isPortBusy(error: unknown): boolean {
    return error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
  }
  let server;
  if (options.port !== null) {
    try {
      server = await listen(options.port);
    } catch (error) {
      if (isPortBusy(error)) {
        exitWith(
          `Port ${options.port} is already in use. Choose another with --port, or leave --port out.`,
          1,
        );
      }
      throw error;
    }
  } else {
    const port = preferredPort(dataDir);
    try {
      server = await listen(port);
    } catch (error) {
      if (!isPortBusy(error)) throw error;
      server = await listen(0);
      console.warn(
        `Port ${port}, where this data folder's stories live in your browser, is busy; using ${server.port} instead. ` +
          'Stories are kept per address by the browser: the ones written at the usual address appear again when it is used.',
      );
    }
  }
  console.info(`Workstation ready at ${server.readyUrl}`);
  console.info(`Data folder: ${dataDir}`);
  const running = server;
  function stop() {
    void running.close().finally(() => process.exit(0));
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  exitWith(
    `The workstation could not start: ${error instanceof Error ? error.message : String(error)}`,
    1,
  );
});
