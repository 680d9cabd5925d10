import {
  Editor,
  Element,
  Node,
  Path,
  Range,
  type BaseRange,
  type Descendant,
  type NodeEntry,
  type Point,
} from 'slate';
import type { StyleIssue } from '../../shared/style/check';
import type { Checking } from '../spelling/CheckingContext';
import { flagsOfText, type Flag } from '../spelling/flags';
import { isTextBlock, type TextBlockElement } from './schema';

/** A decoration of the body: a flagged stretch of text and its flag. */
export type FlagRange = BaseRange & { flag: Flag };

/** A flag found in the body, with its place. */
export interface BodyFlag {
  flag: Flag;
  range: BaseRange;
}

interface Cached {
  path: Path;
  /** The rules, words and ignores it was computed under, and its first-reference issues. */
  stamp: string;
  /** Whether every word and the style of the text were known (then new answers change nothing). */
  isComplete: boolean;
  answers: number;
  ranges: FlagRange[];
}

/** Block texts by block: Slate keeps unchanged blocks, so their text is computed once. */
const blockTexts = new WeakMap<object, string>();

function textOf(block: TextBlockElement): string {
  let text = blockTexts.get(block);
  if (text === undefined) {
    text = Node.string(block);
    blockTexts.set(block, text);
  }
  return text;
}

/** The text blocks of a body in reading order (list items inside their lists). */
function* textBlocks(children: readonly Descendant[]): Generator<TextBlockElement> {
  for (const node of children) {
    if (!Element.isElement(node)) continue;
    if (isTextBlock(node)) yield node;
    else if (node.type === 'bulleted-list' || node.type === 'numbered-list') yield* node.children;
  }
}

/** Maps an offset in a block's text to a point in its text nodes. */
function pointAt(block: TextBlockElement, path: Path, offset: number, isEnd: boolean): Point {
  let passed = 0;
  let last: Point = { path: [...path, 0], offset: 0 };
  for (const [node, relative] of Node.texts(block)) {
    const length = node.text.length;
    // An end exactly at a boundary belongs to the text before it, a start to the text after.
    if (offset < passed + length || (isEnd && offset === passed + length)) {
      return { path: [...path, ...relative], offset: offset - passed };
    }
    passed += length;
    last = { path: [...path, ...relative], offset: length };
  }
  return last;
}

/** The cache of a body's decorations: it outlives each `decorate` (made anew per answer). */
export type FlagCache = WeakMap<object, Cached>;

/** A new, empty cache for one editor. */
export function createFlagCache(): FlagCache {
  return new WeakMap();
}

/**
 * Builds the body's `decorate`: each text block's flags as ranges carrying their flag. Blocks are
 * cached by identity (Slate keeps unchanged blocks), so after a keystroke only the changed block
 * is looked at again, and a block whose every word was known keeps its very ranges (so its
 * element does not re-render) until rules, words or ignores change.
 */
export function createFlagDecorator(editor: Editor, checking: Checking, cache: FlagCache) {
  const epoch = `${checking.checker.epoch()}:${checking.ignored.version()}`;
  const answers = checking.checker.version();
  let mentionsFor: readonly Descendant[] | null = null;
  let firstMentions = new Map<object, StyleIssue[]>();

  /** Where each first-reference rule is first mentioned, for the body as it is now. */
  function firstMentionIssues(block: object): StyleIssue[] {
    if (mentionsFor !== editor.children) {
      mentionsFor = editor.children;
      const next = new Map<object, StyleIssue[]>();
      const seen = new Set<string>();
      for (const candidate of textBlocks(editor.children)) {
        const check = checking.checker.styleOf(textOf(candidate));
        for (const mention of check?.mentions ?? []) {
          if (seen.has(mention.ruleId)) continue;
          seen.add(mention.ruleId);
          if (mention.issue !== null)
            next.set(candidate, [...(next.get(candidate) ?? []), mention.issue]);
        }
      }
      firstMentions = next;
    }
    return firstMentions.get(block) ?? [];
  }

  return function decorate([node, path]: NodeEntry): FlagRange[] {
    if (!Element.isElement(node) || !isTextBlock(node)) return [];
    const firsts = firstMentionIssues(node);
    const stamp = `${epoch}|${firsts.map((issue) => `${issue.ruleId}@${issue.start}`).join(',')}`;
    const cached = cache.get(node);
    if (
      cached !== undefined &&
      Path.equals(cached.path, path) &&
      cached.stamp === stamp &&
      (cached.isComplete || cached.answers === answers)
    ) {
      return cached.ranges;
    }
    const text = textOf(node);
    const check = checking.checker.styleOf(text);
    const selection = editor.selection;
    const caret =
      selection !== null &&
      Range.isCollapsed(selection) &&
      Path.isAncestor(path, selection.anchor.path)
        ? Editor.string(editor, { anchor: Editor.start(editor, path), focus: selection.anchor })
            .length
        : null;
    const { flags, isComplete } = flagsOfText({
      text,
      issues: check === undefined ? undefined : [...check.issues, ...firsts],
      language: checking.language,
      checker: checking.checker,
      isIgnored: checking.ignored.has,
      // The word being typed is not judged until the writer moves on from it.
      skipAt: caret,
    });
    const ranges = flags.map((flag) => ({
      anchor: pointAt(node, path, flag.start, false),
      focus: pointAt(node, path, flag.end, true),
      flag,
    }));
    cache.set(node, { path, stamp, isComplete, answers, ranges });
    return ranges;
  };
}

/** The flag under a point of the body, if any (for the menu opened there). */
export function flagAt(
  editor: Editor,
  decorate: (entry: NodeEntry) => FlagRange[],
  point: Point,
): BodyFlag | null {
  const entry = Editor.above(editor, {
    at: point,
    match: (node) => Element.isElement(node) && isTextBlock(node),
  });
  if (entry === undefined) return null;
  const found = decorate(entry).find((range) => Range.includes(range, point));
  return found === undefined
    ? null
    : { flag: found.flag, range: { anchor: found.anchor, focus: found.focus } };
}

interface CountCached {
  stamp: string;
  isComplete: boolean;
  answers: number;
  flags: Flag[];
}

/** A cache for `bodyFlags`, kept by the view that counts. */
export type CountCache = WeakMap<object, CountCached>;

/**
 * Every flag of a body value in reading order (for counts and the publish warning), with the same
 * per-block caching as the decorations: after a keystroke only the changed block is looked at.
 */
export function bodyFlags(
  value: readonly Descendant[],
  checking: Checking,
  cache: CountCache,
): Flag[] {
  const epoch = `${checking.checker.epoch()}:${checking.ignored.version()}`;
  const answers = checking.checker.version();
  const seen = new Set<string>();
  const flags: Flag[] = [];
  for (const block of textBlocks(value)) {
    const text = textOf(block);
    const check = checking.checker.styleOf(text);
    const firsts: StyleIssue[] = [];
    for (const mention of check?.mentions ?? []) {
      if (seen.has(mention.ruleId)) continue;
      seen.add(mention.ruleId);
      if (mention.issue !== null) firsts.push(mention.issue);
    }
    const stamp = `${epoch}|${firsts.map((issue) => `${issue.ruleId}@${issue.start}`).join(',')}`;
    const cached = cache.get(block);
    if (
      cached !== undefined &&
      cached.stamp === stamp &&
      (cached.isComplete || cached.answers === answers)
    ) {
      flags.push(...cached.flags);
      continue;
    }
    const found = flagsOfText({
      text,
      issues: check === undefined ? undefined : [...check.issues, ...firsts],
      language: checking.language,
      checker: checking.checker,
      isIgnored: checking.ignored.has,
    });
    cache.set(block, { stamp, isComplete: found.isComplete, answers, flags: found.flags });
    flags.push(...found.flags);
  }
  return flags;
}
