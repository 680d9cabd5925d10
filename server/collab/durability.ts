import * as Y from 'yjs';

/** One update a document received that no store is known to cover yet. */
interface PendingUpdate {
  seq: number;
  update: Uint8Array;
  at: number;
  /** Whether another server process applied it first (that process is expected to store it). */
  isRelayed: boolean;
}

interface Tracked {
  /** Everything known durable: the union of the state loaded and every store seen since. */
  stored: Y.Snapshot;
  pending: PendingUpdate[];
  seq: number;
  /** The encoded size at the last load or store, plus the bytes of every update since. */
  sizeEstimate: number;
  waiters: Set<() => void>;
}

/** What a store captures, synchronously, at the moment it encodes the document. */
export interface StoreMark {
  snapshot: Y.Snapshot;
  seq: number;
}

/** The union of two snapshots: the highest clock of each client and both delete sets. */
export function unionOfSnapshots(first: Y.Snapshot, second: Y.Snapshot): Y.Snapshot {
  const sv = new Map(first.sv);
  for (const [client, clock] of second.sv) sv.set(client, Math.max(clock, sv.get(client) ?? 0));
  return Y.createSnapshot(Y.mergeDeleteSets([first.ds, second.ds]), sv);
}

/** The snapshot of a stored state (null: nothing stored yet). */
export function snapshotOfState(state: Uint8Array | null): Y.Snapshot {
  const doc = new Y.Doc();
  if (state !== null) Y.applyUpdate(doc, state);
  const snapshot = Y.snapshot(doc);
  doc.destroy();
  return snapshot;
}

/** What of each live document of this process is durable (see createDurabilityTracker). */
export interface DurabilityTracker {
  /** Starts tracking a document loaded from a stored state of `bytes` bytes. */
  loaded(name: string, stored: Y.Snapshot, bytes: number): void;
  /** The document left memory. */
  unloaded(name: string): void;
  /** Records an update the document applied; answers its number (0: not tracked). */
  applied(name: string, update: Uint8Array, isRelayed: boolean): number;
  /** The number of the latest update the document applied (0: none, or not tracked). */
  latestSeq(name: string): number;
  /** Taken by a store at the instant it encodes the document. */
  mark(name: string, doc: Y.Doc): StoreMark;
  /** A store made here committed: everything up to its mark is durable. Answers the union. */
  storedHere(name: string, mark: StoreMark, bytes: number): Y.Snapshot | null;
  /** Another process stored this snapshot. Answers the union, or null for a document not here. */
  storedElsewhere(name: string, snapshot: Y.Snapshot): Y.Snapshot | null;
  /** What is known durable of a document (null: not in memory here). */
  storedSnapshot(name: string): Y.Snapshot | null;
  /** The document's size as far as it is known (a little over, never under). */
  sizeEstimate(name: string): number;
  /** Whether any update of the document is not known durable. */
  hasPending(name: string): boolean;
  /**
   * Documents with an update pending longer than its grace: `ownGraceMs` for updates applied here
   * first (a store of them was scheduled and should have run), `relayedGraceMs` for those another
   * process applied first (it should have stored them and said so).
   */
  overdue(ownGraceMs: number, relayedGraceMs: number): string[];
  /** Resolves true once update `seq` is durable, false if the document left memory before. */
  whenDurable(name: string, seq: number): Promise<boolean>;
}

/**
 * Tracks what of each live document is durable in the store, per server process. Every update a
 * document receives (from a client, from the API, or relayed from another process through Redis)
 * stays pending until a store is known to cover it: a store made here (everything applied before
 * it encoded the document), or a `stored` notice from another process whose snapshot contains it.
 * The store sweeper stores again what stays pending, so neither a failed store nor one skipped
 * because another process held the Redis lock leaves an update undurable.
 */
export function createDurabilityTracker(now: () => number = Date.now): DurabilityTracker {
  const documents = new Map<string, Tracked>();

  function settle(tracked: Tracked, isCovered: (entry: PendingUpdate) => boolean): void {
    const before = tracked.pending.length;
    tracked.pending = tracked.pending.filter((entry) => !isCovered(entry));
    if (tracked.pending.length === before) return;
    for (const wake of [...tracked.waiters]) wake();
  }

  return {
    loaded(name, stored, bytes) {
      documents.set(name, { stored, pending: [], seq: 0, sizeEstimate: bytes, waiters: new Set() });
    },
    unloaded(name) {
      const tracked = documents.get(name);
      documents.delete(name);
      for (const wake of [...(tracked?.waiters ?? [])]) wake();
    },
    applied(name, update, isRelayed) {
      const tracked = documents.get(name);
      if (tracked === undefined) return 0;
      tracked.seq += 1;
      tracked.sizeEstimate += update.byteLength;
      tracked.pending.push({ seq: tracked.seq, update, at: now(), isRelayed });
      return tracked.seq;
    },
    latestSeq: (name) => documents.get(name)?.seq ?? 0,
    mark(name, doc) {
      return { snapshot: Y.snapshot(doc), seq: documents.get(name)?.seq ?? 0 };
    },
    storedHere(name, mark, bytes) {
      const tracked = documents.get(name);
      if (tracked === undefined) return null;
      tracked.stored = unionOfSnapshots(tracked.stored, mark.snapshot);
      tracked.sizeEstimate =
        bytes +
        tracked.pending
          .filter((entry) => entry.seq > mark.seq)
          .reduce((sum, entry) => sum + entry.update.byteLength, 0);
      settle(tracked, (entry) => entry.seq <= mark.seq);
      return tracked.stored;
    },
    storedElsewhere(name, snapshot) {
      const tracked = documents.get(name);
      if (tracked === undefined) return null;
      const union = unionOfSnapshots(tracked.stored, snapshot);
      tracked.stored = union;
      settle(tracked, (entry) => Y.snapshotContainsUpdate(union, entry.update));
      return union;
    },
    storedSnapshot: (name) => documents.get(name)?.stored ?? null,
    sizeEstimate: (name) => documents.get(name)?.sizeEstimate ?? 0,
    hasPending: (name) => (documents.get(name)?.pending.length ?? 0) > 0,
    overdue(ownGraceMs, relayedGraceMs) {
      const at = now();
      return [...documents]
        .filter(([, tracked]) =>
          tracked.pending.some(
            (entry) => at - entry.at > (entry.isRelayed ? relayedGraceMs : ownGraceMs),
          ),
        )
        .map(([name]) => name);
    },
    async whenDurable(name, seq) {
      const tracked = documents.get(name);
      if (tracked === undefined) return false;
      const isPending = () => tracked.pending.some((entry) => entry.seq === seq);
      if (!isPending()) return true;
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          const isGone = documents.get(name) !== tracked;
          if (isPending() && !isGone) return;
          tracked.waiters.delete(wake);
          resolve(!isPending());
        };
        tracked.waiters.add(wake);
      });
    },
  };
}
