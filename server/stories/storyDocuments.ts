import * as Y from 'yjs';
import { advanceCounter } from '../store/counters';
import type { StoreServiceOptions } from '../store/store';
import { bodyOfState, docOfState, wordCountOf } from './storyBody';

/**
 * Story bodies in the store, beside their stories: the Yjs state of the whole document. Storing a
 * body is a story change (its word count and `updatedAt` move, workstations hear of it).
 */
export interface BodyStore {
  /** The stored state, or null when nobody has written the body yet. */
  load(storyId: string): Promise<Uint8Array | null>;
  /** Replaces the stored state with a document's whole state (a superset of what was stored). */
  save(storyId: string, state: Uint8Array): Promise<void>;
  /** Merges an update into the stored state, in one transaction (nothing another writer stored is lost). */
  merge(storyId: string, update: Uint8Array): Promise<void>;
}

/** Opens the body store. `onCommitted` rings the change watcher after each write. */
export function createBodyStore(options: StoreServiceOptions): BodyStore {
  const { db } = options.store;
  const now = options.now ?? Date.now;

  async function write(
    storyId: string,
    next: (stored: Uint8Array | null) => Uint8Array,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      // First, so that writers of bodies and stories take turns (see advanceCounter).
      const seq = await advanceCounter(trx, 'stories');
      const row = await trx
        .selectFrom('story_bodies')
        .select('state')
        .where('story_id', '=', storyId)
        .executeTakeFirst();
      const state = next(row === undefined ? null : new Uint8Array(row.state));
      const at = now();
      await trx
        .insertInto('story_bodies')
        .values({ story_id: storyId, state: Buffer.from(state), updated_at: at })
        .onConflict((conflict) =>
          conflict.column('story_id').doUpdateSet({ state: Buffer.from(state), updated_at: at }),
        )
        .execute();
      const updated = await trx
        .updateTable('stories')
        .set({ word_count: wordCountOf(bodyOfState(state)), updated_at: at, change_seq: seq })
        .where('id', '=', storyId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        throw new Error(`There is no story ${storyId} to hold this body.`);
    });
    options.onCommitted?.();
  }

  return {
    async load(storyId) {
      const row = await db
        .selectFrom('story_bodies')
        .select('state')
        .where('story_id', '=', storyId)
        .executeTakeFirst();
      return row === undefined ? null : new Uint8Array(row.state);
    },
    save: (storyId, state) => write(storyId, () => state),
    merge: (storyId, update) =>
      write(storyId, (stored) => (stored === null ? update : Y.mergeUpdates([stored, update]))),
  };
}

/**
 * The server's way into story documents: the seam between the API and collab. Hocuspocus grants
 * rights per document, so changes some roles may make without the right to write the text (the
 * photo desk's figures) and bodies uploaded from workstations are applied by the server itself.
 * collab implements this over its live documents (a direct connection), so connected editors see
 * each change at once and its next store includes it; `createStoredDocuments` works on the stored
 * state and serves where no collaboration layer runs (tests, the command line).
 */
export interface StoryDocuments {
  /** The body as the server has it now (the live document when one is open). */
  readState(storyId: string): Promise<Uint8Array | null>;
  /** Runs `apply` on the story's document as one Yjs transaction and makes the result durable. */
  change<T>(storyId: string, apply: (doc: Y.Doc) => T): Promise<T>;
  /** Merges a Yjs update (a body uploaded from a workstation) into the story's document. */
  merge(storyId: string, update: Uint8Array): Promise<void>;
}

/** Story documents straight on the store: load, change, save. */
export function createStoredDocuments(bodies: BodyStore): StoryDocuments {
  // One change at a time per story in this process: a load-change-save must not interleave.
  const queues = new Map<string, Promise<unknown>>();
  function serially<T>(storyId: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(storyId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    queues.set(storyId, settled);
    void settled.then(() => {
      if (queues.get(storyId) === settled) queues.delete(storyId);
    });
    return next;
  }
  return {
    readState: (storyId) => bodies.load(storyId),
    change: (storyId, apply) =>
      serially(storyId, async () => {
        const doc = docOfState(await bodies.load(storyId));
        // Only the update made here is merged, so whatever another process stored meanwhile stays
        // (a deletion moves no state vector: the update event is what says something changed).
        const updates: Uint8Array[] = [];
        doc.on('update', (update: Uint8Array) => updates.push(update));
        const result = apply(doc);
        doc.destroy();
        if (updates.length > 0) await bodies.merge(storyId, Y.mergeUpdates(updates));
        return result;
      }),
    merge: (storyId, update) => serially(storyId, () => bodies.merge(storyId, update)),
  };
}
