import { z } from 'zod';

/** The longest word the dictionary takes, in characters. */
export const MAX_DICTIONARY_WORD_LENGTH = 60;
/** The most words a newsroom's dictionary holds. */
export const MAX_NEWSROOM_WORDS = 20_000;

/**
 * One dictionary word: letters (any script, with their combining marks), joined by single inner
 * apostrophes or hyphens (`Xiong`, `Xi'an`, `Liangxi-based`). Linear: no nested repetition.
 */
const DICTIONARY_WORD = /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*$/u;

/** A word someone adds to the spelling dictionary, trimmed, checked with a message for people. */
export const dictionaryWordSchema = z
  .string()
  .trim()
  .min(1, { message: 'Type the word to add.', abort: true })
  .max(
    MAX_DICTIONARY_WORD_LENGTH,
    `A dictionary word is at most ${MAX_DICTIONARY_WORD_LENGTH} characters.`,
  )
  .regex(
    DICTIONARY_WORD,
    'A dictionary word is one word: letters, with apostrophes or hyphens only between them.',
  );
