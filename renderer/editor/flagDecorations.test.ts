import { createEditor, Editor, Element, Node, Transforms, type Descendant } from 'slate';
import { describe, expect, it } from 'vitest';
import {
  checkTextFully,
  compileRules,
  type StyleIssue,
  type TextCheck,
} from '../../shared/style/check';
import { DEFAULT_STYLE_RULES } from '../../shared/style/rules';
import type { Checker } from '../spelling/checker';
import type { Checking } from '../spelling/CheckingContext';
import { createIgnoreList } from '../spelling/ignoreList';
import { bodyFlags, carriedIssues, createFlagDecorator, type CountCache } from './flagDecorations';
import { isTextBlock } from './schema';

const rules = compileRules(DEFAULT_STYLE_RULES);
const MISSPELLED = new Set(['goverment']);

/**
 * A checker that answers only when told to, as the worker does a moment later: style and
 * spelling are unknown until `answerAll`.
 */
function slowChecker() {
  const styles = new Map<string, TextCheck>();
  const spelling = new Map<string, boolean>();
  const asked = { texts: new Set<string>(), words: new Set<string>() };
  let version = 0;
  let epoch = 0;
  let active = rules;
  const checker: Checker = {
    version: () => version,
    epoch: () => epoch,
    subscribe: () => () => undefined,
    styleOf(text) {
      const known = styles.get(text);
      if (known === undefined) asked.texts.add(text);
      return known;
    },
    spellingOf(word) {
      const known = spelling.get(word);
      if (known === undefined) asked.words.add(word);
      return known;
    },
    suggest: () => Promise.resolve([]),
    setRules: () => undefined,
    setWords: () => undefined,
    problem: () => null,
    preload: () => undefined,
    isEnabled: () => true,
    setEnabled: () => undefined,
  };
  return {
    checker,
    answerAll() {
      for (const text of asked.texts) styles.set(text, checkTextFully(active, text));
      for (const word of asked.words) spelling.set(word, MISSPELLED.has(word));
      asked.texts.clear();
      asked.words.clear();
      version += 1;
    },
    /** New rules, as `setRules` does: every style answer is forgotten and asked again. */
    useRules(next: typeof rules) {
      active = next;
      styles.clear();
      epoch += 1;
      version += 1;
    },
  };
}

/** Checking in American English with a fresh ignore list. */
function checkingOf(checker: Checker): Checking {
  return {
    checker,
    ignored: createIgnoreList(),
    language: 'en-US',
    addWord: () => Promise.resolve(null),
  };
}

function editorWith(texts: string[]) {
  const editor = createEditor();
  editor.children = texts.map((text): Descendant => ({ type: 'paragraph', children: [{ text }] }));
  return editor;
}

function shown(ranges: ReturnType<ReturnType<typeof createFlagDecorator>['decorate']>) {
  return ranges.map((range) => [range.flag.kind, range.flag.text, range.anchor, range.focus]);
}

describe('the body decorations', () => {
  it('mark misspellings and style issues once the answers are in, at their places in the text', () => {
    const slow = slowChecker();
    const editor = editorWith(['The goverment rose 5%.']);
    const checking = checkingOf(slow.checker);
    const decorator = createFlagDecorator(editor, checking);
    const [block] = editor.children;
    if (block === undefined) throw new Error('no block');
    expect(decorator.decorate([block, [0]])).toEqual([]);
    slow.answerAll();
    expect(decorator.refresh()).toBe(true);
    expect(shown(decorator.decorate([block, [0]]))).toEqual([
      ['spelling', 'goverment', { path: [0, 0], offset: 4 }, { path: [0, 0], offset: 13 }],
      ['grammar', '5%', { path: [0, 0], offset: 19 }, { path: [0, 0], offset: 21 }],
    ]);
  });

  it('keep the very same ranges when a new answer changes nothing, so no block re-renders', () => {
    const slow = slowChecker();
    const editor = editorWith(['The goverment rose 5%.', 'Officials said so.']);
    const checking = checkingOf(slow.checker);
    const decorator = createFlagDecorator(editor, checking);
    for (const [index, block] of editor.children.entries()) decorator.decorate([block, [index]]);
    slow.answerAll();
    decorator.refresh();
    const first = editor.children[0];
    if (first === undefined) throw new Error('no block');
    const before = decorator.decorate([first, [0]]);

    // Typing at the end of the first block: its new text waits for the worker, and meanwhile
    // keeps the flags the edit did not touch.
    Transforms.insertText(editor, ' Up', { at: { path: [0, 0], offset: 22 } });
    const edited = editor.children[0];
    if (edited === undefined) throw new Error('no block');
    const during = decorator.decorate([edited, [0]]);
    expect(shown(during)).toEqual(shown(before));
    slow.answerAll();
    expect(decorator.refresh()).toBe(false);
    expect(decorator.decorate([edited, [0]])).toBe(during);
  });
});

describe('the body decorations after new rules', () => {
  it('follow the new answer even when the block was decorated before the refresh', () => {
    const slow = slowChecker();
    const editor = editorWith(['Exports rose 12% in May.']);
    const checking = checkingOf(slow.checker);
    const decorator = createFlagDecorator(editor, checking);
    const [block] = editor.children;
    if (block === undefined) throw new Error('no block');
    decorator.decorate([block, [0]]);
    slow.answerAll();
    decorator.refresh();
    expect(shown(decorator.decorate([block, [0]])).map(([, text]) => text)).toEqual(['12%']);

    // The percent rule switched off. A render decorates the block under the new rules before the
    // checker's listeners run: it shows what it had while the worker checks again.
    slow.useRules(
      compileRules(
        DEFAULT_STYLE_RULES.map((rule) => ({ ...rule, isEnabled: rule.id !== 'percent' })),
      ),
    );
    const during = decorator.decorate([block, [0]]);
    expect(decorator.refresh()).toBe(true);
    expect(decorator.decorate([block, [0]])).toBe(during);
    slow.answerAll();
    expect(decorator.refresh()).toBe(true);
    expect(decorator.decorate([block, [0]])).toEqual([]);
  });
});

describe('the first-reference flags', () => {
  it('stay on the first mention through an edit of its block, and move when it is fixed', () => {
    const slow = slowChecker();
    const editor = editorWith(['The goverment of Wuxi signed.', 'Wuxi welcomed it.']);
    const checking = checkingOf(slow.checker);
    const decorator = createFlagDecorator(editor, checking);
    function showAll() {
      return editor.children.map((block, index) => shown(decorator.decorate([block, [index]])));
    }
    showAll();
    slow.answerAll();
    decorator.refresh();
    const wuxiFirst = [
      'grammar',
      'Wuxi',
      { path: [0, 0], offset: 17 },
      { path: [0, 0], offset: 21 },
    ];
    expect(showAll()).toEqual([
      [
        ['spelling', 'goverment', { path: [0, 0], offset: 4 }, { path: [0, 0], offset: 13 }],
        wuxiFirst,
      ],
      [],
    ]);

    // A suggestion taken in the first block: while the worker checks it, Wuxi stays flagged there
    // (shifted by the edit), never on the second block; and still there once the answer is in.
    Transforms.insertText(editor, 'government', {
      at: { anchor: { path: [0, 0], offset: 4 }, focus: { path: [0, 0], offset: 13 } },
    });
    const shifted = ['grammar', 'Wuxi', { path: [0, 0], offset: 18 }, { path: [0, 0], offset: 22 }];
    expect(showAll()).toEqual([[shifted], []]);
    slow.answerAll();
    decorator.refresh();
    expect(showAll()).toEqual([[shifted], []]);

    // Wuxi taken out of the first block: once the answer says so, the second block's mention is
    // the first, and the body is decorated again for it.
    Transforms.insertText(editor, 'The deal was signed.', {
      at: { anchor: { path: [0, 0], offset: 0 }, focus: Editor.end(editor, [0]) },
    });
    expect(showAll()).toEqual([[], []]);
    slow.answerAll();
    expect(decorator.refresh()).toBe(true);
    expect(showAll()).toEqual([
      [],
      [['grammar', 'Wuxi', { path: [1, 0], offset: 0 }, { path: [1, 0], offset: 4 }]],
    ]);
  });
});

describe('the first-reference pass', () => {
  it('reads again only what changed, and finds what a full pass finds after every edit', () => {
    const slow = slowChecker();
    const checking = checkingOf(slow.checker);
    const editor = editorWith([
      'Exports rose 12% in May.',
      'The goverment of Wuxi signed.',
      'Wuxi welcomed it.',
    ]);
    editor.children = [
      ...editor.children,
      {
        type: 'bulleted-list',
        children: [
          { type: 'list-item', children: [{ text: 'Wuxi, again.' }] },
          { type: 'list-item', children: [{ text: 'Suzhou too.' }] },
        ],
      },
    ];
    const decorator = createFlagDecorator(editor, checking);
    // The full pass: the same body and answers, every node new at each step (nothing is kept).
    const full = createEditor();
    const fullDecorator = createFlagDecorator(full, checking);
    function bothShown() {
      full.children = structuredClone(editor.children);
      full.selection = editor.selection;
      return [editor, full].map((body) => {
        const use = body === editor ? decorator : fullDecorator;
        return Array.from(Node.elements(body), ([node, path]) =>
          Element.isElement(node) && isTextBlock(node) ? shown(use.decorate([node, path])) : [],
        );
      });
    }
    function expectSame(): ReturnType<typeof bothShown>[number] {
      const [incremental, reference] = bothShown();
      expect(incremental).toEqual(reference);
      return incremental ?? [];
    }
    function answer(): void {
      slow.answerAll();
      // Whether the body must be decorated again is the same too.
      expect(decorator.refresh()).toBe(fullDecorator.refresh());
    }
    expectSame();
    answer();
    const wuxiFirst = expectSame();
    expect(
      wuxiFirst.flat().filter(([kind, text]) => kind === 'grammar' && text === 'Wuxi'),
    ).toHaveLength(1);
    let taken: Descendant | null = null;
    const edits: Array<() => void> = [
      // Typing in the block of the first mention, checked a moment later.
      () => Transforms.insertText(editor, ' Today', { at: Editor.end(editor, [1]) }),
      // A block with a mention inserted above every other, then taken out again.
      () =>
        Transforms.insertNodes(
          editor,
          { type: 'paragraph', children: [{ text: 'Wuxi first.' }] },
          { at: [0] },
        ),
      // Typing in a block the insertion moved: it keeps its flags while it waits.
      () => Transforms.insertText(editor, ' Up', { at: Editor.end(editor, [1]) }),
      () => Transforms.removeNodes(editor, { at: [0] }),
      // The first mention fixed: the next one, in another block, is the first.
      () =>
        Transforms.insertText(editor, 'The deal was signed.', {
          at: { anchor: Editor.start(editor, [1]), focus: Editor.end(editor, [1]) },
        }),
      // Typing in a list item after the first mention, then the mention before it removed.
      () => Transforms.insertText(editor, ' Yes.', { at: Editor.end(editor, [3, 0]) }),
      () => Transforms.removeNodes(editor, { at: [2] }),
      // A node taken out and put back as it was (another node held its place meanwhile), then
      // typed in: it keeps its own flags while it waits, not those of the node that was there.
      () => {
        taken = editor.children[0] ?? null;
        Transforms.removeNodes(editor, { at: [0] });
      },
      () => {
        if (taken !== null) Transforms.insertNodes(editor, taken, { at: [0] });
      },
      () => Transforms.insertText(editor, ' Up', { at: Editor.end(editor, [0]) }),
    ];
    for (const edit of edits) {
      edit();
      expectSame();
      answer();
      expectSame();
    }
    // New rules: every answer goes, and comes again (Wuxi is not checked any more).
    slow.useRules(
      compileRules(
        DEFAULT_STYLE_RULES.map((rule) => ({
          ...rule,
          isEnabled: rule.id !== 'first-reference-wuxi',
        })),
      ),
    );
    decorator.refresh();
    fullDecorator.refresh();
    expectSame();
    answer();
    expectSame();
  });
});

describe('bodyFlags', () => {
  it('counts every flag once its answers are in, and reads no block again until the epoch changes', () => {
    const slow = slowChecker();
    let reads = 0;
    const checking = checkingOf({
      ...slow.checker,
      styleOf(text) {
        reads += 1;
        return slow.checker.styleOf(text);
      },
    });
    const editor = editorWith(['The goverment of Wuxi signed.', 'Exports rose 12% in May.']);
    const value = editor.children;
    const cache: CountCache = new WeakMap();
    const texts = () => bodyFlags(value, checking, cache).map((flag) => flag.text);
    expect(texts()).toEqual([]);
    slow.answerAll();
    expect(texts()).toEqual(['goverment', 'Wuxi', '12%']);
    // Answers for text that is not in this body (someone typing on) change nothing here.
    const before = reads;
    checking.checker.styleOf('Typed since.');
    slow.answerAll();
    expect(texts()).toEqual(['goverment', 'Wuxi', '12%']);
    expect(reads).toBe(before + 1);
    // New rules: read again.
    slow.useRules(
      compileRules(
        DEFAULT_STYLE_RULES.map((rule) => ({ ...rule, isEnabled: rule.id !== 'percent' })),
      ),
    );
    slow.answerAll();
    texts();
    slow.answerAll();
    expect(texts()).toEqual(['goverment', 'Wuxi']);
  });
  it('counts again when the story’s language changes, the body and the answers as they were', () => {
    const slow = slowChecker();
    const english = checkingOf(slow.checker);
    const value = editorWith(['The goverment of Wuxi signed.']).children;
    const cache: CountCache = new WeakMap();
    bodyFlags(value, english, cache);
    slow.answerAll();
    expect(bodyFlags(value, english, cache).map((flag) => flag.text)).toEqual([
      'goverment',
      'Wuxi',
    ]);
    // A Chinese story: spelling is checked in English stories only, so the slip is no flag.
    const chinese = { ...english, language: null };
    expect(bodyFlags(value, chinese, cache).map((flag) => flag.text)).toEqual(['Wuxi']);
  });
});

describe('carriedIssues', () => {
  const issue = (start: number, end: number): StyleIssue => ({
    ruleId: 'percent',
    start,
    end,
    text: 'x',
    message: 'm',
    replacement: null,
    severity: 'warning',
  });

  it('keeps issues before an edit, moves those after it, and drops those it touches', () => {
    const previous = {
      text: 'Up 5% and 7% now',
      issues: [issue(3, 5), issue(10, 12), issue(13, 16)],
    };
    expect(carriedIssues(previous, 'Up 5% and 17% now')).toEqual([issue(3, 5), issue(14, 17)]);
  });
});
