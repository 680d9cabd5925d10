import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskFile, spoolToDisk, UploadTooLarge } from './diskFile';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'disk-file-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function* chunks(count: number, size: number, pulled: { count: number }) {
  for (let index = 0; index < count; index += 1) {
    pulled.count += 1;
    yield new Uint8Array(size).fill(index);
  }
}

describe('spooling an upload to disk', () => {
  it('writes every chunk to the file and reports its size', async () => {
    const pulled = { count: 0 };
    const file = await spoolToDisk(chunks(3, 4, pulled), path.join(folder, 'up'), 12);
    expect({
      file,
      bytes: [...(await readFile(file.path))],
      asBuffer: new Uint8Array(await file.arrayBuffer()).length,
    }).toEqual({
      file: new DiskFile(path.join(folder, 'up'), 12),
      bytes: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
      asBuffer: 12,
    });
  });

  it('stops reading past the limit and leaves no file behind', async () => {
    const pulled = { count: 0 };
    const failure = await spoolToDisk(chunks(100, 4, pulled), path.join(folder, 'up'), 10).catch(
      (error: unknown) => error,
    );
    expect({
      isTooLarge: failure instanceof UploadTooLarge,
      pulled: pulled.count,
      files: await readdir(folder),
    }).toEqual({ isTooLarge: true, pulled: 3, files: [] });
  });
});
