import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool, WorkerFailure, WorkerTimeout } from './workerPool';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** tests/support/workers/testWorker.ts bundled as tools/workerSources.mjs bundles real workers. */
const source =
  buildSync({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'tests/support/workers/testWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]?.text ?? '';

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

function openPool(size = 1): WorkerPool {
  pool = createWorkerPool({
    source,
    size,
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  });
  return pool;
}

/** How a task ended: its answer, or the class and message of its error. */
async function outcome(task: Promise<unknown>): Promise<unknown> {
  try {
    return { value: await task };
  } catch (error) {
    return {
      error:
        error instanceof WorkerTimeout
          ? 'timeout'
          : error instanceof WorkerFailure
            ? 'failure'
            : 'other',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

describe('worker pool', () => {
  it('answers tasks from its workers, more tasks than workers included', async () => {
    const workers = openPool(2);
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((value) => workers.run({ kind: 'echo', value }, 10_000)),
    );
    expect(answers).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('stops a wedged worker at the end of its budget and answers the next task from a new one', async () => {
    const workers = openPool(1);
    const before = await workers.run({ kind: 'threadId' }, 10_000);
    const wedged = outcome(workers.run({ kind: 'wedge' }, 200));
    const queued = workers.run({ kind: 'echo', value: 'after the wedge' }, 10_000);
    expect(await wedged).toEqual({
      error: 'timeout',
      message: 'The task ran out of its time budget (200 ms).',
    });
    expect(await queued).toBe('after the wedge');
    expect(await workers.run({ kind: 'threadId' }, 10_000)).not.toBe(before);
  });

  it('fails a task that throws with its message, and keeps the worker', async () => {
    const workers = openPool(1);
    const before = await workers.run({ kind: 'threadId' }, 10_000);
    expect(await outcome(workers.run({ kind: 'throw', message: 'bad block' }, 10_000))).toEqual({
      error: 'failure',
      message: 'bad block',
    });
    expect(await workers.run({ kind: 'threadId' }, 10_000)).toBe(before);
  });

  it('fails the task of a worker that exits or runs out of memory, and carries on', async () => {
    const workers = openPool(1);
    expect(await outcome(workers.run({ kind: 'exit' }, 10_000))).toEqual({
      error: 'failure',
      message: 'The worker stopped.',
    });
    const exhausted = await outcome(workers.run({ kind: 'exhaustMemory' }, 30_000));
    expect(exhausted).toMatchObject({ error: 'failure' });
    expect(await workers.run({ kind: 'echo', value: 'still here' }, 10_000)).toBe('still here');
  });

  it('fails queued and running tasks when closed, and refuses new ones', async () => {
    const workers = openPool(1);
    const running = outcome(workers.run({ kind: 'wedge' }, 60_000));
    const queued = outcome(workers.run({ kind: 'echo', value: 'never' }, 60_000));
    await workers.close();
    const closed = { error: 'failure', message: 'The worker pool is closed.' };
    expect([
      await running,
      await queued,
      await outcome(workers.run({ kind: 'threadId' }, 1000)),
    ]).toEqual([closed, closed, closed]);
  });
});
