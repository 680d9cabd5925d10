import type { StoryRow } from '../db/db';
import type { BodyValueStore } from '../editor/bodyValueStore';
import type { SaveStatus, StorySaver } from './storySaver';
import type { StoryRowFeed } from './storyRowFeed';

/*
 * What the story view shows of things that move while someone types (the row's touch, the save
 * status), as stores whose snapshots change only when what is shown must: while the caret is in the
 * body, every React commit makes React walk the body's whole DOM, so the view commits per keystroke
 * only what the keystroke itself changed, and catches up with the rest when typing pauses.
 */

/** Row keys the saver moves as typing goes on; `body` is the row's Y.Doc handle, not data. */
const MOVED_BY_TYPING = new Set(['updatedAt', 'wordCount', 'body']);

/** Whether two rows of a story differ only in what typing in the body moves. */
export function differsOnlyByTyping(shown: StoryRow, next: StoryRow): boolean {
  const keys = new Set([...Object.keys(shown), ...Object.keys(next)]);
  for (const key of keys) {
    if (MOVED_BY_TYPING.has(key)) continue;
    const before: unknown = Reflect.get(shown, key);
    const after: unknown = Reflect.get(next, key);
    if (before !== after && JSON.stringify(before) !== JSON.stringify(after)) return false;
  }
  return true;
}

/** A store of the row the story view shows (see createShownRow). */
export interface ShownRow {
  get(): StoryRow;
  subscribe(listener: () => void): () => void;
}

/**
 * The row as the story view shows it: each new answer of the feed at once, except one that only
 * moves what typing moves, which waits until typing pauses (the body store notifies then). Starts
 * at `first` (the row the view opened with) and keeps the last row while the feed has none (the
 * outer view decides what a missing story shows).
 */
export function createShownRow(
  feed: StoryRowFeed,
  bodyStore: BodyValueStore,
  first: StoryRow,
): ShownRow {
  let shown = first;
  let held: StoryRow | null = null;
  return {
    get() {
      const answer = feed.answer();
      if (answer.kind !== 'row' || answer.row === shown) return shown;
      if (bodyStore.isTyping() && (answer.row === held || differsOnlyByTyping(shown, answer.row))) {
        held = answer.row;
        return shown;
      }
      shown = answer.row;
      held = null;
      return shown;
    },
    subscribe(listener) {
      const stops = [feed.subscribe(listener), bodyStore.subscribe(listener)];
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}

/** What the save state shows. */
export type ShownSave =
  { kind: 'saving' } | { kind: 'saved'; isSynced: boolean } | { kind: 'failed'; message: string };

const SAVING: ShownSave = { kind: 'saving' };
const SAVED: ShownSave = { kind: 'saved', isSynced: false };
const SYNCED: ShownSave = { kind: 'saved', isSynced: true };

/**
 * The save state to show for the saver's status, whether the body is being typed, and whether the
 * newsroom has stored it all. `Saved` still means every edit is durable; it now also waits for a
 * pause in typing (`Saving…` until then): the saver turns `saved` between keystrokes, and showing
 * each turn would cost two React commits per keystroke.
 */
export function shownSave(status: SaveStatus, isTyping: boolean, isSynced: boolean): ShownSave {
  if (status.kind === 'failed') return { kind: 'failed', message: status.message };
  if (status.kind === 'saving' || isTyping) return SAVING;
  return isSynced ? SYNCED : SAVED;
}

function isSameShownSave(a: ShownSave, b: ShownSave): boolean {
  if (a.kind === 'failed' && b.kind === 'failed') return a.message === b.message;
  return a === b;
}

/** A store of the shown save state whose snapshot changes only when what is shown changes. */
export interface ShownSaveStore {
  get(): ShownSave;
  subscribe(listener: () => void): () => void;
}

/** The shown save state of a saver, following it, the body store and the newsroom link. */
export function createShownSave(options: {
  saver: Pick<StorySaver, 'status' | 'subscribe'>;
  bodyStore: Pick<BodyValueStore, 'isTyping' | 'subscribe'>;
  /** Whether the newsroom has stored the whole body (false when standalone). */
  isStored(): boolean;
  subscribeStored(listener: () => void): () => void;
}): ShownSaveStore {
  const { saver, bodyStore } = options;
  let shown: ShownSave | null = null;
  return {
    get() {
      const next = shownSave(saver.status(), bodyStore.isTyping(), options.isStored());
      if (shown === null || !isSameShownSave(shown, next)) shown = next;
      return shown;
    },
    subscribe(listener) {
      const stops = [
        saver.subscribe(listener),
        bodyStore.subscribe(listener),
        options.subscribeStored(listener),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
