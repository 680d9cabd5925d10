import { useLiveQuery } from 'dexie-react-hooks';
import { MAX_UPLOAD_BYTES } from '../../../shared/api/newsroom';
import { db, type SyncOutcomeRow } from '../../db/db';
import { newsroomCall } from '../client';
import { flushOutbox, pullChanges, uploadedStoryOf } from './newsroomSync';

/** The outcomes kept on a story (refusals, values not accepted), oldest first. */
export function useSyncOutcomes(storyId: string): SyncOutcomeRow[] | undefined {
  return useLiveQuery(
    () => db.syncOutcomes.where('storyId').equals(storyId).sortBy('at'),
    [storyId],
  );
}

/**
 * Whether changes of this story made here wait in the outbox (fields, notes, transitions the
 * server does not have yet), live: the story is not `Synced` until they are sent.
 */
export function useHasUnsentChanges(storyId: string): boolean | undefined {
  return useLiveQuery(
    async () => (await db.outbox.where('storyId').equals(storyId).count()) > 0,
    [storyId],
  );
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

/** How many stories of this workstation the newsroom has never had, live. */
export function useLocalOnlyCount(isSignedIn: boolean): number | undefined {
  return useLiveQuery(
    async () => (isSignedIn ? (await readLocalOnlyIds()).length : 0),
    [isSignedIn],
  );
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
