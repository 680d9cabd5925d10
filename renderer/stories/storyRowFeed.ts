import { liveQuery, type Subscription } from 'dexie';
import type { StoryRow } from '../db/db';
import { readStory } from './repository/stories';

/** What a story's live query answered last. */
export type RowAnswer =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'row'; row: StoryRow }
  | { kind: 'failed'; error: unknown };

/**
 * A story's row, live, held outside React state: the story view decides which answers are worth a
 * render (the saver touches the row about once a second while someone types, and a render of the
 * story view per touch would cost a keystroke's frame). The live query runs while anyone listens.
 */
export interface StoryRowFeed {
  answer(): RowAnswer;
  subscribe(listener: () => void): () => void;
}

const LOADING: RowAnswer = { kind: 'loading' };
const MISSING: RowAnswer = { kind: 'missing' };

/** The live row of one story, re-read whenever it changes (in this window or another). */
export function createStoryRowFeed(storyId: string): StoryRowFeed {
  let current: RowAnswer = LOADING;
  let subscription: Subscription | null = null;
  const listeners = new Set<() => void>();

  function publish(next: RowAnswer): void {
    current = next;
    for (const listener of [...listeners]) listener();
  }

  return {
    answer: () => current,
    subscribe(listener) {
      listeners.add(listener);
      subscription ??= liveQuery(() => readStory(storyId)).subscribe({
        next: (row) => publish(row === undefined ? MISSING : { kind: 'row', row }),
        error: (error: unknown) => publish({ kind: 'failed', error }),
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || subscription === null) return;
        subscription.unsubscribe();
        subscription = null;
      };
    },
  };
}
