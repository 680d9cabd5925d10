import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asidePath, isAsideName, writeFileAtomic } from './atomicFile';
import { forEachLimited } from './concurrency';
import { errorMessage, isNodeError } from './errors';
import { createSerialQueue } from './serialQueue';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'common-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('atomic files', () => {
  it('writes the whole file into a new folder and leaves no temp file', async () => {
    const target = path.join(folder, 'a', 'b.json');
    await writeFileAtomic(target, '{"x":1}');
    await writeFileAtomic(target, '{"x":2}');
    expect({
      text: await readFile(target, 'utf8'),
      files: await readdir(path.dirname(target)),
    }).toEqual({ text: '{"x":2}', files: ['b.json'] });
  });

  it('leaves nothing behind when the target cannot be replaced', async () => {
    const target = path.join(folder, 'taken');
    await writeFileAtomic(path.join(target, 'inside'), 'x');
    const failure = await writeFileAtomic(target, 'y').catch((error: unknown) => error);
    expect({
      isDirectoryError: isNodeError(failure, 'EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM'),
      files: await readdir(folder),
    }).toEqual({ isDirectoryError: true, files: ['taken'] });
  });

  it('names a file kept aside after its name and the time, and recognises the name', () => {
    const aside = asidePath('/data/settings.json', new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
    expect({
      aside,
      isAside: isAsideName(path.basename(aside)),
      isPlain: isAsideName('settings.json'),
    }).toEqual({
      aside: '/data/settings.corrupt-2026-01-02T03-04-05-006Z.json',
      isAside: true,
      isPlain: false,
    });
  });
});

describe('the serial queue', () => {
  it('runs tasks one at a time in order, and a failure does not stop the next', async () => {
    const queue = createSerialQueue();
    const events: string[] = [];
    function task(name: string, ms: number, fails = false) {
      return queue.run(async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`end ${name}`);
        if (fails) throw new Error(name);
        return name;
      });
    }
    const results = await Promise.allSettled([task('a', 20, true), task('b', 1), task('c', 5)]);
    expect({ events, results: results.map((result) => result.status) }).toEqual({
      events: ['start a', 'end a', 'start b', 'end b', 'start c', 'end c'],
      results: ['rejected', 'fulfilled', 'fulfilled'],
    });
  });
});

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push(item);
      running -= 1;
    });
    expect({ most, seen: seen.sort() }).toEqual({ most: 3, seen: [1, 2, 3, 4, 5, 6, 7] });
  });
});

describe('error messages', () => {
  it('read an Error’s message and anything else as text', () => {
    expect([errorMessage(new Error('disk full')), errorMessage('plain'), errorMessage(42)]).toEqual(
      ['disk full', 'plain', '42'],
    );
  });
});
