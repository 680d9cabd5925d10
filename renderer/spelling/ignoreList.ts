/** What people chose to `Ignore` in one story while it is open (words, and style issues by text). */
export interface IgnoreList {
  has(key: string): boolean;
  add(key: string): void;
  version(): number;
  subscribe(listener: () => void): () => void;
}

/** An empty ignore list. */
export function createIgnoreList(): IgnoreList {
  const keys = new Set<string>();
  const listeners = new Set<() => void>();
  let version = 0;
  return {
    has: (key) => keys.has(key),
    add(key) {
      if (keys.has(key)) return;
      keys.add(key);
      version += 1;
      for (const listener of listeners) listener();
    },
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
