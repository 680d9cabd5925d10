// A worker for the pool's tests: each task is a way a real worker can behave, good or bad.
import { threadId } from 'node:worker_threads';
import { z } from 'zod';
import { serveTasks } from '../../../main/services/common/workerPool';

const taskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('echo'), value: z.string() }),
  z.object({ kind: z.literal('threadId') }),
  z.object({ kind: z.literal('wedge') }),
  z.object({ kind: z.literal('throw'), message: z.string() }),
  z.object({ kind: z.literal('exit') }),
  z.object({ kind: z.literal('exhaustMemory') }),
]);

const hoard: string[][] = [];

serveTasks(async (message) => {
  const task = taskSchema.parse(message);
  switch (task.kind) {
    case 'echo':
      return task.value;
    case 'threadId':
      return threadId;
    case 'wedge':
      // Never returns: only terminating the thread ends it.
      for (;;) hoard.length = 0;
    case 'throw':
      throw new Error(task.message);
    case 'exit':
      return process.exit(3);
    case 'exhaustMemory':
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, index) => `item ${index}`));
  }
});
