import type { Limit } from '../portal/profile';

/** Words and characters of a text, as the newsroom counts them. */
export interface TextCount {
  /** Latin-script words, plus one per CJK character (Chinese is counted by character). */
  words: number;
  /** Characters that are not whitespace, CJK included. */
  characters: number;
  /** How many of the characters are CJK ideographs, kana or hangul. */
  cjkCharacters: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
const JOINER = /^['’.\-_@]$/u;
const WHITESPACE = /\s/u;

/**
 * Counts a text in one pass over its code points (no segmenter: the body of a 100,000-word story is
 * counted on every keystroke). A word is a run of letters or digits, joined across `'`, `’`, `.`,
 * `-`, `_` or `@` when a letter or digit follows (`China's`, `3.5`, `e-mail`).
 */
export function countText(text: string): TextCount {
  let words = 0;
  let characters = 0;
  let cjkCharacters = 0;
  let isInWord = false;
  let pendingJoiner = false;
  for (const character of text) {
    if (WHITESPACE.test(character)) {
      isInWord = false;
      pendingJoiner = false;
      continue;
    }
    characters += 1;
    if (CJK.test(character)) {
      cjkCharacters += 1;
      words += 1;
      isInWord = false;
      pendingJoiner = false;
    } else if (WORD_CHARACTER.test(character)) {
      if (!isInWord) words += 1;
      isInWord = true;
      pendingJoiner = false;
    } else if (isInWord && !pendingJoiner && JOINER.test(character)) {
      pendingJoiner = true;
    } else {
      isInWord = false;
      pendingJoiner = false;
    }
  }
  return { words, characters, cjkCharacters };
}

/** Adds counts (of the blocks of a body, say). */
export function addCounts(counts: readonly TextCount[]): TextCount {
  return counts.reduce(
    (total, count) => ({
      words: total.words + count.words,
      characters: total.characters + count.characters,
      cjkCharacters: total.cjkCharacters + count.cjkCharacters,
    }),
    { words: 0, characters: 0, cjkCharacters: 0 },
  );
}

/** A field measured against its limit, in the unit that suits its script. */
export interface LimitMeasure {
  unit: 'words' | 'characters';
  count: number;
  limit: number;
  isOver: boolean;
}

/**
 * Measures a field against the profile's limit: by character when the text is mostly Chinese (or
 * other CJK), by word otherwise. Nothing is truncated; the caller shows `isOver`.
 */
export function measureAgainstLimit(text: string, limit: Limit): LimitMeasure {
  const count = countText(text);
  const latinWords = count.words - count.cjkCharacters;
  if (count.cjkCharacters > 0 && count.cjkCharacters >= latinWords) {
    return {
      unit: 'characters',
      count: count.characters,
      limit: limit.characters,
      isOver: count.characters > limit.characters,
    };
  }
  return {
    unit: 'words',
    count: count.words,
    limit: limit.words,
    isOver: count.words > limit.words,
  };
}
