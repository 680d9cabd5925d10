import { createEditor, Editor, Transforms, type Descendant } from 'slate';
import { describe, expect, it } from 'vitest';
import { handleBreak, setLink, toggleBlockStyle, toggleList } from './commands';
import { withStoryRules } from './withStoryRules';

/** A story editor without React or Yjs: the rules and commands are plain Slate. */
function editorWith(children: unknown[]): Editor {
  const editor = withStoryRules(createEditor());
  // Foreign shapes on purpose: the rules exist to repair what a paste or an old document holds.
  editor.children = children as Descendant[];
  Editor.normalize(editor, { force: true });
  return editor;
}

describe('withStoryRules', () => {
  it('gives an empty body one paragraph', () => {
    expect(editorWith([]).children).toEqual([{ type: 'paragraph', children: [{ text: '' }] }]);
  });

  it('wraps loose text in a paragraph and loose list items in a bulleted list', () => {
    expect(
      editorWith([{ text: 'Loose' }, { type: 'list-item', children: [{ text: 'Item' }] }]).children,
    ).toEqual([
      { type: 'paragraph', children: [{ text: 'Loose' }] },
      { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: 'Item' }] }] },
    ]);
  });

  it('turns a paragraph inside a list into an item and lifts a nested list into its parent', () => {
    expect(
      editorWith([
        {
          type: 'numbered-list',
          children: [
            { type: 'paragraph', children: [{ text: 'One' }] },
            {
              type: 'bulleted-list',
              children: [{ type: 'list-item', children: [{ text: 'Two' }] }],
            },
          ],
        },
      ]).children,
    ).toEqual([
      {
        type: 'numbered-list',
        children: [
          { type: 'list-item', children: [{ text: 'One' }] },
          { type: 'list-item', children: [{ text: 'Two' }] },
        ],
      },
    ]);
  });

  it('unwraps links to refused URLs, keeps allowed ones, and drops marks we do not have', () => {
    expect(
      editorWith([
        {
          type: 'paragraph',
          children: [
            { text: 'See ' },
            { type: 'link', url: 'javascript:alert(1)', children: [{ text: 'this' }] },
            { text: ' and ' },
            { type: 'link', url: 'https://example.com/', children: [{ text: 'that' }] },
            { text: ' now', code: true, bold: true },
          ],
        },
      ]).children,
    ).toEqual([
      {
        type: 'paragraph',
        children: [
          { text: 'See this and ' },
          { type: 'link', url: 'https://example.com/', children: [{ text: 'that' }] },
          { text: ' now', bold: true },
        ],
      },
    ]);
  });

  it('keeps headings at level 2 or 3, turns unknown blocks into paragraphs, and adds a paragraph after a final figure', () => {
    const figure = {
      type: 'figure',
      photoId: 'a'.repeat(64),
      caption: 'Signing',
      credit: 'CD',
      altText: 'Two men',
      children: [{ text: '' }],
    };
    expect(
      editorWith([
        { type: 'heading', level: 5, children: [{ text: 'Deep' }] },
        { type: 'table', children: [{ text: 'Cell' }] },
        figure,
      ]).children,
    ).toEqual([
      { type: 'heading', level: 3, children: [{ text: 'Deep' }] },
      { type: 'paragraph', children: [{ text: 'Cell' }] },
      figure,
      { type: 'paragraph', children: [{ text: '' }] },
    ]);
  });
});

describe('commands', () => {
  const TWO_PARAGRAPHS = [
    { type: 'paragraph', children: [{ text: 'First' }] },
    { type: 'paragraph', children: [{ text: 'Second' }] },
  ];

  function twoParagraphs(): Editor {
    const editor = editorWith(TWO_PARAGRAPHS);
    Transforms.select(editor, {
      anchor: Editor.start(editor, [0]),
      focus: Editor.end(editor, [1]),
    });
    return editor;
  }

  it('makes selected paragraphs a list, switches its type, and ends it again', () => {
    const editor = twoParagraphs();
    toggleList(editor, 'bulleted-list');
    const bulleted = editor.children;
    toggleList(editor, 'numbered-list');
    const numbered = editor.children;
    toggleList(editor, 'numbered-list');
    expect([bulleted, numbered, editor.children]).toEqual([
      [
        {
          type: 'bulleted-list',
          children: [
            { type: 'list-item', children: [{ text: 'First' }] },
            { type: 'list-item', children: [{ text: 'Second' }] },
          ],
        },
      ],
      [
        {
          type: 'numbered-list',
          children: [
            { type: 'list-item', children: [{ text: 'First' }] },
            { type: 'list-item', children: [{ text: 'Second' }] },
          ],
        },
      ],
      TWO_PARAGRAPHS,
    ]);
  });

  it('toggles a heading on and off', () => {
    const editor = twoParagraphs();
    toggleBlockStyle(editor, 'heading-2');
    const headed = editor.children;
    toggleBlockStyle(editor, 'heading-2');
    expect([headed, editor.children]).toEqual([
      [
        { type: 'heading', level: 2, children: [{ text: 'First' }] },
        { type: 'heading', level: 2, children: [{ text: 'Second' }] },
      ],
      TWO_PARAGRAPHS,
    ]);
  });

  it('links a selection to an http URL and refuses a script URL, changing nothing', () => {
    const editor = editorWith([{ type: 'paragraph', children: [{ text: 'Read the report' }] }]);
    Transforms.select(editor, {
      anchor: { path: [0, 0], offset: 9 },
      focus: { path: [0, 0], offset: 15 },
    });
    const refused = setLink(editor, 'javascript:alert(1)');
    const before = editor.children;
    const accepted = setLink(editor, ' https://www.chinadaily.com.cn/ ');
    expect([refused, before, accepted, editor.children]).toEqual([
      false,
      [{ type: 'paragraph', children: [{ text: 'Read the report' }] }],
      true,
      [
        {
          type: 'paragraph',
          children: [
            { text: 'Read the ' },
            { type: 'link', url: 'https://www.chinadaily.com.cn/', children: [{ text: 'report' }] },
            { text: '' },
          ],
        },
      ],
    ]);
  });

  it('ends a list when Enter is pressed in its empty last item', () => {
    const editor = editorWith([
      {
        type: 'bulleted-list',
        children: [
          { type: 'list-item', children: [{ text: 'Item' }] },
          { type: 'list-item', children: [{ text: '' }] },
        ],
      },
    ]);
    Transforms.select(editor, Editor.start(editor, [0, 1]));
    expect([handleBreak(editor), editor.children]).toEqual([
      true,
      [
        { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: 'Item' }] }] },
        { type: 'paragraph', children: [{ text: '' }] },
      ],
    ]);
  });
});
