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

/** The edit script between two token lists by Myers' O((N+M)D) algorithm. */
function myers(before: readonly string[], after: readonly string[]): DiffPart[] {
  const n = before.length;
  const m = after.length;
  const max = n + m;
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

/**
 * A word-level diff of two texts: what was deleted from `before` and inserted in `after`, word by
 * word (character by character in Chinese). The shared start and end are trimmed first, so a small
 * change in a long story costs little.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'equal', text: before }];
  const beforeTokens = tokenize(before);
  const afterTokens = tokenize(after);
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
  const middle = myers(beforeTokens.slice(start, endBefore), afterTokens.slice(start, endAfter));
  return coalesce([
    ...(head === '' ? [] : [{ kind: 'equal' as const, text: head }]),
    ...middle,
    ...(tail === '' ? [] : [{ kind: 'equal' as const, text: tail }]),
  ]);
}
