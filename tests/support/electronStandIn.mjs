// Runs a built Electron main bundle under a stand-in `electron` module, for machines with no
// Electron binary: it records what main asks of Electron, then exercises the app protocol handler.
// Usage: node electronStandIn.mjs <bundle.cjs> <userDataDir>; prints one JSON line.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const [bundle, userData] = process.argv.slice(2);
const calls = [];
const protocolHandlers = {};
const record = (name) => () => {
  calls.push(name);
};

class BrowserWindow {
  constructor(options) {
    calls.push(
      `window sandbox=${options.webPreferences.sandbox} isolation=${options.webPreferences.contextIsolation} node=${options.webPreferences.nodeIntegration}`,
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
    setPath: record('app.setPath'),
    getPath: () => userData,
    requestSingleInstanceLock: () => true,
    on: () => undefined,
    quit: record('app.quit'),
    getVersion: () => '0.0.0',
    getName: () => 'Newsroom Workstation',
    whenReady: () => Promise.resolve(),
  },
  protocol: { registerSchemesAsPrivileged: record('registerSchemesAsPrivileged') },
  session: {
    defaultSession: {
      setPermissionRequestHandler: record('setPermissionRequestHandler'),
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
    setApplicationMenu: record('setApplicationMenu'),
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
await new Promise((done) => setTimeout(done, 300));
const app = protocolHandlers.app;
const status = async (url) => (app ? (await app(new Request(url))).status : null);
console.info(
  JSON.stringify({
    calls,
    index: await status('app://workstation/index.html'),
    traversal: await status('app://workstation/..%2f..%2fpackage.json'),
    foreignHost: await status('app://elsewhere/index.html'),
  }),
);
process.exit(0);
