import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type PostgresServer } from '../../../tests/support/postgres';
import type { StoreKind } from '../migrations';
import { openStore, type Store, type StoreLocation } from '../store';

/** Both engines, for `describe.each`: every store test runs on each. */
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** Fresh, empty stores of one engine for tests: a temp folder each, or a new database each. */
export interface StoreHarness {
  kind: StoreKind;
  /** Where a new empty store would live (for a server or command line to open). */
  newLocation(): Promise<StoreLocation>;
  /** Opens a new empty store; it is closed by `stop`. */
  open(): Promise<Store>;
  /** The PostgreSQL server, when the kind is postgres. */
  postgres: PostgresServer | null;
  stop(): Promise<void>;
}

/** Starts what a kind of store needs (a real PostgreSQL server for postgres). */
export async function startStoreHarness(kind: StoreKind): Promise<StoreHarness> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'newsroom-store-'));
  const postgres = kind === 'postgres' ? await startPostgres() : null;
  const opened: Store[] = [];
  let count = 0;
  async function newLocation(): Promise<StoreLocation> {
    count += 1;
    return postgres === null
      ? { dataDir: path.join(root, `data-${count}`) }
      : { databaseUrl: await postgres.createDatabase() };
  }
  return {
    kind,
    postgres,
    newLocation,
    async open() {
      const store = await openStore(await newLocation());
      opened.push(store);
      return store;
    },
    async stop() {
      await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
      await postgres?.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
