import { describe, expect, it } from 'vitest';
import { isAllowedUrl } from './body';

// Issue 14.9: the link allow-list accepted user-info URLs, which show one host and open another.

describe('the link allow-list', () => {
  it('refuses user-info, and a backslash that browsers read as a slash before it', () => {
    expect(
      [
        'http://a@b/',
        'https://user:secret@example.com/',
        'http://bank.example@evil.example/login',
        'https://@example.com',
        'http://evil.example\\@bank.example/',
        'https://evil.example\\bank.example/',
      ].map(isAllowedUrl),
    ).toEqual([false, false, false, false, false, false]);
  });

  it('still keeps an @ after the host, in the path, query or fragment, and in mailto', () => {
    expect(
      [
        'https://example.com/people/@wuxi',
        'https://example.com?contact=desk@example.com',
        'https://example.com#desk@example.com',
        'mailto:desk@example.com',
        'https://example.com',
      ].map(isAllowedUrl),
    ).toEqual([true, true, true, true, true]);
  });
});
