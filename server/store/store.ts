import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider, type StoreKind } from './migrations';
import { NodeSqliteDialect } from './nodeSqliteDialect';
import type { Database } from './schema';

/** The file of the embedded store inside the data folder. */
export const EMBEDDED_STORE_FILE = 'newsroom.sqlite';

/** How long a writer waits for another process's transaction on the embedded store. */
const BUSY_TIMEOUT_MS = 10_000;

/** Where the store lives: embedded in the data folder, or a PostgreSQL database. */
export type StoreLocation = { dataDir: string } | { databaseUrl: string };

/** An open store: the query builder, the engine it runs on, and how to close it. */
export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Where it is, safe to print (a PostgreSQL URL without its password). */
  description: string;
  close(): Promise<void>;
}

/** What a service over the store (accounts, bodies, dictionary, profile) is opened with. */
export interface StoreServiceOptions {
  store: Store;
  /** The clock; `Date.now` unless given (tests set it). */
  now?: () => number;
  /** Called after each committed write (the change watcher's doorbell). */
  onCommitted?: () => void;
}

/** A store that cannot be opened, told in one line a person can act on. */
export class StoreError extends Error {}

/** A PostgreSQL URL with any password replaced, so it can appear in messages and logs. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(an unreadable database URL)';
  }
}

/**
 * Switches a file to WAL. The switch needs the file to itself and SQLite does not wait for that on
 * the busy timeout, so while another process holds it (only ever for a moment) this waits here.
 */
async function useWriteAheadLog(database: DatabaseSync): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      database.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      const isBusy = error instanceof Error && /locked|busy/i.test(error.message);
      if (!isBusy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function openEmbedded(
  dataDir: string,
): Promise<{ db: Kysely<Database>; description: string }> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, EMBEDDED_STORE_FILE);
  const database = new DatabaseSync(file);
  // WAL lets the command line read and write while the server runs; FULL makes each commit
  // durable at once (a change acknowledged to a client survives a power cut); foreign keys are
  // off by default in SQLite.
  database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await useWriteAheadLog(database);
  database.exec('PRAGMA synchronous = FULL');
  database.exec('PRAGMA foreign_keys = ON');
  return {
    db: new Kysely<Database>({ dialect: new NodeSqliteDialect(database) }),
    description: file,
  };
}

// BIGINT (int8) and COUNT come back from pg as strings by default; every BIGINT here is an epoch
// ms or a counter, well inside Number's exact range.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function openPostgres(databaseUrl: string): { db: Kysely<Database>; description: string } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: pgTypes });
  // An idle connection the server drops would otherwise crash the process as an unhandled error.
  pool.on('error', (error) => console.error(`PostgreSQL: ${error.message}`));
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    description: redactDatabaseUrl(databaseUrl),
  };
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return describeError(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens the store and brings its schema up to date. Several processes may do this at once (a
 * server and a command line, or several servers on one PostgreSQL): migrations run under a lock.
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const kind: StoreKind = 'databaseUrl' in location ? 'postgres' : 'sqlite';
  let opened: { db: Kysely<Database>; description: string };
  try {
    opened =
      'databaseUrl' in location
        ? openPostgres(location.databaseUrl)
        : await openEmbedded(location.dataDir);
  } catch (error) {
    throw new StoreError(`Cannot open the store: ${describeError(error)}`);
  }
  const { db, description } = opened;
  try {
    await sql`select 1`.execute(db);
    const migrator = new Migrator({ db, provider: migrationProvider(kind) });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new StoreError(`Cannot open the store at ${description}: ${describeError(error)}`);
  }
  return { db, kind, description, close: () => db.destroy() };
}
