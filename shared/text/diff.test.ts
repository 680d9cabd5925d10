import { describe, expect, it } from 'vitest';
import { diffWords, tokenize, type DiffPart } from './diff';

/** The two texts a diff gives back: without its insertions, and without its deletions. */
function bothSides(parts: DiffPart[]): [string, string] {
  const side = (skip: DiffPart['kind']) =>
    parts
      .filter((part) => part.kind !== skip)
      .map((part) => part.text)
      .join('');
  return [side('insert'), side('delete')];
}

describe('tokenize', () => {
  it('splits words, spaces and punctuation, keeping apostrophes, hyphens and decimals in words', () => {
    const text = "Wuxi's e-mail IoT, 无锡 grew 3.5%.";
    expect(tokenize(text)).toEqual([
      "Wuxi's",
      ' ',
      'e-mail',
      ' ',
      'IoT',
      ',',
      ' ',
      '无锡',
      ' ',
      'grew',
      ' ',
      '3.5',
      '%',
      '.',
    ]);
    expect(tokenize(text).join('')).toBe(text);
  });

  it('cuts Chinese into the words Intl.Segmenter finds, even right after Latin letters', () => {
    const chinese = '无锡市人民政府推动物联网产业发展';
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    expect(tokenize(`IoT${chinese}`)).toEqual([
      'IoT',
      ...Array.from(segmenter.segment(chinese), (segment) => segment.segment),
    ]);
    expect(tokenize(chinese)).toContain('人民政府');
  });
});

describe('diffWords', () => {
  it('marks the exact words that changed', () => {
    expect(
      diffWords(
        'China Electronics will invest 10 billion yuan in the projects.',
        'China Electronics will invest 12 billion yuan in the new projects.',
      ),
    ).toEqual([
      { kind: 'equal', text: 'China Electronics will invest ' },
      { kind: 'delete', text: '10' },
      { kind: 'insert', text: '12' },
      { kind: 'equal', text: ' billion yuan in the ' },
      { kind: 'insert', text: 'new ' },
      { kind: 'equal', text: 'projects.' },
    ]);
  });

  it('compares Chinese word by word', () => {
    expect(diffWords('无锡物联网产业', '无锡智能产业')).toEqual([
      { kind: 'equal', text: '无锡' },
      { kind: 'delete', text: '物联网' },
      { kind: 'insert', text: '智能' },
      { kind: 'equal', text: '产业' },
    ]);
  });

  it('reports a text against an empty one as wholly inserted or deleted', () => {
    expect([diffWords('', 'New text'), diffWords('Old text', '')]).toEqual([
      [{ kind: 'insert', text: 'New text' }],
      [{ kind: 'delete', text: 'Old text' }],
    ]);
  });

  it('reports identical texts as one equal run, and two empty texts as nothing', () => {
    expect([diffWords('Same words', 'Same words'), diffWords('', '')]).toEqual([
      [{ kind: 'equal', text: 'Same words' }],
      [],
    ]);
  });

  it('finds interleaved edits across a long text', () => {
    const before = Array.from({ length: 2000 }, (_, index) => `w${index}`).join(' ');
    const after = before.replace('w10 ', '').replace('w1500', 'changed');
    const parts = diffWords(before, after);
    expect(parts.filter((part) => part.kind !== 'equal')).toEqual([
      { kind: 'delete', text: 'w10 ' },
      { kind: 'delete', text: 'w1500' },
      { kind: 'insert', text: 'changed' },
    ]);
    expect(bothSides(parts)).toEqual([before, after]);
  });
});

describe('diffWords on stories rewritten from top to bottom', () => {
  it('compares paragraph by paragraph, still giving back both texts and marking the rewritten words', () => {
    const paragraph = (index: number, word: string) =>
      Array.from({ length: 100 }, (_, position) => `${word}${index}x${position}`).join(' ');
    const before = Array.from({ length: 200 }, (_, index) => paragraph(index, 'old')).join('\n');
    const after = Array.from({ length: 200 }, (_, index) => {
      if (index === 7) return paragraph(index, 'old').replace('old7x50', 'new7x50');
      return index === 8 ? paragraph(index, 'old') : paragraph(index, 'new');
    }).join('\n');
    const parts = diffWords(before, after);
    expect(bothSides(parts)).toEqual([before, after]);
    expect(parts).toContainEqual({ kind: 'delete', text: 'old7x50' });
    expect(parts).toContainEqual({ kind: 'insert', text: 'new7x50' });
    const rewritten = (word: string) =>
      Array.from({ length: 7 }, (_, index) => `${paragraph(index, word)}\n`).join('');
    expect(parts.slice(0, 2)).toEqual([
      { kind: 'delete', text: rewritten('old') },
      { kind: 'insert', text: rewritten('new') },
    ]);
  });

  it('shows a paragraph that shares few words with the old one as replaced, not word by word', () => {
    expect(
      diffWords(
        'The mayor opened the fair.\nTickets cost 10 yuan.',
        'Rain closed every stall early today.\nTickets cost 12 yuan.',
      ),
    ).toEqual([
      { kind: 'delete', text: 'The mayor opened the fair.\n' },
      { kind: 'insert', text: 'Rain closed every stall early today.\n' },
      { kind: 'equal', text: 'Tickets cost ' },
      { kind: 'delete', text: '10' },
      { kind: 'insert', text: '12' },
      { kind: 'equal', text: ' yuan.' },
    ]);
  });

  it('compares a split paragraph word by word with the paragraph it came from', () => {
    expect(
      diffWords(
        'Wuxi signed the deal. The group will invest.\nEnd.',
        'Wuxi signed the deal.\nThe group will invest.\nEnd.',
      ),
    ).toEqual([
      { kind: 'equal', text: 'Wuxi signed the deal.' },
      { kind: 'delete', text: ' ' },
      { kind: 'insert', text: '\n' },
      { kind: 'equal', text: 'The group will invest.\nEnd.' },
    ]);
  });
});
