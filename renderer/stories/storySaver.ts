import * as Y from 'yjs';
import type { StoryFields } from '../../shared/story/story';
import { errorMessage } from '../app/errorMessage';
import type { WorkstationDb } from '../db/db';
import { isReceivedOrigin } from '../collab/receivedOrigins';
import {
  isDatabaseOpen,
  reopenDatabase,
  writeReceivedBody,
  writeStoryEdit,
} from './repository/stories';
import { STORED_ORIGIN } from './storyBody';

/** What the save state shows: every edit durable, a write in progress, or storage refusing. */
export type SaveStatus =
  | { kind: 'saved'; savedAt: number | null }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string; retryInMs: number };

/** Derived values kept on the story row for lists and search. */
export interface StoryDerived {
  wordCount: number;
}

/** Writes one story's edits (body updates and field changes) and reports when they are durable. */
export interface StorySaver {
  /** Queues a change of fields. */
  saveFields(patch: Partial<StoryFields>): void;
  /** Queues new derived values (the word count after an edit). */
  setDerived(derived: StoryDerived): void;
  /** Resolves once everything queued so far is committed (or rejects after the attempt fails). */
  flush(): Promise<void>;
  /** Stops listening to the document; queued edits are still written. */
  dispose(): void;
  status(): SaveStatus;
  subscribe(listener: () => void): () => void;
  /** Whether there are edits not yet durable (to warn before closing the window). */
  hasUnsavedEdits(): boolean;
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** A sentence for a storage failure, saying what happened and that nothing is lost yet. */
export function describeStorageError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const inner = error instanceof Error && 'inner' in error ? error.inner : null;
  const innerName = inner instanceof Error ? inner.name : '';
  if (name === 'QuotaExceededError' || innerName === 'QuotaExceededError') {
    return 'Could not save: this computer’s storage is full. Your text is kept in this window and will be saved as soon as space is freed; do not close the window.';
  }
  if (name === 'DatabaseClosedError' || innerName === 'DatabaseClosedError') {
    return 'Could not save: the story database was closed. Your text is kept in this window and saving is being retried; do not close the window.';
  }
  return `Could not save: ${errorMessage(error)}. Your text is kept in this window and saving is being retried; do not close the window.`;
}

/** How often body-only edits may rewrite the story row (its updatedAt). */
const ROW_TOUCH_INTERVAL_MS = 1000;

/** How long a body edit waits for a painted frame before it is written anyway (a hidden window). */
const PAINT_WAIT_MS = 100;

/**
 * Calls back in a task after the next frame is painted, or after PAINT_WAIT_MS where no frame
 * comes (a hidden window paints none).
 */
function afterNextPaint(callback: () => void): void {
  let isDone = false;
  function run(): void {
    if (isDone) return;
    isDone = true;
    clearTimeout(fallback);
    callback();
  }
  const fallback = setTimeout(run, PAINT_WAIT_MS);
  requestAnimationFrame(() => setTimeout(run, 0));
}

/**
 * Creates the saver of one story. Every local Y.Doc update is queued the moment it happens and
 * written, together with any field changes, in one IndexedDB transaction; the status turns `saved`
 * only when the transaction holding the last edit has committed. A typed body edit's write starts
 * once the frame showing it is painted, so the keystroke's frame does not wait for the transaction
 * (nor for what its commit sets off: Dexie's storage event, every live query's bookkeeping, the
 * broadcast to other windows), and edits of one frame share a transaction. While a write is in
 * flight, new edits gather and go in the next transaction, so a person typing never waits and an
 * edit is durable within a frame and one write (milliseconds), far inside a second. A failed write
 * keeps its edits queued (the document itself stays in memory) and is retried with growing delays
 * until storage accepts it.
 */
export function createStorySaver(options: {
  storyId: string;
  doc: Y.Doc;
  now: () => number;
  /** The word count the row holds now, so opening a story writes nothing. */
  wordCount: number;
  /** Told the key of each body update row this saver stored, once it has committed. */
  onBodyStored?: (key: number) => void;
  database?: WorkstationDb;
}): StorySaver {
  const { storyId, doc, now, onBodyStored } = options;
  const { database } = options;
  const listeners = new Set<() => void>();

  let pendingUpdates: Uint8Array[] = [];
  // Updates the newsroom sent: stored like local ones, but unflagged and apart from the sync hook.
  let receivedUpdates: Uint8Array[] = [];
  let pendingFields: Partial<StoryFields> = {};
  let derived: StoryDerived = { wordCount: options.wordCount };
  let hasPendingDerived = false;
  let current: SaveStatus = { kind: 'saved', savedAt: null };
  let writing: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  // Body-only edits touch the row's updatedAt at most once a second: every row write wakes each
  // live query on the stories table, and re-rendering the story view per keystroke costs more than
  // the keystroke. A trailing touch makes the last edit's time land within a second too.
  let lastRowWriteAt = Number.NEGATIVE_INFINITY;
  let needsRowTouch = false;
  let rowTouchTimer: ReturnType<typeof setTimeout> | null = null;
  let isWriteQueued = false;

  function setStatus(next: SaveStatus): void {
    current = next;
    for (const listener of listeners) listener();
  }

  function hasPendingEdits(): boolean {
    return (
      pendingUpdates.length > 0 ||
      receivedUpdates.length > 0 ||
      Object.keys(pendingFields).length > 0 ||
      hasPendingDerived
    );
  }

  function hasPending(): boolean {
    return hasPendingEdits() || needsRowTouch;
  }

  function scheduleRowTouch(): void {
    if (rowTouchTimer !== null) return;
    rowTouchTimer = setTimeout(() => {
      rowTouchTimer = null;
      needsRowTouch = true;
      kick();
    }, ROW_TOUCH_INTERVAL_MS);
  }

  function merged(updates: Uint8Array[]): Uint8Array | null {
    if (updates.length <= 1) return updates[0] ?? null;
    return Y.mergeUpdatesV2(updates);
  }

  async function writeReceived(): Promise<void> {
    const received = receivedUpdates;
    receivedUpdates = [];
    const update = merged(received);
    if (update === null) return;
    let key: number;
    try {
      key = await writeReceivedBody(storyId, update, database);
    } catch (error) {
      receivedUpdates = [...received, ...receivedUpdates];
      throw error;
    }
    onBodyStored?.(key);
  }

  async function writeBatch(): Promise<void> {
    await writeReceived();
    if (!hasPendingEdits() && !needsRowTouch) return;
    const updates = pendingUpdates;
    const fields = pendingFields;
    const batchDerived = hasPendingDerived ? derived : null;
    const isRowTouch = needsRowTouch;
    needsRowTouch = false;
    pendingUpdates = [];
    pendingFields = {};
    hasPendingDerived = false;
    const time = now();
    const touchesRow = isRowTouch || time - lastRowWriteAt >= ROW_TOUCH_INTERVAL_MS;
    const isRowWritten = touchesRow || batchDerived !== null || Object.keys(fields).length > 0;
    let bodyKey: number | null;
    try {
      bodyKey = await writeStoryEdit(
        {
          storyId,
          body: merged(updates),
          fields,
          wordCount: batchDerived === null ? null : batchDerived.wordCount,
          touchesRow,
          now: time,
        },
        database,
      );
    } catch (error) {
      needsRowTouch = needsRowTouch || isRowTouch;
      pendingUpdates = [...updates, ...pendingUpdates];
      pendingFields = { ...fields, ...pendingFields };
      hasPendingDerived = hasPendingDerived || batchDerived !== null;
      throw error;
    }
    if (bodyKey !== null) onBodyStored?.(bodyKey);
    if (isRowWritten) lastRowWriteAt = time;
    else scheduleRowTouch();
  }

  function settle(error: unknown): void {
    const settled = waiters;
    waiters = [];
    for (const waiter of settled) {
      if (error === null) waiter.resolve();
      else waiter.reject(error);
    }
  }

  function scheduleRetry(error: unknown): void {
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)] ?? 8000;
    failures += 1;
    setStatus({ kind: 'failed', message: describeStorageError(error), retryInMs: delay });
    settle(error);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!isDatabaseOpen(database)) {
        reopenDatabase(database).then(kick, scheduleRetry);
        return;
      }
      kick();
    }, delay);
  }

  function kick(): void {
    if (writing !== null || retryTimer !== null) return;
    if (!hasPending()) {
      if (current.kind !== 'saved') setStatus({ kind: 'saved', savedAt: now() });
      settle(null);
      return;
    }
    if (current.kind === 'saved') setStatus({ kind: 'saving' });
    writing = writeBatch().then(
      () => {
        writing = null;
        failures = 0;
        if (!hasPending()) {
          setStatus({ kind: 'saved', savedAt: now() });
          settle(null);
        } else {
          kick();
        }
      },
      (error: unknown) => {
        writing = null;
        scheduleRetry(error);
      },
    );
  }

  /** Writes the body edits queued so far once the frame showing them is painted. */
  function kickAfterPaint(): void {
    if (current.kind === 'saved') setStatus({ kind: 'saving' });
    if (isWriteQueued) return;
    isWriteQueued = true;
    afterNextPaint(() => {
      isWriteQueued = false;
      kick();
    });
  }

  function handleUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === STORED_ORIGIN) return;
    // What the newsroom sent is written at once: a hidden window paints no frame to wait for.
    if (isReceivedOrigin(origin)) {
      receivedUpdates.push(update);
      kick();
      return;
    }
    pendingUpdates.push(update);
    kickAfterPaint();
  }

  doc.on('updateV2', handleUpdate);

  return {
    saveFields(patch) {
      pendingFields = { ...pendingFields, ...patch };
      kick();
    },
    setDerived(next) {
      if (derived.wordCount === next.wordCount) return;
      derived = next;
      hasPendingDerived = true;
      kick();
    },
    flush() {
      if (!hasPending() && writing === null) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        kick();
      });
    },
    dispose() {
      doc.off('updateV2', handleUpdate);
      if (rowTouchTimer !== null) {
        clearTimeout(rowTouchTimer);
        rowTouchTimer = null;
        needsRowTouch = true;
        kick();
      }
    },
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hasUnsavedEdits: () => hasPendingEdits() || writing !== null,
  };
}
