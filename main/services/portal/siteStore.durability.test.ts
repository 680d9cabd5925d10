import type * as ChildProcess from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import type { PathLike } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GENERATION_RECORD, openSiteStore } from './siteStore';

/**
 * The order in which the site store makes a generation durable and publishes it, as the file system
 * saw it: every flush (`fsync` of a file or folder, or Linux's `sync -f` of the whole file system)
 * and every rename. A power cut after a rename must never find a page the disk does not hold.
 */
const { events } = vi.hoisted(() => ({ events: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    async open(...args: Parameters<typeof actual.open>) {
      const handle = await actual.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        events.push(`flush ${String(args[0])}`);
      };
      return handle;
    },
    async rename(from: PathLike, to: PathLike) {
      await actual.rename(from, to);
      events.push(`rename ${String(from)} -> ${String(to)}`);
    },
  };
});

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof ChildProcess>();
  return {
    ...actual,
    execFile(
      file: string,
      args: readonly string[],
      callback: (error: ExecFileException | null) => void,
    ) {
      return actual.execFile(file, args, (error) => {
        if (error === null) events.push(`flush all ${args.at(-1) ?? ''}`);
        callback(error);
      });
    },
  };
});

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'site-store-durability-'));
  events.length = 0;
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function pagesOf(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`news/page-${index}.html`, `page ${index}`]),
  );
}

async function publish(writes: Record<string, string>) {
  const store = await openSiteStore(folder);
  const result = await store.commit({
    writes: new Map(Object.entries(writes)),
    copies: new Map<string, string>(),
    removals: new Set<string>(),
    isFresh: false,
    keep: new Set<string>(),
  });
  await store.settled();
  return result;
}

/** Where the generation was renamed into place, and what was flushed before that rename. */
function beforePublishing(directory: string) {
  const renameAt = events.findIndex((event) => event.endsWith(` -> ${directory}`));
  const staging = events[renameAt]?.slice('rename '.length).split(' -> ')[0] ?? '';
  const linkAt = events.findIndex((event) => event.endsWith(` -> ${path.join(folder, 'current')}`));
  const flushed = events
    .slice(0, renameAt)
    .filter((event) => event.startsWith('flush '))
    .map((event) => event.replace(/^flush (all )?/, ''))
    .filter((target) => target === staging || target.startsWith(`${staging}${path.sep}`))
    .map((target) => path.relative(staging, target) || '.');
  return { isRenamed: renameAt >= 0, linkAfterGeneration: linkAt > renameAt, flushed };
}

describe('the site store, as the disk sees a publish', () => {
  it('flushes each new page, its folder and the generation before renaming it into place', async () => {
    const pages = pagesOf(2);
    const { directory } = await publish(pages);
    const seen = beforePublishing(directory);
    expect({ ...seen, flushed: [...new Set(seen.flushed)].sort() }).toEqual({
      isRenamed: true,
      linkAfterGeneration: true,
      flushed: ['.', GENERATION_RECORD, 'news', ...Object.keys(pages)].sort(),
    });
  });

  it('flushes the whole file system once before renaming a large generation into place', async () => {
    const { directory } = await publish(pagesOf(40));
    const seen = beforePublishing(directory);
    expect({ ...seen, flushed: [...new Set(seen.flushed)] }).toEqual({
      isRenamed: true,
      linkAfterGeneration: true,
      flushed: process.platform === 'linux' ? ['.'] : expect.arrayContaining(['.']),
    });
  });
});
