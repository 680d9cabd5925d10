import type { Kysely, Transaction } from 'kysely';
import type { NewsroomResult } from '../../shared/api/newsroom';
import type { PortalProfile } from '../../shared/portal/profile';
import { refusal, success } from '../outcome';
import type { StoryAccess, Verdict } from '../policy/policy';
import { advanceCounter } from '../store/counters';
import type { Database } from '../store/schema';
import type { Store } from '../store/store';
import type { StoryDocuments } from './storyDocuments';
import type { StoryRow } from './storyRecords';

/** What the story and workflow services work with. */
export interface StoryContext {
  store: Store;
  documents: StoryDocuments;
  profile(): Promise<PortalProfile>;
  now(): number;
  /** Rings the change watcher after a commit. */
  onCommitted(): void;
}

/** Thrown inside a story transaction to roll it back and answer a refusal. */
export class Refused extends Error {
  constructor(readonly result: NewsroomResult<never>) {
    super(result.ok ? 'refused' : result.error.message);
  }
}

/** Throws the policy's refusal, if it is one. */
export function enforce(verdict: Verdict): void {
  if (!verdict.allowed) throw new Refused(refusal(verdict.code, verdict.message, verdict.reasons));
}

/** The refusal for a story id nobody has. */
export function noSuchStory(id: string): NewsroomResult<never> {
  return refusal('not_found', `There is no story ${id} on this server.`);
}

/** Reads one story with its owner's login and name. */
export async function selectStory(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<StoryRow | undefined> {
  return db
    .selectFrom('stories')
    .innerJoin('users', 'users.id', 'stories.owner_id')
    .selectAll('stories')
    .select(['users.login as owner_login', 'users.name as owner_name'])
    .where('stories.id', '=', id)
    .executeTakeFirst();
}

/** Reads again, inside its transaction, the story a change has just written. */
export async function rereadStory(trx: Transaction<Database>, id: string): Promise<StoryRow> {
  const row = await selectStory(trx, id);
  if (row === undefined) throw new Error('The story vanished inside its transaction.');
  return row;
}

/** What the policy reads of a story row. */
export function accessOf(row: StoryRow): StoryAccess {
  return {
    state: row.state as StoryAccess['state'],
    ownerId: row.owner_id,
    ownerName: row.owner_name,
  };
}

/**
 * Runs a change of one story in a transaction that first advances the change sequence: writers of
 * stories take turns (see advanceCounter), the story is read after the lock, and the change gets
 * the sequence number its row then carries. `work` throws `Refused` to roll everything back.
 * Inside `work`, query only through `trx`: the embedded store has one connection, which the
 * transaction holds, so a query through the store's `db` would wait for it forever.
 */
export async function writeStory<T>(
  context: StoryContext,
  id: string,
  work: (trx: Transaction<Database>, row: StoryRow, seq: number, at: number) => Promise<T>,
): Promise<NewsroomResult<T>> {
  try {
    const value = await context.store.db.transaction().execute(async (trx) => {
      const seq = await advanceCounter(trx, 'stories');
      const row = await selectStory(trx, id);
      if (row === undefined) throw new Refused(noSuchStory(id));
      return work(trx, row, seq, context.now());
    });
    context.onCommitted();
    return success(value);
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}
