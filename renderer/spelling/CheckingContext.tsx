import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Checker } from './checker';
import type { IgnoreList } from './ignoreList';
import type { SpellingLanguage } from './protocol';

/** Spelling and house style as a story view offers them to its body and its fields. */
export interface Checking {
  checker: Checker;
  ignored: IgnoreList;
  /** The story's dictionary; null for a language we have none for (Chinese: nothing is flagged). */
  language: SpellingLanguage | null;
  /** Adds a word to the workstation's dictionary (see wordList.ts). */
  addWord(word: string): Promise<string | null>;
}

/** The story's checking, or null where nothing is checked (read-only views, tests of parts). */
export const CheckingContext = createContext<Checking | null>(null);

/** The story's checking. */
export function useChecking(): Checking | null {
  return useContext(CheckingContext);
}

/**
 * A value a view computes from the checker's answers (a string, number, boolean or null, compared
 * as such), kept current as answers arrive and ignores change: the view re-renders only when the
 * value changes. Every React commit made while the caret is in the body costs React a walk of the
 * body's whole DOM (it saves the selection around the commit), so an answer that changes nothing a
 * view shows must not make one; most answers while typing change nothing.
 */
export function useCheckedValue<T extends string | number | boolean | null>(
  checking: Checking | null,
  compute: () => T,
): T {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (checking === null) return () => undefined;
      const stops = [checking.checker.subscribe(listener), checking.ignored.subscribe(listener)];
      return () => {
        for (const stop of stops) stop();
      };
    },
    [checking],
  );
  return useSyncExternalStore(subscribe, compute);
}
