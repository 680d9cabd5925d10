import { isDeepStrictEqual } from 'node:util';
import type { Hocuspocus } from '@hocuspocus/server';
import { yTextToSlateElement } from '@slate-yjs/core';
import * as Y from 'yjs';
import { bodyText } from '../stories/storyBody';
import type { StoryDocuments } from '../stories/storyDocuments';
import { snapshotOfState, type DurabilityTracker } from './durability';

/** How long an API change waits for its store before it answers that it is not durable. */
const DURABLE_TIMEOUT_MS = 30_000;

/** A change the API asked for that the server refuses to apply to a story document. */
export class DocumentChangeRefused extends Error {}

/** The top-level blocks of a document as plain data, whatever they are. */
function blocksOf(doc: Y.Doc): unknown[] {
  return yTextToSlateElement(bodyText(doc)).children;
}

function isFigure(block: unknown): boolean {
  return typeof block === 'object' && block !== null && 'type' in block && block.type === 'figure';
}

/**
 * Whether a change left everything but figures as it was: the same text blocks, with the same
 * content, in the same order. Figures may be inserted, removed or re-captioned anywhere.
 */
export function changesOnlyFigures(before: Y.Doc, after: Y.Doc): boolean {
  const text = (doc: Y.Doc) => blocksOf(doc).filter((block) => !isFigure(block));
  return isDeepStrictEqual(text(before), text(after));
}

/**
 * The `StoryDocuments` seam over collab's live documents. A change is worked out on a copy of the
 * document first, so a refusal (or an exception) changes nothing; it then reaches the live document
 * through a Hocuspocus direct connection (one transaction: connected editors see it at once and it
 * travels to the other processes through Redis), and the call returns once a store covers it.
 * `change` is what the API does to bodies without the right to write the text (the photo desk's
 * figures), so it refuses any change that reaches beyond figures; `merge` takes whole bodies (a
 * workstation's upload).
 */
export function createLiveDocuments(options: {
  hocuspocus: Hocuspocus;
  tracker: DurabilityTracker;
  /** Where documents are read and changed once collab has stopped (shutdown). */
  fallback: StoryDocuments;
  isClosed: () => boolean;
}): StoryDocuments {
  const { hocuspocus, tracker, fallback } = options;

  async function applyThroughCopy<T>(
    storyId: string,
    work: (copy: Y.Doc, live: Y.Doc) => T,
  ): Promise<T> {
    const connection = await hocuspocus.openDirectConnection(storyId, { source: 'api' });
    let seq = 0;
    let update: Uint8Array | null = null;
    let result: T;
    try {
      const live = connection.document;
      if (live === null) throw new Error(`The document of ${storyId} closed under the change.`);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
      const updates: Uint8Array[] = [];
      copy.on('update', (update: Uint8Array) => updates.push(update));
      try {
        result = work(copy, live);
      } finally {
        copy.destroy();
      }
      if (updates.length > 0) {
        update = Y.mergeUpdates(updates);
        const merged = update;
        await connection.transact((document) => {
          Y.applyUpdate(document, merged);
        });
        // The live document's latest update is this one: the transaction ran synchronously.
        seq = tracker.latestSeq(storyId);
      }
    } finally {
      await connection.disconnect();
    }
    if (seq > 0 && update !== null) await durable(storyId, seq, update);
    return result;
  }

  async function isInStore(storyId: string, update: Uint8Array): Promise<boolean> {
    const state = await fallback.readState(storyId);
    return state !== null && Y.snapshotContainsUpdate(snapshotOfState(state), update);
  }

  async function durable(storyId: string, seq: number, update: Uint8Array): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const isDurable = await Promise.race([
      tracker.whenDurable(storyId, seq),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), DURABLE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    // The last disconnect stores the document and unloads it, and an unloaded document no longer
    // reports: the stored state itself then says whether it holds the change.
    if (!isDurable && !(await isInStore(storyId, update)))
      throw new Error(
        `The change to ${storyId} is applied but not yet stored; it is kept and stored later.`,
      );
  }

  return {
    async readState(storyId) {
      if (options.isClosed()) return fallback.readState(storyId);
      const live = hocuspocus.documents.get(storyId);
      return live === undefined || live.isLoading
        ? fallback.readState(storyId)
        : Y.encodeStateAsUpdate(live);
    },
    async change(storyId, apply) {
      if (options.isClosed()) return fallback.change(storyId, apply);
      return applyThroughCopy(storyId, (copy, live) => {
        const result = apply(copy);
        if (!changesOnlyFigures(live, copy))
          throw new DocumentChangeRefused(
            `A change through the API may touch only the figures of ${storyId}: nothing was applied.`,
          );
        return result;
      });
    },
    async merge(storyId, update) {
      if (options.isClosed()) return fallback.merge(storyId, update);
      await applyThroughCopy(storyId, (copy) => {
        try {
          Y.applyUpdate(copy, update);
        } catch (error) {
          throw new DocumentChangeRefused(
            `The body of ${storyId} is not a Yjs update the server can read: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      });
    },
  };
}
