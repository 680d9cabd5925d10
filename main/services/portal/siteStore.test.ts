import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublishRefusal } from './publishErrors';
import { GENERATION_RECORD, generationRecord, isSafeSitePath, openSiteStore } from './siteStore';

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
    // What a publish killed midway leaves, each folder with the record the store writes first.
    const leftovers = [
      { name: '.staging-zzzzzzzzzz-0000000a', id: 'zzzzzzzzzz-0000000a' },
      { name: 'zzzzzzzzzz-0000000b', id: 'zzzzzzzzzz-0000000b' },
    ];
    for (const { name, id } of leftovers) {
      await mkdir(path.join(generations, name));
      await writeFile(
        path.join(generations, name, GENERATION_RECORD),
        generationRecord({ format: 1, id, base: null, changed: [] }),
      );
      await writeFile(path.join(generations, name, 'index.html'), 'half');
    }
    await mkdir(path.join(generations, '.staging-zzzzzzzzzz-0000000c'));
    await symlink('generations/zzzzzzzzzz-0000000b', path.join(folder, 'current.tmp-zzzz'));

    const reopened = await openSiteStore(folder);
    expect({
      generations: (await readdir(generations)).filter((name) => !name.startsWith('.spare-')),
      folder: (await readdir(folder)).sort(),
      home: (await reopened.readFile('index.html'))?.toString(),
    }).toEqual({
      generations: [path.basename(kept.directory)],
      folder: ['.newsroom-site.json', 'current', 'generations'],
      home: 'kept',
    });
  });

  it('refuses a folder holding files it did not put there, and deletes nothing', async () => {
    await mkdir(path.join(folder, 'generations', 'photos-2019'), { recursive: true });
    await writeFile(path.join(folder, 'generations', 'thesis.docx'), 'years of work');
    await writeFile(path.join(folder, 'generations', 'photos-2019', 'a.jpg'), 'a photo');
    const refusal = await openSiteStore(folder).catch((error: unknown) => error);
    expect({
      refusal: refusal instanceof PublishRefusal && {
        code: refusal.code,
        message: refusal.message,
      },
      files: (await readdir(folder, { recursive: true })).sort(),
    }).toEqual({
      refusal: {
        code: 'publish_folder_not_empty',
        message: `The publish folder ${folder} holds files the workstation did not put there (generations/photos-2019, generations/thesis.docx). Choose an empty or new folder in Settings; nothing was written or deleted.`,
      },
      files: [
        'generations',
        'generations/photos-2019',
        'generations/photos-2019/a.jpg',
        'generations/thesis.docx',
      ],
    });
  });

  it('deletes only the folders it recorded, even when files are dropped into its own folder', async () => {
    const store = await openSiteStore(folder);
    await store.commit(changes({ 'index.html': 'one' }));
    const generations = path.join(folder, 'generations');
    await mkdir(path.join(generations, 'photos-2019'));
    await writeFile(path.join(generations, 'photos-2019', 'a.jpg'), 'a photo');
    await mkdir(path.join(generations, 'zzzzzzzzzz-00000000'));
    await writeFile(path.join(generations, 'zzzzzzzzzz-00000000', 'notes.txt'), 'mine');
    const reopened = await openSiteStore(folder);
    for (const home of ['two', 'three', 'four', 'five']) {
      await reopened.commit(changes({ 'index.html': home }));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const names = await readdir(generations);
    expect({
      userFolders: names.filter((name) => name === 'photos-2019' || name.endsWith('-00000000')),
      generations: names.filter((name) => /^[0-9a-z]{10}-[0-9a-f]{8}$/.test(name)).length <= 3,
      home: (await reopened.readFile('index.html'))?.toString(),
    }).toEqual({
      userFolders: ['photos-2019', 'zzzzzzzzzz-00000000'],
      generations: true,
      home: 'five',
    });
  });

  it('adopts a site an older workstation published, recording its generations', async () => {
    const old = path.join(folder, 'generations', '0000000001-0000abcd');
    await mkdir(old, { recursive: true });
    await writeFile(path.join(old, 'index.html'), 'old');
    await symlink('generations/0000000001-0000abcd', path.join(folder, 'current'));
    const store = await openSiteStore(folder);
    await store.commit(changes({ 'news/a.html': 'a' }));
    expect({
      files: (await store.listFiles()).sort(),
      owner: (await readdir(folder)).includes('.newsroom-site.json'),
      recorded: JSON.parse(await readFile(path.join(old, GENERATION_RECORD), 'utf8')),
    }).toEqual({
      files: ['index.html', 'news/a.html'],
      owner: true,
      recorded: { format: 1, id: '0000000001-0000abcd', base: null, changed: [] },
    });
  });

  it('refuses a publish folder that is not absolute by this computer’s rules', async () => {
    const refusals = [];
    for (const relative of ['C:/relative-escape', '\\\\server\\share', 'site']) {
      const refusal = await openSiteStore(relative).catch((error: unknown) => error);
      refusals.push(refusal instanceof PublishRefusal && refusal.code);
    }
    expect({
      refusals,
      strays: await readdir('.').then((names) =>
        names.filter((name) => name.startsWith('C:') || name === 'site'),
      ),
    }).toEqual({
      refusals: ['invalid_publish_folder', 'invalid_publish_folder', 'invalid_publish_folder'],
      strays: [],
    });
  });

  it('reuses a spare after a build from scratch and after a restart, so a publish links only its changes', async () => {
    const store = await openSiteStore(folder);
    const pages = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`news/2017/03/${index}/a.html`, `page ${index}`]),
    );
    const first = await store.commit({ ...changes(pages), isFresh: true });
    const firstInode = (await stat(first.directory)).ino;
    const generations = path.join(folder, 'generations');
    const spareName = (await readdir(generations)).find((name) => name.startsWith('.spare-'));
    const spareInode = (await stat(path.join(generations, spareName ?? 'none'))).ino;
    const second = await store.commit(changes({ 'index.html': 'two' }));
    const reopened = await openSiteStore(folder);
    const secondFolderBefore = path.basename(second.directory);
    const third = await reopened.commit(changes({ 'index.html': 'three' }));
    expect({
      secondReusedSpare: (await stat(second.directory)).ino === spareInode,
      thirdReusedPrevious: (await stat(third.directory)).ino === firstInode,
      home: (await reopened.readFile('index.html'))?.toString(),
      files: (await reopened.listFiles()).length,
      stillThere: (await readdir(generations)).includes(secondFolderBefore),
    }).toEqual({
      secondReusedSpare: true,
      thirdReusedPrevious: true,
      home: 'three',
      files: 51,
      stillThere: true,
    });
  });

  it('publishes when another process sharing the folder cleared its spare meanwhile', async () => {
    const store = await openSiteStore(folder);
    const first = await store.commit(changes({ 'index.html': 'one', 'news/a.html': 'a' }));
    await store.commit(changes({ 'index.html': 'two' }));
    // The generation before the current one is this store's spare; another process's open
    // clears such folders when it is not one of the two it keeps.
    await rm(first.directory, { recursive: true, force: true });
    const third = await store.commit(changes({ 'news/b.html': 'b' }));
    expect({
      files: (await store.listFiles()).sort(),
      home: await readFile(path.join(third.directory, 'index.html'), 'utf8'),
      article: await readFile(path.join(third.directory, 'news', 'a.html'), 'utf8'),
    }).toEqual({
      files: ['index.html', 'news/a.html', 'news/b.html'],
      home: 'two',
      article: 'a',
    });
  });

  it('removes a spare a build from scratch cannot use, keeping one spare at a time', async () => {
    const store = await openSiteStore(folder);
    await store.commit({ ...changes({ 'index.html': 'one' }), isFresh: true });
    await store.commit({ ...changes({ 'index.html': 'two' }), isFresh: true });
    await store.commit({ ...changes({ 'index.html': 'three' }), isFresh: true });
    await store.settled();
    const names = await readdir(path.join(folder, 'generations'));
    expect({
      spares: names.filter((name) => name.startsWith('.spare-')).length,
      home: (await store.readFile('index.html'))?.toString(),
    }).toEqual({ spares: 1, home: 'three' });
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
