import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMediaPath, resolveStaticFile } from './staticFiles';

function makeSite() {
  const parent = mkdtempSync(path.join(tmpdir(), 'static-'));
  const root = path.join(parent, 'site');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), '');
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  return { parent, root };
}

describe('resolveStaticFile', () => {
  it('serves index.html for the root and files inside the root', async () => {
    const { root } = makeSite();
    expect(
      await Promise.all(['/', '/assets/app.js'].map((url) => resolveStaticFile(root, url))),
    ).toEqual([path.join(root, 'index.html'), path.join(root, 'assets', 'app.js')]);
  });

  it('refuses every way out of the root', async () => {
    const { root } = makeSite();
    const attempts = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
    ];
    expect(await Promise.all(attempts.map((url) => resolveStaticFile(root, url)))).toEqual(
      attempts.map(() => null),
    );
  });
});

describe('parseMediaPath', () => {
  it('reads a photo id and file name, and nothing of any other shape', () => {
    expect(
      [
        '/media/abc/thumb',
        '/media/abc/w640',
        '/media/abc',
        '/media/a/b/c',
        '/media//thumb',
        '/media/%E0%A4%A/x',
        '/assets/x',
      ].map(parseMediaPath),
    ).toEqual([
      { photoId: 'abc', file: 'thumb' },
      { photoId: 'abc', file: 'w640' },
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
