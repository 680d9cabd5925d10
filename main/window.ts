import { BrowserWindow, screen, shell } from 'electron';
import type { WindowState } from '../shared/settings/settings';
import { isAllowedUrl } from '../shared/story/body';
import { isAppUrl } from './ipc/trust';

/**
 * Opens a link outside the app only if a story could carry it (shared/story/body: absolute http,
 * https or mailto, no user-info, no control characters): never file:, smb: or custom schemes.
 */
export function openExternalIfAllowed(url: string): void {
  if (isAllowedUrl(url)) void shell.openExternal(url);
}

function isOnSomeDisplay(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return false;
  const { x, y, width } = state;
  return screen.getAllDisplays().some(({ workArea }) => {
    const visibleX = x + Math.min(width, 100);
    return (
      visibleX >= workArea.x &&
      visibleX <= workArea.x + workArea.width &&
      y >= workArea.y &&
      y <= workArea.y + workArea.height - 40
    );
  });
}

/**
 * The one window factory: context isolation, sandbox, no Node in the page, no navigation away from
 * the app, no new windows (links go to the system browser through the allow-list).
 */
export function createMainWindow(options: {
  preloadPath: string;
  /** Development builds only: the packaged app cannot open developer tools at all. */
  allowDevTools: boolean;
  state: WindowState;
  onStateChange(state: WindowState): void;
}): BrowserWindow {
  const { state } = options;
  const position = isOnSomeDisplay(state) ? { x: state.x, y: state.y } : {};
  const window = new BrowserWindow({
    ...position,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Newsroom Workstation',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // The workstation checks spelling itself, offline (renderer/spelling); no second underline.
      spellcheck: false,
      // Middle-click would otherwise open links in new windows, around the window-open handler.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.allowDevTools,
    },
  });
  if (state.isMaximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openExternalIfAllowed(url);
    }
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  let saveTimer: NodeJS.Timeout | undefined;
  function reportState() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (window.isDestroyed()) return;
      const bounds = window.getNormalBounds();
      options.onStateChange({ ...bounds, isMaximized: window.isMaximized() });
    }, 500);
  }
  window.on('resize', reportState);
  window.on('move', reportState);
  window.on('maximize', reportState);
  window.on('unmaximize', reportState);
  // The story view holds a close for the few milliseconds a save is still committing. Electron
  // would just ignore the close; instead, try again once the write has had time to land.
  let isClosing = false;
  window.webContents.on('will-prevent-unload', () => {
    if (isClosing) setTimeout(() => !window.isDestroyed() && window.close(), 300);
  });
  window.on('close', () => {
    isClosing = true;
    clearTimeout(saveTimer);
    const bounds = window.getNormalBounds();
    options.onStateChange({ ...bounds, isMaximized: window.isMaximized() });
  });
  return window;
}
