import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseLaunchArgs, preferredPort } from './paths';

describe('defaultDataDir', () => {
  it('matches Electron userData on each platform', () => {
    expect([
      defaultDataDir('linux', {}, '/home/li'),
      defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/li'),
      defaultDataDir('darwin', {}, '/Users/li'),
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'C:\\Users\\li'),
    ]).toEqual([
      '/home/li/.config/Newsroom Workstation',
      '/cfg/Newsroom Workstation',
      '/Users/li/Library/Application Support/Newsroom Workstation',
      path.join('C:\\Users\\li\\AppData\\Roaming', 'Newsroom Workstation'),
    ]);
  });
});

describe('parseLaunchArgs', () => {
  it('reads port and data dir in both spellings', () => {
    expect(parseLaunchArgs(['--port', '4100', '--data-dir=/tmp/ws'])).toEqual({
      options: { port: 4100, dataDir: '/tmp/ws' },
      errors: [],
    });
  });

  it('reports bad and unknown options instead of ignoring them', () => {
    expect(parseLaunchArgs(['--port', 'eighty', '--verbose', '--data-dir'])).toEqual({
      options: { port: null, dataDir: null },
      errors: [
        '--port needs a number from 0 to 65535, not "eighty".',
        'Unknown option "--verbose". Use --port <port> and --data-dir <dir>.',
        '--data-dir needs a folder.',
      ],
    });
  });
});

describe('preferredPort', () => {
  it('gives a data folder the same port every time and another folder another port', () => {
    const ports = [
      '/home/li/.config/Newsroom Workstation',
      '/home/li/.config/Newsroom Workstation',
      '/tmp/other',
    ].map(preferredPort);
    expect(ports[0]).toBe(ports[1]);
    expect(ports[0]).not.toBe(ports[2]);
    expect(ports.every((port) => port >= 43100 && port < 43900)).toBe(true);
  });
});
