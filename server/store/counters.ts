import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/** The store's named counters (see schema.ts). */
export const COUNTER_NAMES = [
  'stories',
  'accounts',
  'settings',
  'photos',
  'site',
  'words',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/**
 * Advances a counter inside a transaction and answers its new value. The UPDATE holds the
 * counter's row lock until the transaction ends (SQLite: the whole file's), so writers of one
 * counter commit in the order of their numbers and a reader that has seen number N has seen every
 * change numbered below it: what makes a cursor over the sequence safe across processes.
 */
export async function advanceCounter(
  trx: Transaction<Database>,
  name: CounterName,
): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** Every counter's current value. */
export async function readCounters(db: Kysely<Database>): Promise<Record<CounterName, number>> {
  const rows = await db.selectFrom('counters').select(['name', 'value']).execute();
  const values: Record<CounterName, number> = {
    stories: 0,
    accounts: 0,
    settings: 0,
    photos: 0,
    site: 0,
    words: 0,
  };
  for (const row of rows) {
    const name = COUNTER_NAMES.find((candidate) => candidate === row.name);
    if (name !== undefined) values[name] = row.value;
  }
  return values;
}
