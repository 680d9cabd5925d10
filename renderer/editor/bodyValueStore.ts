import { useSyncExternalStore } from 'react';
import type { Descendant } from 'slate';

/** How long typing must pause before the views that follow the body catch up with it. */
export const BODY_PAUSE_MS = 300;

/**
 * The body as the editor last changed it, held outside React state, and the body as the views that
 * follow it (counts, checks, preview, save state) show it. While the caret is in the body, every
 * React commit anywhere in the page makes React walk the body's whole DOM (it saves the selection
 * around the commit), so those views must not commit per keystroke: they catch up together, in
 * one commit, once typing pauses. Not before: catching up in the middle of typing (every couple
 * of seconds, say) re-renders the preview, whose page takes tens of milliseconds to lay out at
 * 10,000 words, and that lands on a keystroke.
 */
export interface BodyValueStore {
  /** The body as the editor last changed it. */
  get(): readonly Descendant[];
  /** The body as the views that follow it show it now. */
  shown(): readonly Descendant[];
  /** Whether the body changed less than a pause ago (someone is typing). */
  isTyping(): boolean;
  /** Takes the editor's new value (every change). */
  set(value: readonly Descendant[]): void;
  /** Notified when typing starts and when it pauses (the shown body moves then). */
  subscribe(listener: () => void): () => void;
  /** Stops the timer and shows the last body (the view is closing: `onShow` sees it). */
  dispose(): void;
}

/** A store starting at `initial` (the editor's children when the story opens). */
export function createBodyValueStore(
  initial: readonly Descendant[],
  options: {
    pauseMs?: number;
    /** Called with the body each time the shown body moves, before the views are told. */
    onShow?: (value: readonly Descendant[]) => void;
  } = {},
): BodyValueStore {
  const pauseMs = options.pauseMs ?? BODY_PAUSE_MS;
  let current = initial;
  let shown = initial;
  let isTyping = false;
  let pauseTimer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<() => void>();

  function notify(): void {
    for (const listener of [...listeners]) listener();
  }

  function show(): void {
    isTyping = false;
    if (shown === current) return;
    shown = current;
    options.onShow?.(shown);
  }

  function handlePause(): void {
    pauseTimer = null;
    show();
    notify();
  }

  return {
    get: () => current,
    shown: () => shown,
    isTyping: () => isTyping,
    set(value) {
      if (value === current) return;
      current = value;
      if (pauseTimer !== null) clearTimeout(pauseTimer);
      pauseTimer = setTimeout(handlePause, pauseMs);
      if (!isTyping) {
        isTyping = true;
        notify();
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (pauseTimer !== null) clearTimeout(pauseTimer);
      pauseTimer = null;
      show();
    },
  };
}

/** The body as the views that follow it show it (see BodyValueStore). */
export function useShownBody(store: BodyValueStore): readonly Descendant[] {
  return useSyncExternalStore(store.subscribe, store.shown);
}
