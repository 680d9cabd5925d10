import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDurabilityTracker, snapshotOfState, unionOfSnapshots } from './durability';

const NAME = 'story';

/** A document whose every update the tracker records, as persistence wires it. */
function trackedDoc(tracker: ReturnType<typeof createDurabilityTracker>, isRelayed = false) {
  const doc = new Y.Doc();
  tracker.loaded(NAME, snapshotOfState(null), 0);
  doc.on('update', (update: Uint8Array) => tracker.applied(NAME, update, isRelayed));
  return doc;
}

describe('the durability tracker', () => {
  it('keeps updates pending until a store made here covers them, and counts the size', () => {
    const tracker = createDurabilityTracker();
    const doc = trackedDoc(tracker);
    doc.getText('t').insert(0, 'Lanterns');
    const mark = tracker.mark(NAME, doc);
    doc.getText('t').insert(8, ' glow');
    const pendingBefore = tracker.hasPending(NAME);
    tracker.storedHere(NAME, mark, 100);
    const afterFirst = { pending: tracker.hasPending(NAME), size: tracker.sizeEstimate(NAME) };
    tracker.storedHere(NAME, tracker.mark(NAME, doc), 120);
    expect({
      pendingBefore,
      afterFirst: { pending: afterFirst.pending, sizeAboveStored: afterFirst.size > 100 },
      afterSecond: { pending: tracker.hasPending(NAME), size: tracker.sizeEstimate(NAME) },
    }).toEqual({
      pendingBefore: true,
      afterFirst: { pending: true, sizeAboveStored: true },
      afterSecond: { pending: false, size: 120 },
    });
  });

  it('settles updates another process stored, deletions included, and only those', () => {
    const tracker = createDurabilityTracker();
    const doc = trackedDoc(tracker);
    doc.getText('t').insert(0, 'Lanterns glow');
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
    tracker.storedElsewhere(NAME, Y.snapshot(elsewhere));
    const afterInsert = tracker.hasPending(NAME);
    doc.getText('t').delete(0, 9);
    tracker.storedElsewhere(NAME, Y.snapshot(elsewhere));
    const deletionCoveredByOldSnapshot = !tracker.hasPending(NAME);
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
    tracker.storedElsewhere(NAME, Y.snapshot(elsewhere));
    expect({
      afterInsert,
      deletionCoveredByOldSnapshot,
      afterDeletionStored: tracker.hasPending(NAME),
    }).toEqual({
      afterInsert: false,
      deletionCoveredByOldSnapshot: false,
      afterDeletionStored: false,
    });
  });

  it('gives relayed updates their own grace before they are overdue', () => {
    let now = 1000;
    const tracker = createDurabilityTracker(() => now);
    const doc = trackedDoc(tracker, true);
    doc.getText('t').insert(0, 'From another process');
    now += 5000;
    const early = tracker.overdue(0, 10_000);
    now += 6000;
    expect({ early, late: tracker.overdue(0, 10_000) }).toEqual({ early: [], late: [NAME] });
  });

  it('wakes a waiter when its update is stored, and answers false when the document leaves first', async () => {
    const tracker = createDurabilityTracker();
    const doc = trackedDoc(tracker);
    doc.getText('t').insert(0, 'a');
    const first = tracker.latestSeq(NAME);
    const stored = tracker.whenDurable(NAME, first);
    tracker.storedHere(NAME, tracker.mark(NAME, doc), 10);
    doc.getText('t').insert(1, 'b');
    const lost = tracker.whenDurable(NAME, tracker.latestSeq(NAME));
    tracker.unloaded(NAME);
    expect(await Promise.all([stored, lost])).toEqual([true, false]);
  });

  it('unites snapshots: the highest clock per client and both delete sets', () => {
    const one = new Y.Doc();
    one.getText('t').insert(0, 'abcdef');
    const early = Y.snapshot(one);
    one.getText('t').delete(1, 2);
    const two = new Y.Doc();
    two.getText('t').insert(0, 'xyz');
    const union = unionOfSnapshots(Y.snapshot(one), Y.snapshot(two));
    const both = new Y.Doc();
    Y.applyUpdate(both, Y.encodeStateAsUpdate(one));
    Y.applyUpdate(both, Y.encodeStateAsUpdate(two));
    expect({
      coversBoth: Y.snapshotContainsUpdate(union, Y.encodeStateAsUpdate(both)),
      earlyCoversDeletion: Y.snapshotContainsUpdate(early, Y.encodeStateAsUpdate(one)),
    }).toEqual({ coversBoth: true, earlyCoversDeletion: false });
  });
});
