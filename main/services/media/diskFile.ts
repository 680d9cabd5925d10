import { readFile } from 'node:fs/promises';
import type { ImportFile } from '../../../shared/api/media';
import { writeNewFile } from '../common/atomicFile';

/** A file to import that main reads from its place on disk, by its path and size. */
export abstract class FileOnDisk implements ImportFile {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  /** The bytes, for a consumer that needs them all (the library never does). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await readFile(this.path);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
}

/**
 * A file main itself wrote to its own disk (an upload spooled by browser mode): the media library
 * takes it over by its path, never reading it whole. Only main makes one; no message can carry one.
 */
export class DiskFile extends FileOnDisk {}

/** An upload larger than its limit: refused while reading, nothing kept. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The upload is larger than ${limit} bytes.`);
  }
}

/**
 * Writes a stream of bytes to `target` (a new file), flushed to disk, refusing as soon as more
 * than `limit` bytes arrive: memory holds one chunk at a time, and a refused or failed upload
 * leaves no file behind. The source is not read past the limit.
 */
export async function spoolToDisk(
  source: AsyncIterable<Uint8Array>,
  target: string,
  limit: number,
): Promise<DiskFile> {
  let size = 0;
  await writeNewFile(target, async (handle) => {
    const chunks = source[Symbol.asyncIterator]();
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      size += next.value.byteLength;
      // Not `break`: ending the iteration would destroy the request before its 413 is sent.
      if (size > limit) throw new UploadTooLarge(limit);
      await handle.write(next.value);
    }
  });
  return new DiskFile(target, size);
}
