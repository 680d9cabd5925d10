import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from './trust';

describe('isTrustedSender', () => {
  it('trusts only the top-level page of the app origin', () => {
    const top = { url: 'app://workstation/index.html#/stories', parent: null };
    expect(
      [
        top,
        { url: 'app://workstation/index.html', parent: top },
        { url: 'https://evil.example/', parent: null },
        { url: 'app://other/index.html', parent: null },
        { url: 'file:///etc/passwd', parent: null },
        { url: 'not a url', parent: null },
        null,
      ].map((frame) => isTrustedSender(frame as Parameters<typeof isTrustedSender>[0])),
    ).toEqual([true, false, false, false, false, false, false]);
  });
});

describe('isAppUrl', () => {
  it('accepts the app scheme and host only', () => {
    expect(
      [
        'app://workstation/index.html',
        'app://workstation/media/x/thumb',
        'app://other/',
        'https://workstation/',
        'javascript:alert(1)',
        '',
      ].map(isAppUrl),
    ).toEqual([true, true, false, false, false, false]);
  });
});
