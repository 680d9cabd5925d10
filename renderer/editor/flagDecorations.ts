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
import type { StyleIssue, TextCheck } from '../../shared/style/check';
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
  for (const [block] of textBlockEntries(children)) yield block;
}

/** The text blocks of a body with their paths, in reading order. */
function* textBlockEntries(children: readonly Descendant[]): Generator<[TextBlockElement, Path]> {
  for (const [index, node] of children.entries()) yield* nodeTextBlocks(node, index);
}

/** The text blocks of one top-level node at `index` (itself, or its list items), with paths. */
function* nodeTextBlocks(node: Descendant, index: number): Generator<[TextBlockElement, Path]> {
  if (!Element.isElement(node)) return;
  if (isTextBlock(node)) yield [node, [index]];
  else if (node.type === 'bulleted-list' || node.type === 'numbered-list') {
    for (const [item, child] of node.children.entries()) yield [child, [index, item]];
  }
}

/** A first-reference mention in a block, and where the block is. */
interface BlockMention {
  block: TextBlockElement;
  pathKey: string;
  ruleId: string;
  issue: StyleIssue | null;
}

/** The mentions of one top-level node's blocks, as the first-mention pass last read them. */
interface NodeMentions {
  index: number;
  /** The pass that last saw the node at `index`. */
  pass: number;
  epoch: number;
  /** The checker version they were read at; null when every block had its answer then. */
  version: number | null;
  mentions: BlockMention[];
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

/** The last check of the text at a place in the body, carried over while an edit there waits. */
interface LastStyle {
  text: string;
  issues: readonly StyleIssue[];
  mentions?: TextCheck['mentions'];
}

/**
 * The issues of `previous` that an edit to `text` cannot have touched: those wholly before the
 * changed stretch, and those wholly after it, moved by the change in length. While the worker
 * checks the new text, these keep the block's underlines steady instead of blinking off.
 */
export function carriedIssues(previous: LastStyle, text: string): StyleIssue[] {
  const old = previous.text;
  let prefix = 0;
  const shortest = Math.min(old.length, text.length);
  while (prefix < shortest && old[prefix] === text[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    old[old.length - 1 - suffix] === text[text.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const shift = text.length - old.length;
  const oldChangeEnd = old.length - suffix;
  return previous.issues.flatMap((issue) => {
    // An issue touching the edit (or a word boundary next to it) may have changed: drop it.
    if (issue.end < prefix) return [issue];
    if (issue.start > oldChangeEnd) {
      return [{ ...issue, start: issue.start + shift, end: issue.end + shift }];
    }
    return [];
  });
}

/**
 * The check of a text being edited, made from the last check at its place: the issues the edit
 * cannot have touched, and the same first mentions (a mention the edit touched keeps its claim to
 * be the first, without a flag, until the answer), so a first reference never hops to a later
 * block and back while the worker checks.
 */
function carriedCheck(previous: LastStyle, text: string): TextCheck {
  return {
    issues: carriedIssues(previous, text),
    mentions: (previous.mentions ?? []).map((mention) => ({
      ruleId: mention.ruleId,
      issue:
        mention.issue === null
          ? null
          : (carriedIssues({ text: previous.text, issues: [mention.issue] }, text)[0] ?? null),
    })),
  };
}

/** A body's flag decorations, kept for the life of the editor. */
export interface FlagDecorator {
  decorate(entry: NodeEntry): FlagRange[];
  /**
   * After the checker answered: whether some block's flags changed, so Slate must decorate again
   * (a new `decorate`). Blocks whose answers changed nothing keep their very ranges, and then
   * nothing re-renders: after most keystrokes the answer for the edited block agrees with what it
   * already shows.
   */
  refresh(): boolean;
}

function sameFlags(a: readonly FlagRange[], b: readonly Flag[]): boolean {
  return (
    a.length === b.length &&
    a.every((range, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        range.flag.kind === other.kind &&
        range.flag.start === other.start &&
        range.flag.end === other.end &&
        range.flag.replacement === other.replacement &&
        range.flag.message === other.message
      );
    })
  );
}

/**
 * The body's decorations: each text block's flags as ranges carrying their flag. Blocks are
 * cached by identity (Slate keeps unchanged blocks), so after a keystroke only the changed block
 * is looked at again, and a block keeps its very ranges (so its element does not re-render) until
 * rules, words or ignores change or an answer changes its flags.
 */
export function createFlagDecorator(editor: Editor, checking: Checking): FlagDecorator {
  const cache = new WeakMap<object, Cached>();
  const lastStyleByPath = new Map<string, LastStyle>();
  /** Blocks shown with answers still missing, and where they were. */
  let pending = new Map<object, Path>();
  let epochSeen = '';
  /** The body and the checker's answers the first mentions were found for. */
  let mentionsFor: readonly Descendant[] | null = null;
  let mentionsVersion = -1;
  let mentionsSignature = '';
  let firstMentions = new Map<object, StyleIssue[]>();
  /** Top-level nodes' mentions by node (Slate keeps unchanged nodes), and the passes made. */
  const nodeMentions = new WeakMap<object, NodeMentions>();
  let passes = 0;

  function epochNow(): string {
    return `${checking.checker.epoch()}:${checking.ignored.version()}`;
  }

  /**
   * The style check of the text at a place: the checker's answer, or while it is being checked,
   * the last answer there carried over the edit (undefined when there is none).
   */
  function checkAt(text: string, path: Path): { check: TextCheck | undefined; isAnswer: boolean } {
    const check = checking.checker.styleOf(text);
    const key = path.join('.');
    if (check !== undefined) {
      lastStyleByPath.set(key, { text, issues: check.issues, mentions: check.mentions });
      return { check, isAnswer: true };
    }
    const last = lastStyleByPath.get(key);
    return { check: last === undefined ? undefined : carriedCheck(last, text), isAnswer: false };
  }

  /**
   * The mentions in a top-level node's blocks, read again only when the node is new or moved, or
   * one of its blocks was waiting for an answer and answers arrived. Kept, they are what reading
   * again would find: an answer holds until the epoch changes, and a node seen at the same place
   * in every pass since is the only one that left its answers at its paths.
   */
  function mentionsOf(node: Descendant, index: number, version: number, epoch: number) {
    const kept = nodeMentions.get(node);
    if (
      kept !== undefined &&
      kept.index === index &&
      kept.pass === passes - 1 &&
      kept.epoch === epoch &&
      (kept.version === null || kept.version === version)
    ) {
      kept.pass = passes;
      return kept.mentions;
    }
    const mentions: BlockMention[] = [];
    let isAnswered = true;
    for (const [block, path] of nodeTextBlocks(node, index)) {
      const { check, isAnswer } = checkAt(textOf(block), path);
      isAnswered &&= isAnswer;
      const pathKey = path.join('.');
      for (const { ruleId, issue } of check?.mentions ?? []) {
        mentions.push({ block, pathKey, ruleId, issue });
      }
    }
    nodeMentions.set(node, {
      index,
      pass: passes,
      epoch,
      version: isAnswered ? null : version,
      mentions,
    });
    return mentions;
  }

  /**
   * Finds where each first-reference rule is first mentioned, for the body and the answers as
   * they are now; answers whether that moved since last time (then blocks must be decorated again).
   * After a keystroke only the edited node is read again (see mentionsOf).
   */
  function findFirstMentions(): boolean {
    const version = checking.checker.version();
    if (mentionsFor === editor.children && mentionsVersion === version) return false;
    mentionsFor = editor.children;
    mentionsVersion = version;
    passes += 1;
    const epoch = checking.checker.epoch();
    const next = new Map<object, StyleIssue[]>();
    const seen = new Set<string>();
    const signature: string[] = [];
    for (const [index, node] of editor.children.entries()) {
      for (const mention of mentionsOf(node, index, version, epoch)) {
        if (seen.has(mention.ruleId)) continue;
        seen.add(mention.ruleId);
        if (mention.issue === null) continue;
        next.set(mention.block, [...(next.get(mention.block) ?? []), mention.issue]);
        // Where it moves inside a block is that block's own re-decoration (its stamp).
        signature.push(`${mention.pathKey}:${mention.ruleId}`);
      }
    }
    firstMentions = next;
    const joined = signature.join(',');
    const hasMoved = joined !== mentionsSignature;
    mentionsSignature = joined;
    return hasMoved;
  }

  /** The first-mention issues a block shows. */
  function firstMentionIssues(block: object): StyleIssue[] {
    findFirstMentions();
    return firstMentions.get(block) ?? [];
  }

  /** The flags of a block as the checker knows them now. */
  function flagsNow(block: TextBlockElement, path: Path, firsts: readonly StyleIssue[]) {
    const text = textOf(block);
    const check = checking.checker.styleOf(text);
    const issues = checkAt(text, path).check?.issues;
    const selection = editor.selection;
    const caret =
      selection !== null &&
      Range.isCollapsed(selection) &&
      Path.isAncestor(path, selection.anchor.path)
        ? Editor.string(editor, { anchor: Editor.start(editor, path), focus: selection.anchor })
            .length
        : null;
    const found = flagsOfText({
      text,
      issues: issues === undefined ? undefined : [...issues, ...firsts],
      language: checking.language,
      checker: checking.checker,
      isIgnored: checking.ignored.has,
      // The word being typed is not judged until the writer moves on from it.
      skipAt: caret,
    });
    return { flags: found.flags, isComplete: found.isComplete && check !== undefined };
  }

  function decorate([node, path]: NodeEntry): FlagRange[] {
    if (!Element.isElement(node) || !isTextBlock(node)) return [];
    const firsts = firstMentionIssues(node);
    const stamp = `${epochNow()}|${firsts.map((issue) => `${issue.ruleId}@${issue.start}`).join(',')}`;
    const cached = cache.get(node);
    if (cached !== undefined && Path.equals(cached.path, path) && cached.stamp === stamp) {
      return cached.ranges;
    }
    const { flags, isComplete } = flagsNow(node, path, firsts);
    const ranges = flags.map((flag) => ({
      anchor: pointAt(node, path, flag.start, false),
      focus: pointAt(node, path, flag.end, true),
      flag,
    }));
    cache.set(node, { path, stamp, isComplete, ranges });
    if (isComplete) pending.delete(node);
    else pending.set(node, path);
    return ranges;
  }

  function refresh(): boolean {
    const epoch = epochNow();
    if (epoch !== epochSeen) {
      // Every block is decorated again under the new epoch. The pending blocks stay: one may have
      // been decorated under it already (a render between the change and this call), and Slate
      // then keeps its ranges without asking again, so only this list brings its answer in.
      epochSeen = epoch;
      return true;
    }
    // An answer for one block can move a first mention to or from another, pending or not.
    let hasChanged = findFirstMentions();
    const stillPending = new Map<object, Path>();
    for (const [block, path] of pending) {
      const cached = cache.get(block);
      if (cached === undefined || !Element.isElement(block) || !isTextBlock(block)) continue;
      // A block replaced by an edit since is not shown any more: nothing to refresh.
      if (!Node.has(editor, path) || Node.get(editor, path) !== block) continue;
      const { flags, isComplete } = flagsNow(block, path, firstMentionIssues(block));
      if (!sameFlags(cached.ranges, flags)) {
        hasChanged = true;
        cache.delete(block);
      } else if (isComplete) {
        cached.isComplete = true;
      }
      if (!isComplete) stillPending.set(block, path);
    }
    pending = stillPending;
    return hasChanged;
  }

  epochSeen = epochNow();
  return { decorate, refresh };
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

/** A cache for `bodyFlags`, kept by the view that counts: by block, and by body value. */
export type CountCache = WeakMap<object, CountCached>;

/**
 * Every flag of a body value in reading order (for counts and the publish warning), with the same
 * per-block caching as the decorations: after a keystroke only the changed block is looked at.
 * Once every answer for a value is in, its flags are final until the epoch changes: the answers
 * that keep coming while someone types (for text not shown yet) cost no walk of the body.
 */
export function bodyFlags(
  value: readonly Descendant[],
  checking: Checking,
  cache: CountCache,
): readonly Flag[] {
  // The cache outlives a change of the story's language (spelling is checked in English only).
  const epoch = `${checking.language}:${checking.checker.epoch()}:${checking.ignored.version()}`;
  const answers = checking.checker.version();
  const known = cache.get(value);
  if (known !== undefined && known.isComplete && known.stamp === epoch) return known.flags;
  const seen = new Set<string>();
  const flags: Flag[] = [];
  let isComplete = true;
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
      isComplete &&= cached.isComplete;
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
    isComplete &&= found.isComplete;
    flags.push(...found.flags);
  }
  cache.set(value, { stamp: epoch, isComplete, answers, flags });
  return flags;
}
