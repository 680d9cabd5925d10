/** Runs tasks one after another, in the order they were queued; a failed task does not stop the rest. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Makes a queue: each service that must never interleave two changes keeps one. */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  function run<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  }
  return { run };
}
