import { diffArrays } from 'diff';

/** One run of a diff: text both sides share, text only the newer side has, or only the older. */
export interface DiffPart {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const LETTER = `(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])`;
/** A CJK run (captured), a word joined across `'`, `’`, `-` or `.`, a whitespace run, or one mark. */
const TOKEN = new RegExp(`([${CJK}]+)|${LETTER}+(?:['’\\-.]${LETTER}+)*|\\s+|[^\\s]`, 'gu');

/** One segmenter for every call: making one is costly. */
let chineseWords: Intl.Segmenter | null = null;

/** Chinese has no spaces: a run of CJK characters is cut into words by the ICU dictionary. */
function cjkWords(run: string): string[] {
  chineseWords ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return Array.from(chineseWords.segment(run), (segment) => segment.segment);
}

/**
 * Splits text into the units a reader compares: words (with their apostrophes, hyphens and decimal
 * points), Chinese (and other CJK) words as `Intl.Segmenter` finds them, runs of whitespace and
 * single punctuation marks. The tokens joined give back the text.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [token, cjkRun] of text.matchAll(TOKEN)) {
    if (cjkRun === undefined) tokens.push(token);
    else tokens.push(...cjkWords(cjkRun));
  }
  return tokens;
}

/** Joins neighbouring parts of one kind, and puts each deletion before the insertion it faces. */
function coalesce(parts: readonly DiffPart[]): DiffPart[] {
  const result: DiffPart[] = [];
  let index = 0;
  while (index < parts.length) {
    const current = parts[index];
    if (current === undefined) break;
    if (current.kind === 'equal') {
      const last = result[result.length - 1];
      if (last?.kind === 'equal') last.text += current.text;
      else result.push({ ...current });
      index += 1;
      continue;
    }
    let deleted = '';
    let inserted = '';
    while (index < parts.length && parts[index]?.kind !== 'equal') {
      const part = parts[index];
      if (part?.kind === 'delete') deleted += part.text;
      else if (part?.kind === 'insert') inserted += part.text;
      index += 1;
    }
    if (deleted !== '') result.push({ kind: 'delete', text: deleted });
    if (inserted !== '') result.push({ kind: 'insert', text: inserted });
  }
  return result;
}

/**
 * Edits beyond which two paragraphs are shown as replaced rather than compared word by word: Myers'
 * algorithm costs O((N+M)·D), and a paragraph rewritten from top to bottom reads better whole.
 */
const MAX_WORD_EDITS = 2000;

/** Diffs token lists with jsdiff; null when they need more than `maxEditLength` edits. */
function diffTokens(
  before: string[],
  after: string[],
  maxEditLength: number | undefined,
): DiffPart[] | null {
  const changes =
    maxEditLength === undefined
      ? diffArrays(before, after)
      : diffArrays(before, after, { maxEditLength });
  if (changes === undefined) return null;
  return changes.map((change) => ({
    kind: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value.join(''),
  }));
}

/**
 * Whether two runs of text share enough words to be worth comparing word by word: a paragraph
 * rewritten from top to bottom reads better as replaced than as a word-for-word shuffle around the
 * spaces they share, and costs Myers' algorithm the most.
 */
function isCloseEnough(before: readonly string[], after: readonly string[]): boolean {
  const words = new Set(before.filter((token) => token.trim() !== ''));
  const afterWords = after.filter((token) => token.trim() !== '');
  const shared = afterWords.filter((token) => words.has(token)).length;
  return shared * 2 >= Math.min(words.size, afterWords.length);
}

/** Two runs of text compared word by word, or shown as replaced when they differ too much. */
function compareWords(before: string, after: string): DiffPart[] {
  const beforeTokens = tokenize(before);
  const afterTokens = tokenize(after);
  const replaced: DiffPart[] = [
    { kind: 'delete', text: before },
    { kind: 'insert', text: after },
  ];
  if (!isCloseEnough(beforeTokens, afterTokens)) return replaced;
  return diffTokens(beforeTokens, afterTokens, MAX_WORD_EDITS) ?? replaced;
}

/** Lines with their line breaks: paragraphs, the first units of a comparison. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A word-level diff of two texts: what was deleted from `before` and inserted in `after`, word by
 * word (Chinese by its words too). Paragraphs are matched first, then each changed paragraph is
 * compared word by word with the one it replaced (or a run of changed paragraphs with the run that
 * replaced it, when paragraphs were split, joined, added or removed). A small edit in a long story
 * so costs little, and a story rewritten from top to bottom is still compared paragraph by paragraph.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'equal', text: before }];
  const parts: DiffPart[] = [];
  let deleted: string[] = [];
  let inserted: string[] = [];
  function compareChangedRun(): void {
    if (deleted.length === inserted.length) {
      deleted.forEach((line, index) => parts.push(...compareWords(line, inserted[index] ?? '')));
    } else {
      parts.push(...compareWords(deleted.join(''), inserted.join('')));
    }
    deleted = [];
    inserted = [];
  }
  for (const change of diffArrays(lines(before), lines(after))) {
    if (change.removed) deleted.push(...change.value);
    else if (change.added) inserted.push(...change.value);
    else {
      compareChangedRun();
      parts.push({ kind: 'equal', text: change.value.join('') });
    }
  }
  compareChangedRun();
  return coalesce(parts.filter((part) => part.text !== ''));
}
