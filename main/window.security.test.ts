import { beforeEach, describe, expect, it, vi } from 'vitest';

// Issue 14.9: main opened any http(s) URL outside the app, user-info included. The real `electron`
// cannot load under plain Node, so its shell is a stand-in that records what would be opened.
const opened = vi.hoisted(() => [] as string[]);
vi.mock('electron', () => ({
  shell: { openExternal: (url: string) => Promise.resolve(opened.push(url)) },
  BrowserWindow: function BrowserWindow() {
    throw new Error('no window in this test');
  },
  screen: { getAllDisplays: () => [] },
}));

const { openExternalIfAllowed } = await import('./window');

describe('links opened outside the app', () => {
  beforeEach(() => {
    opened.length = 0;
  });

  it('go through the story link allow-list: no user-info, no other scheme', () => {
    for (const url of [
      'https://wuxi.chinadaily.com.cn/a.html',
      'mailto:desk@example.com',
      'http://a@b/',
      'https://bank.example@evil.example/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      openExternalIfAllowed(url);
    }
    expect(opened).toEqual(['https://wuxi.chinadaily.com.cn/a.html', 'mailto:desk@example.com']);
  });
});
