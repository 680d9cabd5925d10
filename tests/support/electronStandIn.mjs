// Runs a built Electron main bundle under a stand-in `electron` module, for machines with no
// Electron binary: it records what main asks of Electron, then exercises the app protocol handler.
// Usage: node electronStandIn.mjs <bundle.cjs> <userDataDir> [flags]; prints one JSON line. Flags,
// comma-separated: `packaged` (app.isPackaged, as in an installed app), `second` (another instance
// already holds the single-instance lock).
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const [bundle, userData, flagList = ''] = process.argv.slice(2);
const flags = new Set(flagList.split(','));
const calls = [];
const protocolHandlers = {};
let headerListener = null;
const record = (name) => () => {
  calls.push(name);
};

class BrowserWindow {
  constructor(options) {
    calls.push(
      `window sandbox=${options.webPreferences.sandbox} isolation=${options.webPreferences.contextIsolation} node=${options.webPreferences.nodeIntegration} devTools=${options.webPreferences.devTools}`,
    );
    this.webContents = {
      setWindowOpenHandler: record('setWindowOpenHandler'),
      on: () => undefined,
    };
  }
  maximize() {}
  once() {}
  on() {}
  loadURL(url) {
    calls.push(`loadURL ${url}`);
    return Promise.resolve();
  }
  static getAllWindows() {
    return [];
  }
}

const electron = {
  app: {
    isPackaged: flags.has('packaged'),
    setPath: record('app.setPath'),
    getPath: () => userData,
    requestSingleInstanceLock: () => !flags.has('second'),
    on: () => undefined,
    quit: record('app.quit'),
    getVersion: () => '0.0.0',
    getName: () => 'Newsroom Workstation',
    whenReady: () => Promise.resolve(),
  },
  protocol: { registerSchemesAsPrivileged: record('registerSchemesAsPrivileged') },
  // No keychain here: main must fall back to the session file's own mode.
  safeStorage: { isEncryptionAvailable: () => false },
  session: {
    defaultSession: {
      setPermissionRequestHandler: record('setPermissionRequestHandler'),
      webRequest: {
        onBeforeSendHeaders: (filter, listener) => {
          calls.push(`webRequest.onBeforeSendHeaders ${filter.urls.join(' ')}`);
          headerListener = listener;
        },
      },
      protocol: {
        handle: (scheme, handler) => {
          protocolHandlers[scheme] = handler;
        },
      },
    },
  },
  ipcMain: { handle: (channel) => calls.push(`ipc ${channel}`), on: () => undefined },
  BrowserWindow,
  Menu: {
    buildFromTemplate: (template) => ({ template }),
    // Records every menu item by role (or label), submenus in brackets.
    setApplicationMenu: (menu) => {
      const describe = (items) =>
        items
          .map((item) =>
            item.type === 'separator'
              ? '|'
              : `${item.role ?? item.label}${item.submenu ? `[${describe(item.submenu)}]` : ''}`,
          )
          .join(' ');
      calls.push(`menu ${describe(menu.template)}`);
    },
  },
  screen: { getAllDisplays: () => [] },
  shell: { openExternal: record('openExternal') },
};

const standInPath = path.join(path.dirname(bundle), '__electron_stand_in__.js');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveElectron(request, ...rest) {
  return request === 'electron' ? standInPath : resolve.call(this, request, ...rest);
};
Module._cache[standInPath] = {
  id: standInPath,
  filename: standInPath,
  loaded: true,
  exports: electron,
};

createRequire(import.meta.url)(bundle);
// Main loads its window once started (a kept newsroom session read first): wait for that, bounded.
// Once main has quit (a second instance), a window that still came would come within a second.
for (
  let waited = 0, bound = 10_000;
  waited < bound && !calls.some((call) => call.startsWith('loadURL'));
  waited += 50
) {
  if (calls.includes('app.quit')) bound = Math.min(bound, waited + 1000);
  await new Promise((done) => setTimeout(done, 50));
}
const app = protocolHandlers.app;
const status = async (url) => (app ? (await app(new Request(url))).status : null);
// The Authorization header main adds to a WebSocket upgrade of each URL (null: none added).
const authorizationFor = (url) =>
  new Promise((done) => {
    if (headerListener === null) return done('no listener');
    headerListener({ url, requestHeaders: { Origin: 'app://workstation' } }, ({ requestHeaders }) =>
      done(requestHeaders.Authorization ?? null),
    );
  });
console.info(
  JSON.stringify({
    calls,
    connectSrc:
      app === undefined
        ? null
        : ((await app(new Request('app://workstation/index.html'))).headers
            .get('content-security-policy')
            .split('; ')
            .find((directive) => directive.startsWith('connect-src')) ?? null),
    authorization: Object.fromEntries(
      await Promise.all(
        (process.env.STAND_IN_WS_URLS ?? '')
          .split(' ')
          .filter((url) => url !== '')
          .map(async (url) => [url, await authorizationFor(url)]),
      ),
    ),
    index: await status('app://workstation/index.html'),
    traversal: await status('app://workstation/..%2f..%2fpackage.json'),
    foreignHost: await status('app://elsewhere/index.html'),
  }),
);
process.exit(0);
