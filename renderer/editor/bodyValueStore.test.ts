import type { Descendant } from 'slate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBodyValueStore } from './bodyValueStore';

function body(text: string): Descendant[] {
  return [{ type: 'paragraph', children: [{ text }] }];
}

/** A store with a record of what its listeners and `onShow` saw, in order. */
function recordedStore() {
  const events: string[] = [];
  const store = createBodyValueStore(body(''), {
    pauseMs: 300,
    onShow: (value) => events.push(`show ${JSON.stringify(value)}`),
  });
  store.subscribe(() =>
    events.push(`notify typing=${store.isTyping()} shown=${JSON.stringify(store.shown())}`),
  );
  return { store, events };
}

describe('the body value store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells its views once when typing starts and once when it pauses, not per keystroke', () => {
    const { store, events } = recordedStore();
    const values = ['W', 'Wu', 'Wux', 'Wuxi'].map(body);
    for (const value of values) {
      store.set(value);
      vi.advanceTimersByTime(100);
    }
    expect({ latest: store.get(), shown: store.shown(), isTyping: store.isTyping() }).toEqual({
      latest: body('Wuxi'),
      shown: body(''),
      isTyping: true,
    });
    vi.advanceTimersByTime(200);
    expect(events).toEqual([
      `notify typing=true shown=${JSON.stringify(body(''))}`,
      `show ${JSON.stringify(body('Wuxi'))}`,
      `notify typing=false shown=${JSON.stringify(body('Wuxi'))}`,
    ]);
    expect(store.shown()).toBe(values[3]);
  });

  it('shows nothing new while typing never pauses', () => {
    const { store, events } = recordedStore();
    for (let index = 1; index <= 50; index += 1) {
      store.set(body('x'.repeat(index)));
      vi.advanceTimersByTime(250);
    }
    expect({ events, shown: store.shown(), isTyping: store.isTyping() }).toEqual({
      events: [`notify typing=true shown=${JSON.stringify(body(''))}`],
      shown: body(''),
      isTyping: true,
    });
  });

  it('ignores a change to the very value it holds', () => {
    const { store, events } = recordedStore();
    store.set(store.get());
    vi.advanceTimersByTime(5000);
    expect({ events, isTyping: store.isTyping() }).toEqual({ events: [], isTyping: false });
  });

  it('shows the last body when the view closes mid-typing, and its timers stop', () => {
    const { store, events } = recordedStore();
    store.set(body('last words'));
    store.dispose();
    vi.advanceTimersByTime(5000);
    expect({ events, shown: store.shown(), isTyping: store.isTyping() }).toEqual({
      events: [
        `notify typing=true shown=${JSON.stringify(body(''))}`,
        `show ${JSON.stringify(body('last words'))}`,
      ],
      shown: body('last words'),
      isTyping: false,
    });
  });

  it('stops telling a listener that unsubscribed', () => {
    const store = createBodyValueStore(body(''));
    const listener = vi.fn();
    const stop = store.subscribe(listener);
    stop();
    store.set(body('a'));
    vi.advanceTimersByTime(5000);
    expect(listener).not.toHaveBeenCalled();
  });
});
