import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { newsroomChannels } from '../../shared/api/newsroom';
import { storyOf } from '../../shared/story/story';
import { call } from '../api/client';
import { readStory, resetBodyKeepingVersion } from './repository/stories';
import { buildVersion } from './repository/versions';

/** The label of the version that keeps edits the server would not take. */
export function strandedLabel(why: string): string {
  return `Your offline edits, not accepted: ${why}`;
}

/** The server's copy of a story body (Yjs v1 state), or null when it cannot be had now. */
async function serverBodyState(storyId: string): Promise<Uint8Array | null> {
  const answer = await call('newsroom:call', { channel: 'story:body', input: { id: storyId } });
  if (!answer.ok) return null;
  const parsed = newsroomChannels['story:body'].output.safeParse(answer.value);
  return parsed.success ? fromBase64(parsed.data.state) : null;
}

/**
 * Edits made here that the server will not take (the connection is read-only: the story moved on,
 * or was taken from this account, while they were made offline) are neither pushed nor dropped:
 * when the document holds anything the server's copy lacks, the body as it is here becomes a
 * version in History ("Your offline edits, not accepted: <why>"), where it can be seen, compared
 * and copied from, and the stored body goes back to the server's state, in one transaction.
 * `flush` runs first, so every queued edit is in that version and none is written after the reset.
 * Resolves true when the body was reset (the caller reloads the document), false when nothing
 * needed keeping or the server could not be asked (the next `rights` message asks again).
 */
export async function keepStrandedEdits(options: {
  storyId: string;
  doc: Y.Doc;
  why: string;
  author: string;
  flush: () => Promise<void>;
  now?: () => number;
}): Promise<boolean> {
  const { storyId, doc } = options;
  const state = await serverBodyState(storyId);
  if (state === null) return false;
  const serverDoc = new Y.Doc();
  Y.applyUpdate(serverDoc, state);
  const isCovered = Y.snapshotContainsUpdate(Y.snapshot(serverDoc), Y.encodeStateAsUpdate(doc));
  serverDoc.destroy();
  if (isCovered) return false;
  await options.flush();
  const row = await readStory(storyId);
  if (row === undefined) return false;
  const version = buildVersion({
    story: storyOf(row),
    bodyState: Y.encodeStateAsUpdate(doc),
    author: options.author,
    reason: 'autosave',
    label: strandedLabel(options.why),
    now: (options.now ?? Date.now)(),
  });
  await resetBodyKeepingVersion({ storyId, state, version });
  return true;
}
