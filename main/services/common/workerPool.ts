import { parentPort, type ResourceLimits, Worker } from 'node:worker_threads';
import { z } from 'zod';

/**
 * A few worker threads for CPU-bound work that must not hold up the thread serving requests.
 * Each task has a time budget: a worker still busy when it runs out is terminated (V8 stops even
 * a tight loop) and replaced, and the task fails with `WorkerTimeout`. Workers start on demand,
 * hold the process open only while busy, and stop after a while without work.
 */
export interface WorkerPool {
  /** Runs one task (a structured-cloneable message) on a free worker; resolves with its answer. */
  run(task: unknown, budgetMs: number): Promise<unknown>;
  /** Stops every worker; tasks still queued or running fail. */
  close(): Promise<void>;
}

/** How a pool starts its workers. */
export interface WorkerPoolOptions {
  /** The worker's code: one CommonJS script (tools/workerSources.mjs bundles it). */
  source: string;
  size: number;
  /** A worker without work this long is stopped (ms). */
  idleMs?: number;
  /** Heap limits: a task that needs more ends its worker (`WorkerFailure`), not the process. */
  resourceLimits?: ResourceLimits;
}

/** A task that ran out of its time budget; its worker was stopped. */
export class WorkerTimeout extends Error {}

/** A worker that died under a task (out of memory, a crash) or a task that threw. */
export class WorkerFailure extends Error {}

const replySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('done'), id: z.number(), value: z.unknown() }),
  z.object({ kind: z.literal('failed'), id: z.number(), message: z.string() }),
]);
type Reply = z.infer<typeof replySchema>;

const taskSchema = z.object({ id: z.number(), task: z.unknown() });

interface Pending {
  task: unknown;
  budgetMs: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  isReady: boolean;
  running: (Pending & { id: number; timer: NodeJS.Timeout }) | null;
  idleTimer: NodeJS.Timeout | null;
}

/** Starts a pool (no worker runs until the first task). */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const idleMs = options.idleMs ?? 30_000;
  const slots = new Set<Slot>();
  const queue: Pending[] = [];
  let nextId = 1;
  let isClosed = false;

  function retire(slot: Slot, error: Error | null): void {
    if (!slots.delete(slot)) return;
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    if (slot.running !== null) {
      clearTimeout(slot.running.timer);
      slot.running.reject(error ?? new WorkerFailure('The worker stopped.'));
      slot.running = null;
    }
    void slot.worker.terminate();
    dispatch();
  }

  function onReply(slot: Slot, reply: Reply): void {
    if (reply.kind === 'ready') {
      slot.isReady = true;
      dispatch();
      return;
    }
    const running = slot.running;
    if (running === null || running.id !== reply.id) return;
    clearTimeout(running.timer);
    slot.running = null;
    slot.worker.unref();
    if (reply.kind === 'done') running.resolve(reply.value);
    else running.reject(new WorkerFailure(reply.message));
    dispatch();
  }

  function spawn(): Slot {
    const worker = new Worker(options.source, {
      eval: true,
      resourceLimits: options.resourceLimits,
    });
    const slot: Slot = { worker, isReady: false, running: null, idleTimer: null };
    worker.on('message', (message: unknown) => {
      const reply = replySchema.safeParse(message);
      if (reply.success) onReply(slot, reply.data);
    });
    worker.on('error', (error) => retire(slot, new WorkerFailure(error.message)));
    worker.on('exit', () => retire(slot, null));
    slots.add(slot);
    return slot;
  }

  function start(slot: Slot, pending: Pending): void {
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const id = nextId;
    nextId += 1;
    const timer = setTimeout(
      () =>
        retire(
          slot,
          new WorkerTimeout(`The task ran out of its time budget (${pending.budgetMs} ms).`),
        ),
      pending.budgetMs,
    );
    slot.running = { ...pending, id, timer };
    slot.worker.ref();
    slot.worker.postMessage({ id, task: pending.task });
  }

  function dispatch(): void {
    if (isClosed) return;
    for (const slot of slots) {
      if (queue.length === 0) break;
      if (!slot.isReady || slot.running !== null) continue;
      const pending = queue.shift();
      if (pending !== undefined) start(slot, pending);
    }
    let starting = [...slots].filter((slot) => !slot.isReady).length;
    while (queue.length > starting && slots.size < options.size) {
      spawn();
      starting += 1;
    }
    for (const slot of slots) {
      if (slot.isReady && slot.running === null && slot.idleTimer === null) {
        slot.worker.unref();
        slot.idleTimer = setTimeout(() => retire(slot, null), idleMs);
        slot.idleTimer.unref();
      }
    }
  }

  function run(task: unknown, budgetMs: number): Promise<unknown> {
    if (isClosed) return Promise.reject(new WorkerFailure('The worker pool is closed.'));
    return new Promise((resolve, reject) => {
      queue.push({ task, budgetMs, resolve, reject });
      dispatch();
    });
  }

  async function close(): Promise<void> {
    isClosed = true;
    for (const pending of queue.splice(0))
      pending.reject(new WorkerFailure('The worker pool is closed.'));
    await Promise.all(
      [...slots].map(async (slot) => {
        retire(slot, new WorkerFailure('The worker pool is closed.'));
        await slot.worker.terminate();
      }),
    );
  }

  return { run, close };
}

/**
 * The worker's side: answers each task of the pool with `perform`'s result (a thrown error is
 * sent back as its message). Called once at the top of a worker's entry file.
 */
export function serveTasks(perform: (task: unknown) => Promise<unknown>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks runs inside a worker thread.');
  port.on('message', (message: unknown) => {
    const parsed = taskSchema.safeParse(message);
    if (!parsed.success) return;
    const { id, task } = parsed.data;
    perform(task).then(
      (value) => port.postMessage({ kind: 'done', id, value } satisfies Reply),
      (error: unknown) =>
        port.postMessage({
          kind: 'failed',
          id,
          message: error instanceof Error ? error.message : String(error),
        } satisfies Reply),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies Reply);
}
