/**
 * Records when each read-write IndexedDB transaction on the story-body updates store is created and
 * when it commits. It wraps IDBDatabase.prototype.transaction before Dexie opens the database (this
 * module is imported first), so the keystroke-to-durable figure is read off the real commits of the
 * real saver, not inferred from the UI.
 */

/** A read-write transaction that wrote story-body updates. */
export interface CommitRecord {
  createdAt: number;
  committedAt: number | null;
}

import { BODY_UPDATES_STORE } from '../../renderer/db/bodyUpdates';

const records: CommitRecord[] = [];

/** The transactions seen so far, oldest first. */
export function commitRecords(): readonly CommitRecord[] {
  return records;
}

function touchesBodyUpdates(storeNames: string | readonly string[]): boolean {
  return typeof storeNames === 'string'
    ? storeNames === BODY_UPDATES_STORE
    : storeNames.includes(BODY_UPDATES_STORE);
}

const originalTransaction = IDBDatabase.prototype.transaction;

function recordingTransaction(
  this: IDBDatabase,
  storeNames: string | string[],
  mode?: IDBTransactionMode,
  options?: IDBTransactionOptions,
): IDBTransaction {
  const transaction = originalTransaction.call(this, storeNames, mode, options);
  if (mode === 'readwrite' && touchesBodyUpdates(storeNames)) {
    const record: CommitRecord = { createdAt: performance.now(), committedAt: null };
    records.push(record);
    transaction.addEventListener('complete', () => {
      record.committedAt = performance.now();
    });
  }
  return transaction;
}

IDBDatabase.prototype.transaction = recordingTransaction;
