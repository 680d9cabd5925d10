import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { dictionaryWordSchema } from '../../shared/style/dictionaryWord';
import { useSettings } from '../app/SettingsContext';
import {
  addNewsroomWord,
  newsroomWords,
  subscribeNewsroomWords,
  watchNewsroomWords,
} from './newsroomWords';

/** The words people added to the dictionary, and how to add one. */
export interface WordList {
  words: readonly string[];
  /** Adds a word; resolves with why it could not be added, or null. */
  add(word: string): Promise<string | null>;
}

/**
 * The one place the added words live. On a standalone workstation: its settings file (shared by
 * every window and browser profile on the same data folder). Signed in to a newsroom: the
 * newsroom's dictionary on its server (newsroomWords.ts), so a word added on one workstation
 * stops being flagged on the others within seconds; the words kept locally still count.
 */
export function useWordList(): WordList {
  const { settings, saveSettings } = useSettings();
  const localWords = settings.dictionaryWords;
  const newsroom = useSyncExternalStore(subscribeNewsroomWords, newsroomWords);
  useEffect(watchNewsroomWords, []);
  const words = useMemo(
    () =>
      newsroom.words.length === 0 ? localWords : [...new Set([...localWords, ...newsroom.words])],
    [localWords, newsroom.words],
  );
  const add = useCallback(
    async (typed: string) => {
      const parsed = dictionaryWordSchema.safeParse(typed);
      if (!parsed.success)
        return `“${typed.trim()}” was not added to the dictionary: ${parsed.error.issues.map((issue) => issue.message).join(' ')}`;
      const word = parsed.data;
      if (words.includes(word)) return null;
      const result = newsroom.isSignedIn
        ? await addNewsroomWord(word)
        : await saveSettings({ dictionaryWords: [...localWords, word] });
      return result.ok
        ? null
        : `“${word}” was not added to the dictionary: ${result.error.details?.join(' ') ?? result.error.message}`;
    },
    [localWords, newsroom.isSignedIn, saveSettings, words],
  );
  return { words, add };
}
