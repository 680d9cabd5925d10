import { randomBytes } from 'node:crypto';
import Conf from 'conf';
import type { SettingsStore } from '../../main/services/settings/settingsService';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createWorkstation } from '../../main/workstation';

/**
 * Browser mode as `npm run web` starts it (the real workstation services, the real HTTP transport,
 * its token and origin checks), serving the bench page instead of the app's renderer build.
 */
export async function startBenchServer(dataDir: string, staticDir: string): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const mediaKey = randomBytes(32).toString('base64url');
  const workstation = createWorkstation({
    dataDir,
    transport: 'browser',
    version: 'bench',
    createSettingsStore: (storeOptions): SettingsStore =>
      new Conf<Record<string, unknown>>({
        ...storeOptions,
        projectName: 'newsroom-workstation-bench',
      }),
    mediaUrl: { prefix: '/media/', signingKey: mediaKey },
  });
  return startWebServer({ workstation, staticDir, token, mediaKey, port: 0 });
}
