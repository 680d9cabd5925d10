import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSafeSitePath, openSiteStore } from './siteStore';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'site-store-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function changes(writes: Record<string, string>, removals: string[] = []) {
  return {
    writes: new Map(Object.entries(writes)),
    copies: new Map<string, string>(),
    removals: new Set(removals),
    isFresh: false,
    keep: new Set<string>(),
  };
}

describe('the site store', () => {
  it('builds each generation from the last, leaving the previous one untouched', async () => {
    const store = await openSiteStore(folder);
    const first = await store.commit(changes({ 'index.html': 'one', 'news/a.html': 'a' }));
    const second = await store.commit(changes({ 'index.html': 'two' }, ['news/a.html']));
    expect({
      current: await store.listFiles(),
      currentHome: (await store.readFile('index.html'))?.toString(),
      previousHome: await readFile(path.join(first.directory, 'index.html'), 'utf8'),
      previousArticle: await readFile(path.join(first.directory, 'news', 'a.html'), 'utf8'),
      written: second.filesWritten,
    }).toEqual({
      current: ['index.html'],
      currentHome: 'two',
      previousHome: 'one',
      previousArticle: 'a',
      written: ['index.html'],
    });
  });

  it('reuses the generation before the current one without letting old files come back', async () => {
    const store = await openSiteStore(folder);
    await store.commit(changes({ 'index.html': 'one', 'news/a.html': 'a', 'news/b.html': 'b' }));
    const second = await store.commit(changes({ 'index.html': 'two' }, ['news/a.html']));
    const third = await store.commit(changes({ 'news/c.html': 'c' }, ['news/b.html']));
    const read = async (directory: string, sitePath: string) =>
      readFile(path.join(directory, sitePath), 'utf8').catch(() => null);
    expect({
      current: (await store.listFiles()).sort(),
      onDisk: [
        await read(third.directory, 'index.html'),
        await read(third.directory, 'news/a.html'),
        await read(third.directory, 'news/b.html'),
        await read(third.directory, 'news/c.html'),
      ],
      previous: [
        await read(second.directory, 'index.html'),
        await read(second.directory, 'news/b.html'),
      ],
    }).toEqual({
      current: ['index.html', 'news/c.html'],
      onDisk: ['two', null, null, 'c'],
      previous: ['two', 'b'],
    });
  });

  it('clears at open what an interrupted publish left: staging, an unswapped generation, a link', async () => {
    const store = await openSiteStore(folder);
    const kept = await store.commit(changes({ 'index.html': 'kept' }));
    const generations = path.join(folder, 'generations');
    await mkdir(path.join(generations, '.staging-zzzz'), { recursive: true });
    await mkdir(path.join(generations, 'zzzzzzzzzz-abandoned'), { recursive: true });
    await symlink('generations/zzzzzzzzzz-abandoned', path.join(folder, 'current.tmp-zzzz'));
    await writeFile(path.join(generations, '.staging-zzzz', 'index.html'), 'half');

    const reopened = await openSiteStore(folder);
    expect({
      generations: await readdir(generations),
      folder: (await readdir(folder)).sort(),
      home: (await reopened.readFile('index.html'))?.toString(),
    }).toEqual({
      generations: [path.basename(kept.directory)],
      folder: ['current', 'generations'],
      home: 'kept',
    });
  });

  it('refuses paths that leave the site', async () => {
    const store = await openSiteStore(folder);
    await expect(store.commit(changes({ '../escape.html': 'x' }))).rejects.toThrow(
      'Refusing to write outside the site: ../escape.html',
    );
    expect(
      ['news/a.html', '../a', '/etc/passwd', 'a//b', 'a/./b', 'a\\b', ''].map(isSafeSitePath),
    ).toEqual([true, false, false, false, false, false, false]);
  });
});
