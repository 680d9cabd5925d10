/** A word of a text that spelling should look at, with where it is (UTF-16 offsets). */
export interface SpellableWord {
  word: string;
  start: number;
  end: number;
}

/** A run of non-space characters, and the Latin-script words inside it. */
const CHUNK = /\S+/gu;
const WORD =
  /\p{Script=Latin}[\p{Script=Latin}\p{M}]*(?:['’]\p{Script=Latin}[\p{Script=Latin}\p{M}]*)*/gu;
/** Chunks that are addresses, not prose: URLs, e-mail addresses, domains, handles, file names. */
const ADDRESS =
  /^[("'“‘]*(?:[a-z][a-z0-9+.-]*:\/\/|www\.|[^\s@]+@[^\s@]+|@|#)|\.[a-z]{2,4}(?:[/?#].*)?[)"'”’.,;:!?]*$/iu;

/**
 * The words of a text that a spelling dictionary can judge: Latin-script words (with inner
 * apostrophes), one pass, in order. Left out, so they are never flagged: Chinese and every other
 * script, words joined to digits (`5G`, `COVID-19`), words in capitals (`CETC`), and addresses
 * (URLs, e-mail, domains, handles). Hyphenated words are judged part by part.
 */
export function spellableWords(text: string): SpellableWord[] {
  const words: SpellableWord[] = [];
  for (const chunk of text.matchAll(CHUNK)) {
    const chunkText = chunk[0];
    if (ADDRESS.test(chunkText)) continue;
    for (const match of chunkText.matchAll(WORD)) {
      const word = match[0];
      const start = chunk.index + match.index;
      const end = start + word.length;
      const before = text[start - 1] ?? '';
      const after = text[end] ?? '';
      if (/\d/u.test(before) || /\d/u.test(after)) continue;
      if (word.length > 1 && word === word.toLocaleUpperCase() && word !== word.toLocaleLowerCase())
        continue;
      words.push({ word: word.replace(/’/gu, "'"), start, end });
    }
  }
  return words;
}
