// One measurement of a store engine in a process of its own (so its peak memory is its own):
// open (and migrate) the newsroom schema in a folder, then a write+read loop through the same
// Kysely queries. Prints one JSON line. Built and run by newsroomServer.ts:
//   node storeProbe.mjs <sqlite|pglite> <folder> <iterations>
import { mkdirSync, readFileSync } from 'node:fs';
import { Kysely, PGliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from '../../server/store/migrations';
import type { Database } from '../../server/store/schema';
import { openStore } from '../../server/store/store';
import { buildStoryRow, buildUserRow } from '../../server/store/testing/rows';

/** What one probe reports. */
export interface ProbeResult {
  openMs: number;
  loopMs: number;
  peakRssMb: number;
}

async function open(
  engine: string,
  folder: string,
): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const store = await openStore({ dataDir: folder });
    return { db: store.db, close: () => store.close() };
  }
  mkdirSync(folder, { recursive: true });
  // Loaded only here, so the node:sqlite probe's memory holds no PGlite.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(folder);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  const { error } = await new Migrator({
    db,
    provider: migrationProvider('postgres'),
  }).migrateToLatest();
  if (error !== undefined) throw error;
  return { db, close: () => db.destroy() };
}

async function main(): Promise<void> {
  const [engine = 'sqlite', folder = '.', count = '100'] = process.argv.slice(2);
  const iterations = Number(count);
  const started = performance.now();
  const { db, close } = await open(engine, folder);
  const openMs = performance.now() - started;
  const ownerId = `owner-${process.pid}-${Date.now()}`;
  await db
    .insertInto('users')
    .values(buildUserRow({ id: ownerId }))
    .execute();
  const loopStarted = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    const id = `${ownerId}-${index}`;
    await db
      .insertInto('stories')
      .values(
        buildStoryRow({
          id,
          owner_id: ownerId,
          slug: `story-${index}`,
          headline: `Story ${index}`,
          created_at: index,
          updated_at: index,
          change_seq: index,
        }),
      )
      .execute();
    await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  const loopMs = performance.now() - loopStarted;
  await close();
  // VmHWM, not getrusage's maxRSS: on Linux a child's maxRSS starts from its parent's at fork.
  const status = readFileSync('/proc/self/status', 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  const result: ProbeResult = { openMs, loopMs, peakRssMb: peakKb / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
