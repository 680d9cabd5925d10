import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The threads that do an import's pixel work: libuv's pool (where sharp runs each call, beside
 * file I/O) and the libvips workers it starts. They run below normal priority, so a window that
 * needs a core during an import (the renderer painting its progress) gets one at once.
 */
const IMPORT_THREAD_NAMES = new Set(['libuv-worker', 'libvips worker']);

const BELOW_NORMAL = os.constants.priority.PRIORITY_BELOW_NORMAL;

/**
 * libvips threads per sharp call: all cores but one, which stays for the user interface (sharp's
 * own default is every core, or one on glibc Linux without jemalloc).
 */
export function importConcurrency(cores = os.availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** The name of a thread of this process, or null once it has ended. */
function threadName(threadId: string): string | null {
  try {
    return readFileSync(`/proc/self/task/${threadId}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Lowers the priority of one thread of this process, by its id. Only on Linux, where a nice value
 * belongs to one thread: elsewhere `setpriority` would lower the whole process, the window's
 * main process included.
 */
function lowerThread(threadId: number): void {
  try {
    if (os.getPriority(threadId) < BELOW_NORMAL) os.setPriority(threadId, BELOW_NORMAL);
  } catch {
    // The thread ended between listing and lowering it: nothing is left to lower.
  }
}

/**
 * On Linux, makes libuv's pool and the libvips workers of this process run below normal priority
 * (threads libvips starts later inherit it from the pool thread that starts them). Cheap enough
 * to call before every import: a few reads of /proc.
 */
export function lowerImportThreads(): void {
  if (process.platform !== 'linux') return;
  for (const threadId of readdirSync('/proc/self/task')) {
    const name = threadName(threadId);
    if (name !== null && IMPORT_THREAD_NAMES.has(name)) lowerThread(Number(threadId));
  }
}

/** Lowers the calling thread (a media worker's) below normal priority, on Linux (see lowerThread). */
export function lowerOwnThread(): void {
  if (process.platform === 'linux') lowerThread(0);
}
