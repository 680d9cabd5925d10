import { startTransition, useEffect, useState } from 'react';
import type { Descendant } from 'slate';

/**
 * The body as the editor last changed it, held outside React state: the story view does not
 * re-render on a keystroke, only the few views that follow the body (counts, preview, checks).
 */
export interface BodyValueStore {
  get(): readonly Descendant[];
  set(value: readonly Descendant[]): void;
  subscribe(listener: () => void): () => void;
}

/** A store starting at `initial` (the editor's children when the story opens). */
export function createBodyValueStore(initial: readonly Descendant[]): BodyValueStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(value) {
      if (value === current) return;
      current = value;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The body value, following the store in a transition: the keystroke's own frame is painted first
 * and the views that follow the body catch up after it, all in one render.
 */
export function useBodyValue(store: BodyValueStore): readonly Descendant[] {
  const [value, setValue] = useState(store.get);
  useEffect(() => {
    function follow() {
      startTransition(() => setValue(store.get()));
    }
    // The body may have changed between the render and this subscription.
    follow();
    return store.subscribe(follow);
  }, [store]);
  return value;
}
