import type { Severity, StyleRule } from './rules';

/** One place a house-style rule is broken, in one text (offsets in UTF-16 code units). */
export interface StyleIssue {
  ruleId: string;
  start: number;
  end: number;
  /** The text marked. */
  text: string;
  message: string;
  /** What the one-click fix writes instead of `text`, or null when a person must decide. */
  replacement: string | null;
  severity: Severity;
}

/** A rule ready to run: its expressions compiled once. */
export interface CompiledRule {
  rule: StyleRule;
  pattern: RegExp | null;
  exceptions: RegExp[];
  expected: RegExp | null;
}

/** A rule that cannot be compiled, and why: the editor of the rules is told. */
export interface RuleProblem {
  ruleId: string;
  message: string;
}

/** A set of rules compiled for checking, and the rules that could not be. */
export interface CompiledRules {
  rules: readonly CompiledRule[];
  problems: readonly RuleProblem[];
}

const WORDS = /[\p{L}\p{M}][\p{L}\p{M}'’]*/gu;

function compile(source: string, isCaseSensitive: boolean, isSticky = false): RegExp {
  return new RegExp(source, `gu${isCaseSensitive ? '' : 'i'}${isSticky ? 'y' : ''}`);
}

/**
 * Compiles the enabled rules as JavaScript regular expressions (Unicode mode). An editor's pattern
 * can still backtrack badly on some text, so checking runs in the spelling worker, which the
 * renderer stops and restarts when a check overruns (see renderer/spelling).
 */
export function compileRules(rules: readonly StyleRule[]): CompiledRules {
  const compiled: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  for (const rule of rules) {
    if (!rule.isEnabled) continue;
    try {
      compiled.push({
        rule,
        pattern: rule.kind === 'repeatedWord' ? null : compile(rule.pattern, rule.isCaseSensitive),
        exceptions: rule.exceptions.map((source) => compile(source, rule.isCaseSensitive)),
        expected:
          rule.kind === 'firstReference' && rule.expected !== ''
            ? compile(rule.expected, rule.isCaseSensitive, true)
            : null,
      });
      if (rule.kind !== 'repeatedWord' && rule.pattern.trim() === '') {
        throw new Error('it is empty');
      }
    } catch (error) {
      compiled.pop();
      problems.push({
        ruleId: rule.id,
        message: `${rule.label}: the pattern is not a valid expression (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
  }
  return { rules: compiled, problems };
}

/** Checks that a rule compiles; null when it does, else the sentence to show its editor. */
export function ruleProblem(rule: StyleRule): string | null {
  return compileRules([{ ...rule, isEnabled: true }]).problems[0]?.message ?? null;
}

/** Expands a replacement template over one match, as String.prototype.replace does. */
export function expandReplacement(
  template: string,
  groups: readonly (string | null | undefined)[],
  named: Readonly<Record<string, string | null | undefined>>,
): string {
  let result = '';
  for (let index = 0; index < template.length; index += 1) {
    const character = template[index];
    const next = template[index + 1];
    if (character !== '$' || next === undefined) {
      result += character;
      continue;
    }
    if (next === '$') {
      result += '$';
      index += 1;
    } else if (next === '&') {
      result += groups[0] ?? '';
      index += 1;
    } else if (next === '<') {
      const close = template.indexOf('>', index + 2);
      if (close < 0) {
        result += '$';
        continue;
      }
      result += named[template.slice(index + 2, close)] ?? '';
      index = close;
    } else if (/[0-9]/.test(next)) {
      const two = template.slice(index + 1, index + 3);
      const useTwo = /^[0-9]{2}$/.test(two) && Number(two) > 0 && Number(two) < groups.length;
      const number = useTwo ? Number(two) : Number(next);
      if (number === 0 || number >= groups.length) {
        result += `$${next}`;
      } else {
        result += groups[number] ?? '';
      }
      index += useTwo ? 2 : 1;
    } else {
      result += '$';
    }
  }
  return result;
}

function issueOf(rule: StyleRule, text: string, start: number, end: number, fix: string | null) {
  return {
    ruleId: rule.id,
    start,
    end,
    text: text.slice(start, end),
    message: rule.message,
    replacement: fix,
    severity: rule.severity,
  } satisfies StyleIssue;
}

/** How far around a flagged span the exceptions may look. */
const EXCEPTION_WINDOW = 60;

/** Whether an exception of the rule matches over the flagged span [start, end). */
function isException(compiled: CompiledRule, text: string, start: number, end: number): boolean {
  if (compiled.exceptions.length === 0) return false;
  const from = Math.max(0, start - EXCEPTION_WINDOW);
  const window = text.slice(from, end + EXCEPTION_WINDOW);
  return compiled.exceptions.some((exception) => {
    for (const match of window.matchAll(exception)) {
      const matchStart = from + match.index;
      const matchEnd = matchStart + match[0].length;
      if (matchStart <= start && matchEnd >= end && matchEnd > matchStart) return true;
    }
    return false;
  });
}

function fixOf(rule: StyleRule, match: RegExpExecArray | RegExpMatchArray): string | null {
  return rule.replacement === null
    ? null
    : expandReplacement(rule.replacement, [...match], match.groups ?? {});
}

function patternIssues(compiled: CompiledRule, text: string): StyleIssue[] {
  const { rule, pattern } = compiled;
  if (pattern === null) return [];
  const issues: StyleIssue[] = [];
  for (const match of text.matchAll(pattern)) {
    const whole = match[0];
    if (whole === '') continue;
    const flagged = match.groups?.flag;
    const start =
      flagged === undefined ? match.index : match.index + Math.max(0, whole.indexOf(flagged));
    const end = flagged === undefined ? match.index + whole.length : start + flagged.length;
    if (isException(compiled, text, start, end)) continue;
    issues.push(issueOf(rule, text, start, end, fixOf(rule, match)));
  }
  return issues;
}

/** Words written twice in a row (only whitespace between), found in one pass over the words. */
function repeatedWordIssues(compiled: CompiledRule, text: string): StyleIssue[] {
  const { rule } = compiled;
  const issues: StyleIssue[] = [];
  let previous: { word: string; start: number; end: number } | null = null;
  for (const match of text.matchAll(WORDS)) {
    const word = match[0];
    const current = { word, start: match.index, end: match.index + word.length };
    const isSame =
      previous !== null &&
      /^\s+$/u.test(text.slice(previous.end, current.start)) &&
      (rule.isCaseSensitive
        ? previous.word === word
        : previous.word.toLocaleLowerCase() === word.toLocaleLowerCase());
    if (previous !== null && isSame && !isException(compiled, text, previous.start, current.end)) {
      const fix =
        rule.replacement === null
          ? null
          : expandReplacement(
              rule.replacement,
              [text.slice(previous.start, current.end), previous.word],
              {},
            );
      issues.push(issueOf(rule, text, previous.start, current.end, fix));
      previous = null;
      continue;
    }
    previous = current;
  }
  return issues;
}

/** Issues of the rules that judge one text alone (patterns and repeated words), in text order. */
export function checkText(compiled: CompiledRules, text: string): StyleIssue[] {
  const issues = compiled.rules.flatMap((entry) => {
    switch (entry.rule.kind) {
      case 'pattern':
        return patternIssues(entry, text);
      case 'repeatedWord':
        return repeatedWordIssues(entry, text);
      case 'firstReference':
        return [];
    }
  });
  return issues.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The first mention of a first-reference rule's term in one text, and its issue if it is one. */
export interface FirstMention {
  ruleId: string;
  issue: StyleIssue | null;
}

/** What one text yields: its own issues, and where first-reference terms are mentioned in it. */
export interface TextCheck {
  issues: StyleIssue[];
  mentions: FirstMention[];
}

function firstMention(entry: CompiledRule, text: string): FirstMention | null {
  const { pattern, expected, rule } = entry;
  if (pattern === null) return null;
  pattern.lastIndex = 0;
  const match = pattern.exec(text);
  if (match === null) return null;
  const start = match.index;
  const end = start + match[0].length;
  let isExpected = true;
  if (expected !== null) {
    expected.lastIndex = start;
    isExpected = expected.test(text);
  }
  const isFine = isExpected || isException(entry, text, start, end);
  return {
    ruleId: rule.id,
    issue: isFine ? null : issueOf(rule, text, start, end, fixOf(rule, match)),
  };
}

/** Checks one text against every rule; what is cached per text (see `storyIssues`). */
export function checkTextFully(compiled: CompiledRules, text: string): TextCheck {
  const mentions = compiled.rules.flatMap((entry) => {
    if (entry.rule.kind !== 'firstReference') return [];
    const mention = firstMention(entry, text);
    return mention === null ? [] : [mention];
  });
  return { issues: checkText(compiled, text), mentions };
}

/**
 * The issues of a story's texts in reading order: each text's own, plus, for each first-reference
 * rule, the issue of its first mention in the story (later mentions are fine as they are).
 */
export function storyIssues(checks: readonly TextCheck[]): StyleIssue[][] {
  const seen = new Set<string>();
  return checks.map((check) => {
    const firsts: StyleIssue[] = [];
    for (const mention of check.mentions) {
      if (seen.has(mention.ruleId)) continue;
      seen.add(mention.ruleId);
      if (mention.issue !== null) firsts.push(mention.issue);
    }
    return firsts.length === 0
      ? check.issues
      : [...check.issues, ...firsts].sort((a, b) => a.start - b.start || a.end - b.end);
  });
}
