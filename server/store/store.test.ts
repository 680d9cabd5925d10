import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, redactDatabaseUrl, StoreError } from './store';
import { buildStoryRow, buildUserRow } from './testing/rows';
import { STORE_KINDS, startStoreHarness, type StoreHarness } from './testing/storeHarness';

describe.each(STORE_KINDS)('the %s store', (kind) => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await startStoreHarness(kind);
  }, 60_000);
  afterAll(async () => harness.stop());

  it('reads back epoch-ms bigints as numbers, binary as bytes, and nulls as nulls', async () => {
    const store = await harness.open();
    const now = Date.UTC(2026, 10, 27, 0, 0, 0, 123);
    await store.db
      .insertInto('users')
      .values(
        buildUserRow({
          id: '019ac0de-0000-7000-8000-000000000001',
          login: 'li.wei',
          created_at: now,
          updated_at: now,
        }),
      )
      .execute();
    await store.db
      .insertInto('stories')
      .values(
        buildStoryRow({
          id: '019ac0de-0000-7000-8000-000000000002',
          owner_id: '019ac0de-0000-7000-8000-000000000001',
          headline: '无锡 IoT',
          keywords: '["iot"]',
          scheduled_at: 2 ** 50,
          created_at: now,
          updated_at: now,
          change_seq: 1,
        }),
      )
      .execute();
    const state = new Uint8Array([0, 1, 2, 255, 254, 0]);
    await store.db
      .insertInto('story_bodies')
      .values({
        story_id: '019ac0de-0000-7000-8000-000000000002',
        state: Buffer.from(state),
        updated_at: now,
      })
      .execute();
    const story = await store.db
      .selectFrom('stories')
      .select(['headline', 'scheduled_at', 'created_at', 'lead_photo', 'keywords'])
      .executeTakeFirstOrThrow();
    const body = await store.db
      .selectFrom('story_bodies')
      .select('state')
      .executeTakeFirstOrThrow();
    const counted = await store.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect({ story, body: [...new Uint8Array(body.state)], count: Number(counted.count) }).toEqual({
      story: {
        headline: '无锡 IoT',
        scheduled_at: 2 ** 50,
        created_at: now,
        lead_photo: null,
        keywords: '["iot"]',
      },
      body: [0, 1, 2, 255, 254, 0],
      count: 1,
    });
  });

  it('starts its counters at zero and migrates an already migrated store without change', async () => {
    const location = await harness.newLocation();
    const first = await openStore(location);
    await first.db
      .updateTable('counters')
      .set({ value: 7 })
      .where('name', '=', 'stories')
      .execute();
    await first.close();
    const again = await openStore(location);
    const counters = await again.db
      .selectFrom('counters')
      .select(['name', 'value'])
      .orderBy('name')
      .execute();
    await again.close();
    expect(counters).toEqual([
      { name: 'accounts', value: 0 },
      { name: 'photos', value: 0 },
      { name: 'settings', value: 0 },
      { name: 'site', value: 0 },
      { name: 'stories', value: 7 },
      { name: 'words', value: 0 },
    ]);
  });
});

describe('the embedded store', () => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await startStoreHarness('sqlite');
  });
  afterAll(async () => harness.stop());

  it('runs in WAL mode with full sync and a busy timeout, so another process can share it', async () => {
    const store = await harness.open();
    const pragmas = await Promise.all(
      ['journal_mode', 'synchronous', 'busy_timeout', 'foreign_keys'].map(async (name) => {
        const { rows } = await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(store.db);
        return Object.values(rows[0] ?? {})[0];
      }),
    );
    expect(pragmas).toEqual(['wal', 2, 10_000, 1]);
  });

  it('waits for another process that holds the write lock, then migrates', async () => {
    const location = await harness.newLocation();
    if (!('dataDir' in location)) throw new Error('expected an embedded location');
    const script = `
      const { DatabaseSync } = require('node:sqlite');
      const path = require('node:path');
      const db = new DatabaseSync(path.join(${JSON.stringify(location.dataDir)}, 'newsroom.sqlite'));
      db.exec('PRAGMA busy_timeout = 10000');
      db.exec('BEGIN IMMEDIATE');
      db.exec('CREATE TABLE IF NOT EXISTS holder (x integer)');
      process.stdout.write('locked\\n');
      const until = Date.now() + 500;
      while (Date.now() < until) {}
      db.exec('COMMIT');
    `;
    // Another process holds the write lock while this one opens and migrates: it waits its turn.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(location.dataDir, { recursive: true });
    const holder = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const holderExited = new Promise((resolve) => holder.once('exit', resolve));
    // Opened only once the holder has the lock (its Node start-up can take seconds under load).
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`The lock holder exited with ${code}.`)));
    });
    const store = await openStore(location);
    await holderExited;
    const migrations = await store.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    await store.close();
    expect(migrations).toEqual([
      { name: '0001-newsroom' },
      { name: '0002-photos-and-publishing' },
      { name: '0003-dictionary-words' },
      { name: '0004-target-put-folders' },
    ]);
  });

  it('says in one line why a folder cannot hold the store', async () => {
    const location = await harness.newLocation();
    if (!('dataDir' in location)) throw new Error('expected an embedded location');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(location.dataDir, { recursive: true });
    const file = path.join(location.dataDir, 'a-file');
    writeFileSync(file, 'not a folder');
    const opening = openStore({ dataDir: path.join(file, 'data') });
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(/^Cannot open the store: ENOTDIR: not a directory/);
  });
});

describe('a database URL in messages', () => {
  it('never shows its password', () => {
    expect(redactDatabaseUrl('postgres://news:s3cret@db.example:5432/newsroom')).toBe(
      'postgres://news:***@db.example:5432/newsroom',
    );
  });
});
