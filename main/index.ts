import path from 'node:path';
import { app, BrowserWindow, Menu, safeStorage, session } from 'electron';
import ElectronStore from 'electron-store';
import { registerIpcHandlers } from './ipc/handle';
import { PLAIN_SECRET_BOX, type SecretBox } from './newsroom/sessionFile';
import { isAppUrl } from './ipc/trust';
import { buildApplicationMenu } from './menu';
import { registerAppScheme, serveAppScheme, APP_ORIGIN } from './protocol';
import type { SettingsStore } from './services/settings/settingsService';
import { APP_VERSION } from './version';
import { createWorkstation } from './workstation';
import { createMainWindow } from './window';
import { DEFAULT_SETTINGS, settingsSchema, type WindowState } from '../shared/settings/settings';

function dataDirArgument(argv: readonly string[]): string | null {
  const index = argv.indexOf('--data-dir');
  const inline = argv.find((argument) => argument.startsWith('--data-dir='));
  const value = inline?.slice('--data-dir='.length) ?? (index >= 0 ? argv[index + 1] : undefined);
  return value === undefined || value === '' ? null : path.resolve(value);
}

/** The OS keychain seals the newsroom token where Electron has one; else the file's mode guards it. */
function keychainBox(): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return PLAIN_SECRET_BOX;
  return {
    kind: 'safeStorage',
    seal: (secret) => safeStorage.encryptString(secret),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

const dataDir = dataDirArgument(process.argv);
if (dataDir !== null) app.setPath('userData', dataDir);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });

  void app.whenReady().then(() => {
    const workstation = createWorkstation({
      dataDir: app.getPath('userData'),
      transport: 'electron',
      version: APP_VERSION,
      // electron-store names the file from its own `name` option (default "config"), not conf's
      // configName: without this the file would be config.json and recovery would look elsewhere.
      createSettingsStore: (options): SettingsStore =>
        new ElectronStore<Record<string, unknown>>({ ...options, name: options.configName }),
      mediaUrl: { prefix: '/media/', signingKey: null },
      secretBox: keychainBox(),
    });
    // The renderer opens its newsroom's `/collab` itself (the CSP allows that origin alone); the
    // session token is added here, to upgrades to exactly that endpoint, and never seen by the page.
    session.defaultSession.webRequest.onBeforeSendHeaders(
      { urls: ['ws://*/*', 'wss://*/*'] },
      (details, callback) => {
        const credentials = workstation.newsroom.credentials();
        const collabUrl = workstation.newsroom.status().collabUrl;
        const isCollab =
          credentials !== null && collabUrl !== null && details.url.split('?')[0] === collabUrl;
        callback({
          requestHeaders: isCollab
            ? { ...details.requestHeaders, Authorization: `Bearer ${credentials.token}` }
            : details.requestHeaders,
        });
      },
    );
    // A page's CSP is fixed when it loads: when the newsroom origin changes, the window reloads.
    let collabOrigin = workstation.newsroom.status().collabUrl;
    workstation.newsroom.onChange((status) => {
      if (status.collabUrl === collabOrigin) return;
      collabOrigin = status.collabUrl;
      mainWindow?.webContents.reload();
    });
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
      callback(false),
    );
    serveAppScheme(session.defaultSession, path.join(__dirname, '..', 'renderer'), workstation);
    registerIpcHandlers(workstation.router);
    Menu.setApplicationMenu(
      buildApplicationMenu({ isMac: process.platform === 'darwin', isPackaged: app.isPackaged }),
    );

    async function openWindow() {
      const settings = await workstation.router.call('settings:get', undefined);
      const parsed = settings.ok ? settingsSchema.safeParse(settings.value) : null;
      const state: WindowState = parsed?.success
        ? parsed.data.windowState
        : DEFAULT_SETTINGS.windowState;
      mainWindow = createMainWindow({
        preloadPath: path.join(__dirname, 'preload.cjs'),
        allowDevTools: !app.isPackaged,
        state,
        onStateChange: (windowState) =>
          void workstation.router.call('settings:update', { windowState }),
      });
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
      await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
    }

    void openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
