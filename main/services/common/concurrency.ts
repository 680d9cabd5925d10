/** Runs `task` over every item with at most `limit` running at once, in order of start. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  // One iterator shared by the workers: each takes the next item when it is free.
  const iterator = items.values();
  async function worker(): Promise<void> {
    for (const item of iterator) await task(item);
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
