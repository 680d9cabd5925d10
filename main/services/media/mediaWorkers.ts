import { z } from 'zod';
import { PHOTO_ID_PATTERN } from '../../../shared/media/photo';
import { createWorkerPool, type WorkerPool } from '../common/workerPool';
import {
  type EmbeddedMetadata,
  embeddedMetadataSchema,
  type MetadataBlocks,
} from './embeddedMetadata';
import { MAX_IPTC_BYTES } from './iptc';
import type { MediaTask } from './mediaWork';
import { MAX_XMP_CHARACTERS } from './xmp';

/** The media worker's code, bundled by tools/workerSources.mjs into every build and into vitest. */
declare const __MEDIA_WORKER_SOURCE__: string | undefined;

/** How long reading one photo's metadata may take before its worker is stopped (ms). */
export const DEFAULT_METADATA_BUDGET_MS = 10_000;

/**
 * Hashing is linear in the file's size, and cannot be made to stall: its budget is its own (a
 * base, and ms per MB), not the metadata's, which a caller may set short.
 */
const HASH_BUDGET_MS = 10_000;
const HASH_MS_PER_MEGABYTE = 500;

/** Two workers: one slow file does not hold up the next import, and a core stays for requests. */
const POOL_SIZE = 2;

/** The import's CPU-bound steps, each run in a media worker. */
export interface MediaWorkers {
  /** SHA-256 (hex) of a file. */
  hashFile(filePath: string, byteSize: number): Promise<string>;
  /** What the photo's embedded metadata prefills; `WorkerTimeout` past the budget. */
  readMetadata(blocks: MetadataBlocks): Promise<EmbeddedMetadata>;
  /** Stops the workers. */
  close(): Promise<void>;
}

function workerSource(): string {
  if (typeof __MEDIA_WORKER_SOURCE__ !== 'string')
    throw new Error('This build has no media worker: bundle it with tools/workerSources.mjs.');
  return __MEDIA_WORKER_SOURCE__;
}

/** Blocks no parser reads are not copied to the worker at all. */
function readable(blocks: MetadataBlocks): MetadataBlocks {
  return {
    exif: blocks.exif,
    iptc:
      blocks.iptc !== undefined && blocks.iptc.length <= MAX_IPTC_BYTES ? blocks.iptc : undefined,
    // UTF-8 takes at most four bytes a character: a longer block cannot be under the cap.
    xmp:
      blocks.xmp !== undefined && blocks.xmp.length <= 4 * MAX_XMP_CHARACTERS
        ? blocks.xmp
        : undefined,
  };
}

/** Starts the media workers on demand (none runs until the first import). */
export function createMediaWorkers(options: { metadataBudgetMs?: number } = {}): MediaWorkers {
  const metadataBudgetMs = options.metadataBudgetMs ?? DEFAULT_METADATA_BUDGET_MS;
  let pool: WorkerPool | null = null;

  function run(task: MediaTask, budgetMs: number): Promise<unknown> {
    pool ??= createWorkerPool({
      source: workerSource(),
      size: POOL_SIZE,
      // A metadata bomb ends its worker, never the process that serves the newsroom.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    return pool.run(task, budgetMs);
  }

  async function hashFile(filePath: string, byteSize: number): Promise<string> {
    const budget = HASH_BUDGET_MS + (byteSize / 1_000_000) * HASH_MS_PER_MEGABYTE;
    return z
      .string()
      .regex(PHOTO_ID_PATTERN)
      .parse(await run({ kind: 'hash', filePath }, budget));
  }

  async function readMetadata(blocks: MetadataBlocks): Promise<EmbeddedMetadata> {
    const answer = await run({ kind: 'metadata', blocks: readable(blocks) }, metadataBudgetMs);
    return embeddedMetadataSchema.parse(answer);
  }

  async function close(): Promise<void> {
    await pool?.close();
    pool = null;
  }

  return { hashFile, readMetadata, close };
}
