import { z } from 'zod';
import { MAX_STATUS_WAIT_MS, OFFLINE_CODE, type NewsroomStatus } from '../../shared/api/gateway';
import { newsroomChannels } from '../../shared/api/newsroom';
import { MAX_NEWSROOM_WORDS } from '../../shared/style/dictionaryWord';
import type { Result } from '../../shared/result';
import { call } from '../api/client';

/** The newsroom's dictionary as this workstation knows it. */
export interface NewsroomWordsState {
  /** Signed in to a newsroom: added words go to its server and come from it. */
  isSignedIn: boolean;
  /** The newsroom's words as last listed, with the ones added here and not yet sent. */
  words: readonly string[];
}

/** What the workstation keeps per newsroom server, so an offline start still knows the words. */
const keptSchema = z.object({
  words: z.array(z.string()).max(MAX_NEWSROOM_WORDS),
  /** The words cursor of that list; -1 before the first list. */
  cursor: z.number().int(),
  /** Words added while the server could not be reached, sent when it can. */
  pending: z.array(z.string()).max(MAX_NEWSROOM_WORDS),
});
type Kept = z.infer<typeof keptSchema>;

const EMPTY: Kept = { words: [], cursor: -1, pending: [] };
const SIGNED_OUT: NewsroomWordsState = { isSignedIn: false, words: [] };

function storageKey(serverUrl: string): string {
  return `newsroom-words:${serverUrl}`;
}

function readKept(serverUrl: string): Kept {
  try {
    const text = localStorage.getItem(storageKey(serverUrl));
    const parsed = keptSchema.safeParse(text === null ? null : JSON.parse(text));
    return parsed.success ? parsed.data : EMPTY;
  } catch {
    // Unreadable storage costs a re-list, nothing more: the server has the words.
    return EMPTY;
  }
}

function writeKept(serverUrl: string, kept: Kept): void {
  try {
    localStorage.setItem(storageKey(serverUrl), JSON.stringify(kept));
  } catch {
    // A full or refused storage only means the next offline start knows fewer words.
  }
}

/** A newsroom call through main's gateway (which adds the session token). */
async function newsroomCall(channel: 'words:list' | 'words:add', input: unknown) {
  return call('newsroom:call', { channel, input });
}

const listOutput = newsroomChannels['words:list'].output;
const addOutput = newsroomChannels['words:add'].output;

let state: NewsroomWordsState = SIGNED_OUT;
let status: NewsroomStatus | null = null;
let kept: Kept = EMPTY;
let isWatching = false;
let syncing: Promise<void> | null = null;
const listeners = new Set<() => void>();

function publish(): void {
  const words = [...new Set([...kept.words, ...kept.pending])];
  state = { isSignedIn: status !== null && status.state !== 'signedOut', words };
  for (const listener of [...listeners]) listener();
}

function keep(next: Kept): void {
  kept = next;
  if (status !== null && status.serverUrl !== null) writeKept(status.serverUrl, kept);
  publish();
}

/** Sends the words waiting here, then lists the newsroom's words if its cursor moved. */
async function syncNow(): Promise<void> {
  for (const word of [...kept.pending]) {
    const answer = await newsroomCall('words:add', { word });
    if (!answer.ok && answer.error.code === OFFLINE_CODE) return;
    // Sent, or refused for good (the server's rules): either way it waits no longer.
    keep({ ...kept, pending: kept.pending.filter((waiting) => waiting !== word) });
  }
  if (status === null || status.wordsCursor === kept.cursor) return;
  const answer = await newsroomCall('words:list', {});
  if (!answer.ok) return;
  const listed = listOutput.safeParse(answer.value);
  if (listed.success) keep({ ...kept, words: listed.data.words, cursor: listed.data.cursor });
}

function sync(): void {
  if (syncing !== null) return;
  syncing = syncNow().finally(() => {
    syncing = null;
  });
}

function onStatus(next: NewsroomStatus): void {
  const previous = status;
  status = next;
  if (next.state === 'signedOut' || next.serverUrl === null) {
    kept = EMPTY;
    publish();
    return;
  }
  if (previous?.serverUrl !== next.serverUrl) kept = readKept(next.serverUrl);
  publish();
  if (next.state === 'online') sync();
}

/**
 * Follows main's newsroom status with one pending watch (answered as soon as it changes): signed
 * in, the words come from the newsroom's server and a `words` event (a new words cursor) lists
 * them again. Started once, by the first view that checks spelling.
 */
export function watchNewsroomWords(): void {
  if (isWatching) return;
  isWatching = true;
  let failures = 0;
  void (async () => {
    for (;;) {
      const answer = await call(
        'newsroom:status',
        status === null ? {} : { after: status.revision, waitMs: MAX_STATUS_WAIT_MS },
      );
      if (answer.ok) {
        failures = 0;
        onStatus(answer.value);
        continue;
      }
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** failures)));
    }
  })();
}

/**
 * Adds a word to the newsroom's dictionary (signed in only; the word already validated). Offline,
 * it is kept here, unflagged at once, and sent when the server answers again. Resolves with why
 * the server refused it, or null.
 */
export async function addNewsroomWord(word: string): Promise<Result<null>> {
  const answer = await newsroomCall('words:add', { word });
  if (answer.ok) {
    const added = addOutput.safeParse(answer.value);
    if (added.success && !kept.words.includes(added.data.word))
      keep({ ...kept, words: [...kept.words, added.data.word] });
    return { ok: true, value: null };
  }
  if (answer.error.code === OFFLINE_CODE || answer.error.code === 'unreachable') {
    if (!kept.pending.includes(word)) keep({ ...kept, pending: [...kept.pending, word] });
    return { ok: true, value: null };
  }
  return answer;
}

/** Subscribes to the newsroom's words (for `useSyncExternalStore`). */
export function subscribeNewsroomWords(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The newsroom's words as known now. */
export function newsroomWords(): NewsroomWordsState {
  return state;
}
