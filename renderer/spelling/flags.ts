import type { StyleIssue } from '../../shared/style/check';
import { spellableWords } from '../../shared/style/words';
import type { Checker } from './checker';
import type { SpellingLanguage } from './protocol';

/**
 * Something marked in a text: a word spelling does not know, or a house-style issue. It reads as
 * a style issue does, but for spelling the message is a fixed sentence and the replacement null
 * (suggestions come from the worker on demand).
 */
export interface Flag extends Omit<StyleIssue, 'ruleId'> {
  kind: 'spelling' | 'grammar';
  /** What `Ignore` remembers (the word, or the rule and the text). */
  ignoreKey: string;
}

/** The flags of a text, and whether any part of it is still being checked. */
export interface TextFlags {
  flags: Flag[];
  isComplete: boolean;
}

/** The key under which `Ignore` remembers a flag. */
export function spellingKey(word: string): string {
  return `spelling:${word}`;
}

function styleKey(issue: StyleIssue): string {
  return `style:${issue.ruleId}:${issue.text}`;
}

/** A flag of a style issue (first-reference issues come through here too). */
export function styleFlag(issue: StyleIssue): Flag {
  return {
    kind: 'grammar',
    start: issue.start,
    end: issue.end,
    text: issue.text,
    message: issue.message,
    replacement: issue.replacement,
    severity: issue.severity,
    ignoreKey: styleKey(issue),
  };
}

/**
 * The flags of one text: misspelled words (when the story is in a language we have a dictionary
 * for) and the house-style issues given (its own and any first-reference issue placed in it),
 * less what people chose to ignore. `skipAt` leaves out the word being typed at that offset.
 */
export function flagsOfText(options: {
  text: string;
  issues: readonly StyleIssue[] | undefined;
  language: SpellingLanguage | null;
  checker: Checker;
  isIgnored(key: string): boolean;
  skipAt?: number | null;
}): TextFlags {
  const { text, issues, language, checker, isIgnored } = options;
  let isComplete = issues !== undefined;
  const flags: Flag[] = [];
  if (language !== null) {
    for (const word of spellableWords(text)) {
      if (options.skipAt != null && word.start <= options.skipAt && options.skipAt <= word.end)
        continue;
      const isMisspelled = checker.spellingOf(word.word, language);
      if (isMisspelled === undefined) isComplete = false;
      if (isMisspelled !== true || isIgnored(spellingKey(word.word))) continue;
      flags.push({
        kind: 'spelling',
        start: word.start,
        end: word.end,
        text: text.slice(word.start, word.end),
        message: 'Not in the dictionary.',
        replacement: null,
        severity: 'error',
        ignoreKey: spellingKey(word.word),
      });
    }
  }
  for (const issue of issues ?? []) {
    const flag = styleFlag(issue);
    if (!isIgnored(flag.ignoreKey)) flags.push(flag);
  }
  flags.sort((a, b) => a.start - b.start || a.end - b.end);
  return { flags, isComplete };
}

/** Counts of a story's flags, for the line under the body and the publish warning. */
export interface FlagCounts {
  spelling: number;
  style: number;
}

/** Adds up flags by kind. */
export function countFlags(flags: readonly Flag[]): FlagCounts {
  return {
    spelling: flags.filter((flag) => flag.kind === 'spelling').length,
    style: flags.filter((flag) => flag.kind === 'grammar').length,
  };
}

/** `3 possible misspellings · 2 house-style issues`, or null when there is nothing open. */
export function describeCounts(counts: FlagCounts): string | null {
  const parts = [
    counts.spelling === 0
      ? null
      : `${counts.spelling} possible misspelling${counts.spelling === 1 ? '' : 's'}`,
    counts.style === 0 ? null : `${counts.style} house-style issue${counts.style === 1 ? '' : 's'}`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' · ');
}
