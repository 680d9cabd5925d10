import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJpeg } from '../../../tests/support/images';
import { importConcurrency } from './importThreads';
import { createMediaLibrary } from './mediaLibrary';

interface Thread {
  id: number;
  name: string;
  nice: number;
}

/** The threads of this process, their names and nice values, from /proc. */
function threads(): Thread[] {
  return readdirSync('/proc/self/task').flatMap((id) => {
    try {
      const name = readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim();
      return [{ id: Number(id), name, nice: os.getPriority(Number(id)) }];
    } catch {
      return [];
    }
  });
}

describe('the threads libvips uses', () => {
  it('are every core but one, and one on a single core', () => {
    expect([1, 2, 8].map((cores) => importConcurrency(cores))).toEqual([1, 1, 7]);
  });
});

describe.runIf(process.platform === 'linux')('an import’s threads', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('run below normal priority; the thread that serves requests keeps its own', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'import-threads-'));
    const before = new Set(threads().map((thread) => thread.id));
    const mainNice = os.getPriority(process.pid);
    const library = createMediaLibrary(path.join(folder, 'media'), { onWarning: () => {} });
    const imported = await library.importFile(
      'canal.jpg',
      await buildJpeg({ width: 1800, height: 1200, color: '#336699' }),
    );
    const after = threads();
    await library.close();
    const mediaWorkers = after.filter(
      (thread) => thread.name === 'WorkerThread' && !before.has(thread.id),
    );
    const pixelThreads = after.filter((thread) =>
      ['libuv-worker', 'libvips worker'].includes(thread.name),
    );
    const atNice = (list: Thread[]) => [...new Set(list.map((thread) => thread.nice >= 10))];
    expect({
      imported: imported.ok,
      mediaWorkers: mediaWorkers.length > 0 && atNice(mediaWorkers),
      pixelThreads: pixelThreads.length > 0 && atNice(pixelThreads),
      main: os.getPriority(process.pid),
    }).toEqual({ imported: true, mediaWorkers: [true], pixelThreads: [true], main: mainNice });
  });
});
