import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isNodeError } from '../../main/services/common/errors';
import { forEachLimited } from '../../main/services/common/concurrency';
import { currentGeneration, type GenerationInfo } from '../../main/services/portal/siteStore';
import { advanceCounter } from '../store/counters';
import type { Store } from '../store/store';

/** Files hashed at once when a whole generation is read. */
const HASH_CONCURRENCY = 16;
/** Rows written per statement. */
const INSERT_BATCH = 500;

/** One file of the site: its path, content hash and size. */
export interface SiteFile {
  path: string;
  sha256: string;
  size: number;
}

/**
 * Whether a site path is for readers. The site store's and the publisher's own records
 * (`.newsroom-generation.json`, `.portal-generation.json`) start with a dot and stay home.
 */
export function isPublicSitePath(sitePath: string): boolean {
  return sitePath.split('/').every((segment) => !segment.startsWith('.'));
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(filePath: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function describe(directory: string, sitePath: string): Promise<SiteFile | null> {
  try {
    return { path: sitePath, ...(await hashFile(path.join(directory, ...sitePath.split('/')))) };
  } catch (error) {
    if (isNodeError(error, 'ENOENT', 'EISDIR')) return null;
    throw error;
  }
}

async function listGeneration(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .filter(isPublicSitePath);
}

/**
 * Keeps the store's record of the published site (`site_generations`, `site_files`) in step with
 * the publish folder: what every publish target must end up holding. After a publish the newest
 * generation's record says which paths changed from its base; if its base is the generation
 * recorded last, only those are hashed, otherwise (a rebuild, or generations made meanwhile) the
 * whole generation is read again. Called under the site lock, by whoever changed the site.
 */
export async function recordSiteGeneration(
  store: Store,
  publishDir: string,
  now: () => number,
): Promise<GenerationInfo | null> {
  const generation = await currentGeneration(publishDir);
  if (generation === null) return null;
  const { db } = store;
  const latest = await db
    .selectFrom('site_generations')
    .select(['id'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.id === generation.id) return generation;
  const isStep = latest !== undefined && generation.base === latest.id;
  const paths = isStep
    ? generation.changed.filter(isPublicSitePath)
    : await listGeneration(generation.directory);
  const files: SiteFile[] = [];
  const gone: string[] = [];
  await forEachLimited(paths, HASH_CONCURRENCY, async (sitePath) => {
    const file = await describe(generation.directory, sitePath);
    if (file === null) gone.push(sitePath);
    else files.push(file);
  });
  await db.transaction().execute(async (trx) => {
    const seq = await advanceCounter(trx, 'site');
    if (!isStep) await trx.deleteFrom('site_files').execute();
    for (let start = 0; start < gone.length; start += INSERT_BATCH)
      await trx
        .deleteFrom('site_files')
        .where('path', 'in', gone.slice(start, start + INSERT_BATCH))
        .execute();
    for (let start = 0; start < files.length; start += INSERT_BATCH)
      await trx
        .insertInto('site_files')
        .values(files.slice(start, start + INSERT_BATCH))
        .onConflict((conflict) =>
          conflict.column('path').doUpdateSet((eb) => ({
            sha256: eb.ref('excluded.sha256'),
            size: eb.ref('excluded.size'),
          })),
        )
        .execute();
    const count = await trx
      .selectFrom('site_files')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('site_generations')
      .values({ id: generation.id, seq, created_at: now(), file_count: Number(count.count) })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    // Only the newest few are worth keeping: a target compares against `site_files`, not these.
    await trx
      .deleteFrom('site_generations')
      .where('seq', '<', seq - 100)
      .execute();
  });
  return generation;
}
