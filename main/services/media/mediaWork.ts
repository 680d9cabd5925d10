import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { readEmbeddedMetadata } from './embeddedMetadata';

/**
 * The CPU-bound part of an import that is not sharp's (sharp decodes and encodes on libuv's
 * threads already): hashing the file and reading its embedded metadata. It runs in the media
 * worker (mediaWorker.ts), never on the thread that serves requests; these are its tasks.
 */

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array).optional();

/** A task for the media worker. */
export const mediaTaskSchema = z.discriminatedUnion('kind', [
  /** SHA-256 (hex) of a file, read as a stream: the photo's id. */
  z.object({ kind: z.literal('hash'), filePath: z.string() }),
  /** Caption, credit, place and date from the EXIF, IPTC and XMP blocks sharp read. */
  z.object({
    kind: z.literal('metadata'),
    blocks: z.object({ exif: bytes, iptc: bytes, xmp: bytes }),
  }),
]);
/** A task for the media worker. */
export type MediaTask = z.infer<typeof mediaTaskSchema>;

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk);
  return hash.digest('hex');
}

/** Does one task (in the worker; tests call it directly too). */
export async function performMediaTask(task: MediaTask): Promise<unknown> {
  switch (task.kind) {
    case 'hash':
      return hashFile(task.filePath);
    case 'metadata':
      return readEmbeddedMetadata(task.blocks);
  }
}
