import type { Descendant } from 'slate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Story } from '../../shared/story/story';
import { buildStory } from '../../tests/support/buildStory';
import type { StoryRow } from '../db/db';
import { createBodyValueStore, type BodyValueStore } from '../editor/bodyValueStore';
import { createShownRow, createShownSave, differsOnlyByTyping, shownSave } from './shownStory';
import type { SaveStatus } from './storySaver';
import type { RowAnswer, StoryRowFeed } from './storyRowFeed';

function buildRow(overrides: Partial<Story> = {}): StoryRow {
  return { ...buildStory(overrides), searchTerms: ['wuxi'], body: new Y.Doc() };
}

function body(text: string): Descendant[] {
  return [{ type: 'paragraph', children: [{ text }] }];
}

/** A feed whose answers the test gives, as the live query would. */
function givenFeed(first: StoryRow) {
  let current: RowAnswer = { kind: 'row', row: first };
  const listeners = new Set<() => void>();
  const feed: StoryRowFeed = {
    answer: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  function answer(next: RowAnswer): void {
    current = next;
    for (const listener of listeners) listener();
  }
  return { feed, answer };
}

/** Starts typing in a body store (the pause comes 300 ms after the last change). */
function typing(store: BodyValueStore): void {
  store.set(body(`typed at ${Date.now()}`));
}

describe('what the story view shows while someone types', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells a row that only moved what typing moves from one that changed anything else', () => {
    const row = buildRow({ headline: 'Wuxi reaps', keywords: ['wuxi'] });
    expect([
      differsOnlyByTyping(row, { ...row, updatedAt: 5000, wordCount: 12, body: new Y.Doc() }),
      differsOnlyByTyping(row, { ...row, keywords: ['wuxi'] }),
      differsOnlyByTyping(row, { ...row, updatedAt: 5000, headline: 'Wuxi sows' }),
      differsOnlyByTyping(row, { ...row, keywords: ['wuxi', 'canal'] }),
      differsOnlyByTyping(row, { ...row, state: 'submitted' }),
    ]).toEqual([true, true, false, false, false]);
  });

  it('holds a row touched by typing until typing pauses, and takes any other change at once', () => {
    const first = buildRow();
    const { feed, answer } = givenFeed(first);
    const bodyStore = createBodyValueStore(body(''));
    const shown = createShownRow(feed, bodyStore, first);
    const notified = vi.fn();
    shown.subscribe(notified);

    typing(bodyStore);
    const touched = { ...first, updatedAt: 2000, wordCount: 3 };
    answer({ kind: 'row', row: touched });
    const whileTyping = shown.get();
    const submitted = { ...touched, state: 'submitted' as const };
    answer({ kind: 'row', row: submitted });
    const afterTransition = shown.get();
    const touchedAgain = { ...submitted, updatedAt: 3000 };
    answer({ kind: 'row', row: touchedAgain });
    const heldAgain = shown.get();
    vi.advanceTimersByTime(300);

    expect({
      whileTyping,
      afterTransition,
      heldAgain,
      afterPause: shown.get(),
      notifications: notified.mock.calls.length,
    }).toEqual({
      whileTyping: first,
      afterTransition: submitted,
      heldAgain: submitted,
      afterPause: touchedAgain,
      // typing started, three answers, the pause
      notifications: 5,
    });
  });

  it('keeps the last row while the feed answers that the story is gone', () => {
    const first = buildRow();
    const { feed, answer } = givenFeed(first);
    const shown = createShownRow(feed, createBodyValueStore(body('')), first);
    answer({ kind: 'missing' });
    expect(shown.get()).toBe(first);
  });

  it('shows Saving… until typing pauses, then Saved or Synced once durable, and every failure', () => {
    const saved: SaveStatus = { kind: 'saved', savedAt: 1 };
    const saving: SaveStatus = { kind: 'saving' };
    const failed: SaveStatus = { kind: 'failed', message: 'Disk full', retryInMs: 500 };
    expect([
      shownSave(saved, false, false),
      shownSave(saved, false, true),
      shownSave(saved, true, true),
      shownSave(saving, false, true),
      shownSave(failed, true, false),
    ]).toEqual([
      { kind: 'saved', isSynced: false },
      { kind: 'saved', isSynced: true },
      { kind: 'saving' },
      { kind: 'saving' },
      { kind: 'failed', message: 'Disk full' },
    ]);
  });

  it('keeps the same shown save state while the saver turns between saving and saved mid-typing', () => {
    let status: SaveStatus = { kind: 'saved', savedAt: null };
    const saverListeners = new Set<() => void>();
    const saver = {
      status: () => status,
      subscribe(listener: () => void) {
        saverListeners.add(listener);
        return () => saverListeners.delete(listener);
      },
    };
    function setStatus(next: SaveStatus): void {
      status = next;
      for (const listener of saverListeners) listener();
    }
    const bodyStore = createBodyValueStore(body(''));
    const store = createShownSave({
      saver,
      bodyStore,
      isStored: () => false,
      subscribeStored: () => () => undefined,
    });
    const seen: unknown[] = [];
    store.subscribe(() => {
      const shown = store.get();
      if (seen.at(-1) !== shown) seen.push(shown);
    });
    seen.push(store.get());

    for (let key = 0; key < 5; key += 1) {
      typing(bodyStore);
      setStatus({ kind: 'saving' });
      setStatus({ kind: 'saved', savedAt: key });
      vi.advanceTimersByTime(80);
    }
    setStatus({ kind: 'failed', message: 'Disk full', retryInMs: 500 });
    setStatus({ kind: 'failed', message: 'Disk full', retryInMs: 1000 });
    setStatus({ kind: 'saved', savedAt: 9 });
    vi.advanceTimersByTime(300);

    expect(seen).toEqual([
      { kind: 'saved', isSynced: false },
      { kind: 'saving' },
      { kind: 'failed', message: 'Disk full' },
      { kind: 'saving' },
      { kind: 'saved', isSynced: false },
    ]);
  });
});
