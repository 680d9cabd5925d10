import { useCallback } from 'react';
import { useSettings } from '../app/SettingsContext';

/** The words people added to the dictionary, and how to add one. */
export interface WordList {
  words: readonly string[];
  /** Adds a word; resolves with why it could not be added, or null. */
  add(word: string): Promise<string | null>;
}

/**
 * The one place the added words live. On a standalone workstation: its settings file (shared by
 * every window and browser profile on the same data folder). This is the seam for the newsroom:
 * signed in, the words are to come from and go to the server instead, so a word added on one
 * workstation stops being flagged on the others; nothing else needs to change.
 */
export function useWordList(): WordList {
  const { settings, saveSettings } = useSettings();
  const words = settings.dictionaryWords;
  const add = useCallback(
    async (word: string) => {
      const clean = word.trim();
      if (words.includes(clean)) return null;
      const result = await saveSettings({ dictionaryWords: [...words, clean] });
      return result.ok
        ? null
        : `“${clean}” was not added to the dictionary: ${result.error.details?.join(' ') ?? result.error.message}`;
    },
    [saveSettings, words],
  );
  return { words, add };
}
