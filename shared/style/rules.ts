import { z } from 'zod';

/** How much a house-style issue matters; none of them blocks publishing. */
export const SEVERITIES = ['error', 'warning', 'suggestion'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How each severity is named to people. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  error: 'Error',
  warning: 'Warning',
  suggestion: 'Suggestion',
};

const MAX_PATTERN = 2000;

/**
 * One house-style rule. `pattern` rules are JavaScript regular expressions (Unicode mode; checked
 * off the main thread, see renderer/spelling); a named group `flag` narrows what is marked to that
 * part of the match, and an exception (also a regular expression) that matches over the marked
 * text excuses it. `repeatedWord` finds a word written twice in a row. `firstReference` checks
 * only the story's first mention of `pattern`: it is fine when `expected` matches right there.
 * `replacement` is the one-click fix, written over the marked text (`$1`, `$<name>`, `$&`, `$$` as
 * in String.prototype.replace, over the whole match); null when the fix needs a person.
 */
export const styleRuleSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,60}$/, 'A rule id is lower-case letters, digits and hyphens.'),
  kind: z.enum(['pattern', 'repeatedWord', 'firstReference']),
  label: z.string().trim().min(1, 'Give the rule a name.').max(120),
  pattern: z.string().max(MAX_PATTERN),
  exceptions: z.array(z.string().max(MAX_PATTERN)).max(20),
  expected: z.string().max(MAX_PATTERN),
  isCaseSensitive: z.boolean(),
  message: z.string().trim().min(1, 'Say what is wrong and what to write instead.').max(500),
  replacement: z.string().max(500).nullable(),
  severity: z.enum(SEVERITIES),
  isEnabled: z.boolean(),
});
export type StyleRule = z.infer<typeof styleRuleSchema>;

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/** A rule whose expressions compile (an unusable pattern is refused, not stored). */
export const checkedStyleRuleSchema = styleRuleSchema.superRefine((rule, context) => {
  if (rule.kind !== 'repeatedWord' && (rule.pattern.trim() === '' || !compiles(rule.pattern))) {
    context.addIssue({
      code: 'custom',
      message: `${rule.label}: the pattern is not a valid regular expression.`,
    });
  }
  for (const exception of rule.exceptions) {
    if (!compiles(exception)) {
      context.addIssue({
        code: 'custom',
        message: `${rule.label}: the exception "${exception}" is not a valid regular expression.`,
      });
    }
  }
  if (rule.kind === 'firstReference' && rule.expected !== '' && !compiles(rule.expected)) {
    context.addIssue({
      code: 'custom',
      message: `${rule.label}: the expected wording is not a valid regular expression.`,
    });
  }
});

/** The newsroom's rules, ids unique. */
export const styleRulesSchema = z
  .array(checkedStyleRuleSchema)
  .max(200)
  .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, {
    message: 'Two house-style rules have the same id.',
  });

const MONTHS_TO_SHORTEN =
  '(?:(Jan)uary|(Feb)ruary|(Aug)ust|(Sept)ember|(Oct)ober|(Nov)ember|(Dec)ember)';
const SHORT_MONTH_GROUPS = '$1$2$3$4$5$6$7';
const MONTH_NAMES =
  'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December';
const AMOUNT = '\\d[\\d,]*(?:\\.\\d+)?(?:\\s(?:million|billion|trillion))?';
const PROVINCES =
  'Anhui|Fujian|Gansu|Guangdong|Guizhou|Hainan|Hebei|Heilongjiang|Henan|Hubei|Hunan|Jiangsu|Jiangxi|Jilin|Liaoning|Qinghai|Shaanxi|Shandong|Shanxi|Sichuan|Yunnan|Zhejiang';

function rule(fields: Partial<StyleRule> & Pick<StyleRule, 'id' | 'label' | 'message'>): StyleRule {
  return {
    kind: 'pattern',
    pattern: '',
    exceptions: [],
    expected: '',
    isCaseSensitive: true,
    replacement: null,
    severity: 'warning',
    isEnabled: true,
    ...fields,
  };
}

/** The house style of the Wuxi portal, as its pages write (see the seed article). */
export const DEFAULT_STYLE_RULES: StyleRule[] = [
  rule({
    id: 'month-with-date',
    label: 'Short month with a date',
    pattern: `\\b${MONTHS_TO_SHORTEN}\\s(\\d{1,2})\\b`,
    message: 'With a date, shorten the month: Jan, Feb, Aug, Sept, Oct, Nov, Dec (e.g. "Feb 28").',
    replacement: `${SHORT_MONTH_GROUPS} $8`,
  }),
  rule({
    id: 'day-before-month',
    label: 'Month before the day',
    pattern: `\\b(\\d{1,2})\\s${MONTHS_TO_SHORTEN}\\b`,
    message: 'Write the month first, then the day (e.g. "Feb 28").',
    replacement: '$2$3$4$5$6$7$8 $1',
  }),
  rule({
    id: 'month-full-stop',
    label: 'No full stop after a short month',
    pattern: '\\b(Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\\.\\s(\\d{1,2})\\b',
    message: 'No full stop after a shortened month (e.g. "Feb 28").',
    replacement: '$1 $2',
  }),
  rule({
    id: 'percent',
    label: '"percent", not "%"',
    pattern: '(\\d[\\d,]*(?:\\.\\d+)?)\\s?%',
    message: 'Write "percent" in words, not "%".',
    replacement: '$1 percent',
  }),
  rule({
    id: 'per-cent',
    label: '"percent" in one word',
    pattern: '\\bper\\scent\\b',
    message: 'Write "percent" as one word.',
    replacement: 'percent',
  }),
  rule({
    id: 'numbers-one-to-nine',
    label: 'Numbers one to nine in words',
    pattern: `(?<![\\p{L}\\d.,$¥€£/:#-])(?<flag>[1-9])(?![\\p{L}\\d%:/-]|[.,]\\d)`,
    exceptions: [
      `(?:${MONTH_NAMES}|No\\.|Nos\\.|Room|Gate|Line|Route|Terminal|Phase|Level|Grade|Class|[Pp]age)\\s[1-9]`,
      `[1-9]\\s(?:${MONTH_NAMES})\\b`,
      '[1-9]\\s?(?:percent|per\\scent|million|billion|trillion|yuan|dollars?|euros?|km|kilomet(?:er|re)s?|met(?:er|re)s?|cm|mm|kg|kilograms?|tons?|tonnes?|square|hectares?|mu|GB|MB|a\\.m\\.|p\\.m\\.|am|pm|years?\\sold|degrees)(?!\\p{L})',
    ],
    isCaseSensitive: false,
    message:
      'Spell out numbers from one to nine ("five to eight years"); figures stay for ages, percentages, money, measures and times.',
    replacement: null,
    severity: 'suggestion',
  }),
  rule({
    id: 'yuan-with-dollars',
    label: 'Dollars beside yuan',
    pattern: `\\b${AMOUNT}\\syuan\\b(?!\\s\\(\\$)`,
    message:
      'Give the dollar amount in brackets after a yuan amount, e.g. "10 billion yuan ($1.5 billion)".',
  }),
  rule({
    id: 'rmb-to-yuan',
    label: '"yuan", not "RMB"',
    pattern: `\\b(?:RMB|Rmb|renminbi)\\s?(${AMOUNT})|(${AMOUNT})\\s?(?:RMB|renminbi)\\b`,
    message: 'Write amounts in yuan: "10 billion yuan", not "RMB 10 billion".',
    replacement: '$1$2 yuan',
  }),
  rule({
    id: 'repeated-word',
    kind: 'repeatedWord',
    label: 'Word written twice',
    isCaseSensitive: false,
    message: 'The same word twice in a row.',
    replacement: '$1',
    severity: 'error',
  }),
  rule({
    id: 'province-lower-case',
    label: '"province" in lower case',
    pattern: `\\b(${PROVINCES})\\sProvince\\b`,
    message: 'After its name, "province" takes a lower-case p ("Jiangsu province").',
    replacement: '$1 province',
  }),
  rule({
    id: 'first-reference-wuxi',
    kind: 'firstReference',
    label: 'Wuxi placed on first mention',
    pattern: '\\bWuxi\\b',
    expected: "Wuxi(?:,|\\s+in)\\s+(?:East\\s+China's\\s+|eastern\\s+)?Jiangsu\\s+province",
    message:
      'On first mention, say where Wuxi is: "the city of Wuxi in Jiangsu province" (or "Wuxi, Jiangsu province").',
    replacement: 'Wuxi in Jiangsu province',
    severity: 'suggestion',
  }),
];
