/** One run of a diff: text both sides share, text only the newer side has, or only the older. */
export interface DiffPart {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * Splits text into the units a reader compares: words (with their apostrophes and hyphens), single
 * CJK characters (Chinese has no spaces, so each character is a unit), runs of whitespace and single
 * punctuation marks. The tokens joined give back the text.
 */
export function tokenize(text: string): string[] {
  return (
    text.match(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*|\s+|[^\s]/gu,
    ) ?? []
  );
}

/**
 * The edit script between two token lists by Myers' O((N+M)D) algorithm, or null when it needs more
 * than `maxEdits` edits (its cost grows with the square of the edits, so a story rewritten from top
 * to bottom is compared paragraph by paragraph instead).
 */
function myers(
  before: readonly string[],
  after: readonly string[],
  maxEdits: number,
): DiffPart[] | null {
  const n = before.length;
  const m = after.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const isDown =
        k === -d || (k !== d && (frontier[offset + k - 1] ?? 0) < (frontier[offset + k + 1] ?? 0));
      let x = isDown ? (frontier[offset + k + 1] ?? 0) : (frontier[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && before[x] === after[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return null;
  const parts: DiffPart[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const snapshot = trace[d] ?? new Int32Array(0);
    const at = (k: number) => snapshot[k + d + 1] ?? 0;
    const k = x - y;
    const isDown = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = isDown ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      parts.push({ kind: 'equal', text: before[x] ?? '' });
    }
    if (d > 0) {
      if (isDown) {
        y -= 1;
        parts.push({ kind: 'insert', text: after[y] ?? '' });
      } else {
        x -= 1;
        parts.push({ kind: 'delete', text: before[x] ?? '' });
      }
    }
  }
  return parts.reverse();
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

/** Edits beyond which a word-level comparison gives way to a paragraph-level one. */
const MAX_WORD_EDITS = 2000;

/** Diffs token lists after trimming their shared start and end; null when over the edit budget. */
function diffTokens(
  beforeTokens: readonly string[],
  afterTokens: readonly string[],
  maxEdits: number,
): DiffPart[] | null {
  let start = 0;
  while (
    start < beforeTokens.length &&
    start < afterTokens.length &&
    beforeTokens[start] === afterTokens[start]
  ) {
    start += 1;
  }
  let endBefore = beforeTokens.length;
  let endAfter = afterTokens.length;
  while (
    endBefore > start &&
    endAfter > start &&
    beforeTokens[endBefore - 1] === afterTokens[endAfter - 1]
  ) {
    endBefore -= 1;
    endAfter -= 1;
  }
  const head = beforeTokens.slice(0, start).join('');
  const tail = beforeTokens.slice(endBefore).join('');
  const deleted = beforeTokens.slice(start, endBefore);
  const inserted = afterTokens.slice(start, endAfter);
  const middle =
    deleted.length === 0 || inserted.length === 0
      ? [
          ...(deleted.length === 0 ? [] : [{ kind: 'delete' as const, text: deleted.join('') }]),
          ...(inserted.length === 0 ? [] : [{ kind: 'insert' as const, text: inserted.join('') }]),
        ]
      : myers(deleted, inserted, maxEdits);
  if (middle === null) return null;
  return [
    ...(head === '' ? [] : [{ kind: 'equal' as const, text: head }]),
    ...middle,
    ...(tail === '' ? [] : [{ kind: 'equal' as const, text: tail }]),
  ];
}

/** Lines with their line breaks, the units of the paragraph-level comparison. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A word-level diff of two texts: what was deleted from `before` and inserted in `after`, word by
 * word (character by character in Chinese). The shared start and end are trimmed first, so a small
 * change in a long story costs little. When the texts differ too much for that, paragraphs are
 * compared first and words only within each changed paragraph that is close enough to its old form.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'equal', text: before }];
  const byWord = diffTokens(tokenize(before), tokenize(after), MAX_WORD_EDITS);
  if (byWord !== null) return coalesce(byWord);
  const byLine = coalesce(diffTokens(lines(before), lines(after), Infinity) ?? []);
  const refined: DiffPart[] = [];
  for (let index = 0; index < byLine.length; index += 1) {
    const part = byLine[index];
    const next = byLine[index + 1];
    if (part === undefined) continue;
    if (part.kind === 'delete' && next?.kind === 'insert') {
      const words = diffTokens(tokenize(part.text), tokenize(next.text), MAX_WORD_EDITS);
      refined.push(...(words ?? [part, next]));
      index += 1;
    } else {
      refined.push(part);
    }
  }
  return coalesce(refined);
}
