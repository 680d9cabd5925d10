import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkText,
  checkTextFully,
  compileRules,
  expandReplacement,
  ruleProblem,
  storyIssues,
  type CompiledRules,
} from './check';
import { DEFAULT_STYLE_RULES, styleRulesSchema, type StyleRule } from './rules';

const compiled = compileRules(DEFAULT_STYLE_RULES);

/** A story's issues by text, first references placed, as the editor puts them together. */
function checkStory(rules: CompiledRules, texts: readonly string[]) {
  return storyIssues(texts.map((text) => checkTextFully(rules, text)));
}

/** What a reader of the issue list sees: the rule, the marked text and the fix. */
function found(text: string, ruleId?: string) {
  return checkText(compiled, text)
    .filter((issue) => ruleId === undefined || issue.ruleId === ruleId)
    .map((issue) => [issue.ruleId, issue.text, issue.replacement]);
}

/** The seed article's body paragraphs, between the source line and the view counter. */
function seedParagraphs(): string[] {
  const text = readFileSync(
    fileURLToPath(new URL('../../tests/fixtures/wuxi-portal-article.txt', import.meta.url)),
    'utf8',
  );
  const lines = text.split('\n');
  const start = lines.indexOf('(chinadaily.com.cn)') + 1;
  const end = lines.indexOf('8.03K');
  return lines.slice(start, end).filter((line) => line.trim() !== '');
}

describe('the default house style', () => {
  it('is valid data with unique ids, and every rule compiles', () => {
    expect(styleRulesSchema.safeParse(DEFAULT_STYLE_RULES).success).toBe(true);
    expect(compiled.problems).toEqual([]);
    expect(compiled.rules).toHaveLength(DEFAULT_STYLE_RULES.length);
  });

  it('passes the seed article clean: it follows the house style', () => {
    const paragraphs = seedParagraphs();
    expect(paragraphs).toHaveLength(9);
    expect(paragraphs.flatMap((paragraph) => found(paragraph))).toEqual([]);
    expect(checkStory(compiled, paragraphs).flat()).toEqual([]);
  });

  it('shortens a month written in full with a date, in either order', () => {
    expect(found('Signed on February 28 in Nanjing.')).toEqual([
      ['month-with-date', 'February 28', 'Feb 28'],
    ]);
    expect(found('Open from 3 September.')).toEqual([
      ['day-before-month', '3 September', 'Sept 3'],
    ]);
    expect(found('Signed on Feb 28, in March 2017 and on May 5.')).toEqual([]);
  });

  it('drops the full stop after a short month', () => {
    expect(found('Held on Dec. 31.')).toEqual([['month-full-stop', 'Dec. 31', 'Dec 31']]);
    expect(found('Held on Dec 31.')).toEqual([]);
  });

  it('writes percent in words, in one word', () => {
    expect(found('Exports rose 12% and 15 %.')).toEqual([
      ['percent', '12%', '12 percent'],
      ['percent', '15 %', '15 percent'],
    ]);
    expect(found('Up 12 per cent.')).toEqual([['per-cent', 'per cent', 'percent']]);
    expect(found('Up 12 percent.')).toEqual([]);
  });

  it('spells out one to nine, but keeps figures for dates, money, measures, times and larger numbers', () => {
    expect(found('The 3 companies signed 7 deals.', 'numbers-one-to-nine')).toEqual([
      ['numbers-one-to-nine', '3', null],
      ['numbers-one-to-nine', '7', null],
    ]);
    expect(
      found(
        'On Feb 3, 4.5 tons, 2,000 jobs, No. 5 Road, 3:30, 8 am, 3 km, 5 percent, 9 billion yuan ($1.3 billion), 10 years and Line 1.',
        'numbers-one-to-nine',
      ),
    ).toEqual([]);
  });

  it('asks for the dollar amount beside a yuan amount', () => {
    expect(found('It will invest 10 billion yuan in Wuxi.')).toEqual([
      ['yuan-with-dollars', '10 billion yuan', null],
    ]);
    expect(found('It will invest 10 billion yuan ($1.5 billion).')).toEqual([]);
    expect(found('It will invest RMB 10 billion ($1.5 billion).')).toEqual([
      ['rmb-to-yuan', 'RMB 10 billion', '10 billion yuan'],
    ]);
  });

  it('finds a word written twice, whatever its case, but not a word repeated after a comma', () => {
    expect(found('He said the the plan is The the best.')).toEqual([
      ['repeated-word', 'the the', 'the'],
      ['repeated-word', 'The the', 'The'],
    ]);
    expect(found('Very, very good. That that is rare had had.', 'repeated-word')).toEqual([
      ['repeated-word', 'That that', 'That'],
      ['repeated-word', 'had had', 'had'],
    ]);
  });

  it('puts "province" in lower case after a province name', () => {
    expect(found('in Jiangsu Province')).toEqual([
      ['province-lower-case', 'Jiangsu Province', 'Jiangsu province'],
    ]);
    expect(found('in Jiangsu province')).toEqual([]);
  });

  it('asks where Wuxi is on its first mention only', () => {
    const issues = checkStory(compiled, ['A new park opened.', 'Wuxi is growing.', 'Wuxi again.']);
    expect(issues.map((list) => list.map((issue) => [issue.text, issue.replacement]))).toEqual([
      [],
      [['Wuxi', 'Wuxi in Jiangsu province']],
      [],
    ]);
    expect(
      checkStory(compiled, ['Wuxi, Jiangsu province, is growing.', 'Wuxi again.']).flat(),
    ).toEqual([]);
    expect(checkStory(compiled, ['Nothing about the city.']).flat()).toEqual([]);
  });

  it('never marks Chinese text', () => {
    expect(found('无锡市与中国电子科技集团签署战略合作协议，投资100亿元。')).toEqual([]);
  });
});

describe('rules written by editors', () => {
  const custom: StyleRule = {
    ...DEFAULT_STYLE_RULES[0],
    id: 'internet',
    kind: 'pattern',
    label: 'internet in lower case',
    pattern: '\\bInternet\\b(?! of Things)',
    exceptions: [],
    replacement: 'internet',
    message: 'Write "internet" in lower case.',
  } as StyleRule;

  it('report a pattern that does not compile instead of failing the check', () => {
    const broken = { ...custom, id: 'broken', pattern: '(unclosed' };
    const result = compileRules([broken, custom]);
    expect(result.rules.map((entry) => entry.rule.id)).toEqual(['internet']);
    expect(result.problems).toEqual([
      {
        ruleId: 'broken',
        message: expect.stringMatching(
          /^internet in lower case: the pattern is not a valid expression/,
        ),
      },
    ]);
    expect(ruleProblem({ ...custom, pattern: '' })).toMatch(/it is empty/);
    expect(ruleProblem(custom)).toBeNull();
  });

  it('mark only the named group flag and skip matches an exception covers', () => {
    const rule = {
      ...custom,
      id: 'says',
      pattern: '\\b(?<flag>stated)\\b',
      exceptions: ['stated goal'],
      replacement: 'said',
    };
    const result = compileRules([rule]);
    expect(
      checkText(result, 'He stated that the stated goal was met.').map((issue) => [
        issue.start,
        issue.text,
        issue.replacement,
      ]),
    ).toEqual([[3, 'stated', 'said']]);
  });

  it('are skipped when switched off', () => {
    expect(compileRules([{ ...custom, isEnabled: false }]).rules).toEqual([]);
  });
});

describe('expandReplacement', () => {
  it('expands groups, named groups, the whole match and dollars as String.replace does', () => {
    expect(
      expandReplacement('$1-$2 $<day> $& $$ $3 $0', ['Feb 28', 'Feb', '28'], { day: '28' }),
    ).toBe('Feb-28 28 Feb 28 $ $3 $0');
    expect(expandReplacement('$1$2', ['x', undefined, 'b'], {})).toBe('b');
  });
});
