import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from './security';

describe('the app Content-Security-Policy', () => {
  it('is the same in the page meta tag as in the headers, less what a meta tag cannot carry', () => {
    const html = readFileSync(
      fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
      'utf8',
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerWithoutHeaderOnly = APP_CONTENT_SECURITY_POLICY.split('; ')
      .filter(
        (directive) =>
          !directive.startsWith('frame-ancestors') && !directive.startsWith('manifest-src'),
      )
      .join('; ');
    expect(meta).toBe(headerWithoutHeaderOnly);
  });
});
