import { MAX_UPLOAD_BYTES } from '../../../shared/api/newsroom';
import { db, type SyncOutcomeRow } from '../../db/db';
import { useLive } from '../../db/useLive';
import { countAllStories } from '../../stories/repository/lists';
import { newsroomCall } from '../client';
import { flushOutbox, pullChanges, uploadedStoryOf } from './newsroomSync';
import { useNewsroomConnection } from '../connection';
import { isSignedIn } from '../headerWord';
import { describeEntry, outboxAccountOf } from './outboxEntries';

/** The outcomes kept on a story (refusals, values not accepted), oldest first. */
export function useSyncOutcomes(storyId: string): SyncOutcomeRow[] | undefined {
  return useLive(() => db.syncOutcomes.where('storyId').equals(storyId).sortBy('at'), [storyId]);
}

/** Changes to a story made here under one other account, waiting for it to sign in again. */
export interface WaitingChanges {
  /** That account's login ('' for changes kept from before the outbox named accounts). */
  login: string;
  /** Each change, as the story view names it, oldest first. */
  lines: string[];
}

/**
 * The changes to a story that wait in the outbox for an account other than `account` (the one
 * signed in now, '' when nobody is), live, one entry per account: they are never sent under
 * another account, so the person who sees the story must be told they exist.
 */
export function useWaitingChanges(storyId: string, account: string): WaitingChanges[] | undefined {
  return useLive(async () => {
    const rows = await db.outbox.where('storyId').equals(storyId).sortBy('seq');
    const byAccount = new Map<string, WaitingChanges>();
    for (const row of rows) {
      if (row.account === account) continue;
      const waiting = byAccount.get(row.account) ?? { login: row.login, lines: [] };
      waiting.lines.push(...describeEntry(row.entry));
      byAccount.set(row.account, waiting);
    }
    return [...byAccount.values()];
  }, [storyId, account]);
}

/**
 * Whether a change of this story waits in the outbox for the account signed in now, live (its
 * save status is not `Synced` until the server has it); undefined while first read.
 */
export function useHasUnsentChanges(storyId: string): boolean | undefined {
  const account = outboxAccountOf(useNewsroomConnection().status)?.key ?? '';
  return useLive(
    async () =>
      (await db.outbox
        .where('storyId')
        .equals(storyId)
        .filter((row) => row.account === account)
        .count()) > 0,
    [storyId, account],
  );
}

/** Whose newsroom story this is, as the server last said, and whether it is the account's here. */
export interface StoryOwner {
  ownerName: string;
  isMine: boolean;
}

/**
 * The owner of a story the newsroom has, live, for the account signed in now; null while nobody is
 * signed in or for a story the newsroom has not had (made here, so the person here owns it);
 * undefined while first read.
 */
export function useStoryOwner(storyId: string): StoryOwner | null | undefined {
  const { status } = useNewsroomConnection();
  const login = isSignedIn(status) ? (status?.login ?? null) : null;
  return useLive(async () => {
    if (login === null) return null;
    const copy = await db.newsroomCopies.get(storyId);
    return copy === undefined ? null : { ownerName: copy.ownerName, isMine: copy.owner === login };
  }, [storyId, login]);
}

/** Removes an outcome the person has read. */
export async function dismissOutcome(id: string): Promise<void> {
  await db.syncOutcomes.delete(id);
}

/** Stories on this workstation the newsroom has never had (made before signing in). */
async function readLocalOnlyIds(): Promise<string[]> {
  const [ids, known, waiting] = await Promise.all([
    db.stories.toCollection().primaryKeys(),
    db.newsroomCopies.toCollection().primaryKeys(),
    db.outbox.toArray(),
  ]);
  const skip = new Set([...known, ...waiting.map((row) => row.storyId)]);
  return ids.filter((id) => !skip.has(id));
}

/**
 * How many stories of this workstation the newsroom has never had, live, without reading every
 * story's id: the stories counted (`storyCounts`) less the newsroom's copies, each of a story
 * here (written, moved aside and removed with its story), less the stories with no copy whose
 * changes wait in the outbox. A save of a story's text changes none of these reads.
 */
export async function countLocalOnly(): Promise<number> {
  const [total, copies, waiting] = await Promise.all([
    countAllStories(),
    db.newsroomCopies.count(),
    db.outbox.orderBy('storyId').uniqueKeys(),
  ]);
  const waitingIds = waiting.map(String);
  const [copied, present] = await Promise.all([
    db.newsroomCopies.where(':id').anyOf(waitingIds).primaryKeys(),
    db.stories.where(':id').anyOf(waitingIds).primaryKeys(),
  ]);
  const isCopied = new Set(copied);
  return total - copies - present.filter((id) => !isCopied.has(id)).length;
}

/** How many stories of this workstation the newsroom has never had, live. */
export function useLocalOnlyCount(isSignedIn: boolean): number | undefined {
  return useLive(async () => (isSignedIn ? countLocalOnly() : 0), [isSignedIn]);
}

/** What an upload came to: how many went up, and a line for each refused story. */
export interface UploadReport {
  uploaded: number;
  refused: string[];
  /** Set when the upload stopped (offline, an error); what was sent stays sent. */
  stopped: string | null;
}

const BATCH_STORIES = 20;

/**
 * Uploads every story the newsroom has never had, with body, trail, notes and versions, in
 * batches under the server's size limit. Idempotent by story id (a retry duplicates nothing);
 * refused stories stay here, each with the server's reason.
 */
export async function uploadLocalStories(): Promise<UploadReport> {
  const ids = await readLocalOnlyIds();
  const report: UploadReport = { uploaded: 0, refused: [], stopped: null };
  let batch: NonNullable<Awaited<ReturnType<typeof uploadedStoryOf>>>[] = [];
  let batchBytes = 0;
  async function sendBatch(): Promise<boolean> {
    if (batch.length === 0) return true;
    const answer = await newsroomCall('stories:upload', { stories: batch });
    batch = [];
    batchBytes = 0;
    if (!answer.ok) {
      report.stopped = answer.error.message;
      return false;
    }
    for (const result of answer.value.results) {
      if (result.outcome === 'refused') report.refused.push(result.message);
      else report.uploaded += 1;
    }
    return true;
  }
  for (const id of ids) {
    const uploaded = await uploadedStoryOf(id);
    if (uploaded === null) continue;
    const bytes = JSON.stringify(uploaded).length;
    if (batch.length >= BATCH_STORIES || batchBytes + bytes > MAX_UPLOAD_BYTES / 2)
      if (!(await sendBatch())) return report;
    batch.push(uploaded);
    batchBytes += bytes;
  }
  if (!(await sendBatch())) return report;
  await flushOutbox();
  await pullChanges();
  return report;
}
