import { createContext, useContext, useSyncExternalStore } from 'react';
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

function subscribeNothing(): () => void {
  return () => undefined;
}

/**
 * A number that changes whenever answers arrive or something is ignored: views that show flags
 * re-render on it.
 */
export function useCheckingVersion(checking: Checking | null): string {
  const checkerVersion = useSyncExternalStore(
    checking?.checker.subscribe ?? subscribeNothing,
    () => checking?.checker.version() ?? 0,
  );
  const ignoredVersion = useSyncExternalStore(
    checking?.ignored.subscribe ?? subscribeNothing,
    () => checking?.ignored.version() ?? 0,
  );
  return `${checkerVersion}:${ignoredVersion}`;
}
