import type { Document, Extension, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { storedMessage } from '../../shared/api/collab';
import type { Stories } from '../stories/stories';
import type { BodyStore } from '../stories/storyDocuments';
import { snapshotOfState, type DurabilityTracker } from './durability';
import type { StoredNotices } from './storedNotices';

/** Attempts of one store before it is left to the sweeper, and the pause after each failure. */
const STORE_ATTEMPT_DELAYS_MS = [200, 1000] as const;
/** The sweeper's longest wait before storing again a document whose stores keep failing. */
const MAX_BACKOFF_MS = 30_000;

/** How the persistence extension is wired. */
export interface PersistenceOptions {
  bodies: BodyStore;
  stories: Stories;
  tracker: DurabilityTracker;
  notices: StoredNotices;
  log: (line: string) => void;
  /** How long another process gets to store an update it relayed here before this one does. */
  relayedGraceMs: number;
  now?: () => number;
}

/** The persistence extension, and the sweeper that stores again what stays undurable. */
export interface Persistence {
  extension: Extension;
  /** Stores every document with an update no store covers and no store under way. */
  sweep(options?: { isShuttingDown?: boolean }): void;
  /** Another process stored a document: tell this process's connections and bookkeeping. */
  storedElsewhere(name: string, snapshot: Y.Snapshot): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRelayedOrigin(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && 'source' in origin
    ? origin.source === 'redis'
    : false;
}

/**
 * Loads and stores story bodies beside their stories (what @hocuspocus/extension-database does in
 * twenty lines, plus what an honest `Synced` needs): a document is loaded only for an existing
 * story; each store MERGES the document's whole state into the stored one in one transaction
 * (so a process that had not yet received another's update never drops it from the store), is
 * retried, and is then told to every connection of the document on every process as a `stored`
 * message carrying the snapshot of what is now durable.
 */
export function createPersistence(options: PersistenceOptions): Persistence {
  const { bodies, tracker, notices } = options;
  const now = options.now ?? Date.now;
  let instance: Hocuspocus | null = null;
  const failures = new Map<string, { count: number; retryAt: number }>();

  function tellConnections(document: Document, snapshot: Y.Snapshot): void {
    document.relayStateless(JSON.stringify(storedMessage(snapshot)));
  }

  async function storeWithRetries(name: string, state: Uint8Array): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await bodies.merge(name, state);
        return;
      } catch (error) {
        const delay = STORE_ATTEMPT_DELAYS_MS[attempt];
        if (delay === undefined) throw error;
        options.log(`Storing the body of ${name} failed (${message(error)}); trying again.`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  const extension: Extension = {
    extensionName: 'newsroom-persistence',
    async onConfigure({ instance: configured }) {
      instance = configured;
    },
    async onLoadDocument({ documentName, document }) {
      // Documents exist only for stories that do: no body is ever created for a name nobody owns.
      if ((await options.stories.access(documentName)) === null)
        throw new Error(`There is no story ${documentName} on this server.`);
      const state = await bodies.load(documentName);
      if (state !== null) Y.applyUpdate(document, state);
      tracker.loaded(documentName, snapshotOfState(state), state?.byteLength ?? 0);
      // Attached here, synchronously after the stored state, so that every later update (from a
      // client, the API, or another process) is tracked until a store covers it.
      document.on('update', (update: Uint8Array, origin: unknown) => {
        tracker.applied(documentName, update, isRelayedOrigin(origin));
      });
    },
    async connected({ documentName, connection }) {
      // A client that opens a story hears at once what of it is durable, so a workstation whose
      // copy the server already holds shows `Synced` without waiting for the next edit.
      const stored = tracker.storedSnapshot(documentName);
      if (stored !== null) connection.sendStateless(JSON.stringify(storedMessage(stored)));
    },
    async onStoreDocument({ documentName, document }) {
      const mark = tracker.mark(documentName, document);
      const state = Y.encodeStateAsUpdate(document);
      try {
        await storeWithRetries(documentName, state);
      } catch (error) {
        const previous = failures.get(documentName)?.count ?? 0;
        failures.set(documentName, {
          count: previous + 1,
          retryAt: now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** previous),
        });
        options.log(
          `Storing the body of ${documentName} failed again (${message(error)}): it stays in memory and is stored later.`,
        );
        throw error;
      }
      failures.delete(documentName);
      const union = tracker.storedHere(documentName, mark, state.byteLength);
      if (union === null) return;
      tellConnections(document, union);
      notices.publish(documentName, union);
    },
    async beforeUnloadDocument({ documentName }) {
      // Hocuspocus unloads a document after a store that another process's lock skipped, or one
      // that failed: what no store covers yet stays in memory until the sweeper has stored it.
      if (tracker.hasPending(documentName))
        throw new Error(`The body of ${documentName} is not stored yet.`);
    },
    async afterUnloadDocument({ documentName, instance: owner }) {
      if (owner.documents.has(documentName)) return;
      tracker.unloaded(documentName);
      failures.delete(documentName);
    },
  };

  function storedElsewhere(name: string, snapshot: Y.Snapshot): void {
    const union = tracker.storedElsewhere(name, snapshot);
    const document = instance?.documents.get(name);
    if (union !== null && document !== undefined) tellConnections(document, union);
  }

  return {
    extension,
    sweep({ isShuttingDown = false } = {}) {
      const hocuspocus = instance;
      if (hocuspocus === null) return;
      // Own updates are due at once when no store of them is scheduled or running (it failed, or
      // the Redis lock skipped it); relayed ones once their process has had time to store them.
      for (const name of tracker.overdue(0, isShuttingDown ? 0 : options.relayedGraceMs)) {
        const document = hocuspocus.documents.get(name);
        if (document === undefined || document.isLoading) continue;
        const key = `onStoreDocument-${name}`;
        if (
          hocuspocus.debouncer.isDebounced(key) ||
          hocuspocus.debouncer.isCurrentlyExecuting(key) ||
          document.saveMutex.isLocked()
        )
          continue;
        const failure = failures.get(name);
        if (failure !== undefined && failure.retryAt > now() && !isShuttingDown) continue;
        void hocuspocus.storeDocumentHooks(
          document,
          {
            instance: hocuspocus,
            clientsCount: document.getConnectionsCount(),
            document,
            documentName: name,
            lastContext: {},
            // Not `local`: the Redis extension holds a local-origin store open for a second.
            lastTransactionOrigin: null,
          },
          true,
        );
      }
      // A document kept in memory only because it was not stored (see beforeUnloadDocument)
      // leaves once a store covers it, here or on another process.
      for (const [name, document] of hocuspocus.documents)
        if (!tracker.hasPending(name) && hocuspocus.shouldUnloadDocument(document))
          void hocuspocus.unloadDocument(document);
    },
    storedElsewhere,
  };
}
