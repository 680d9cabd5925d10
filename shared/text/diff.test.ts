import { describe, expect, it } from 'vitest';
import { diffWords, tokenize, type DiffPart } from './diff';

describe('tokenize', () => {
  it('splits words, spaces, punctuation and single Chinese characters, losing nothing', () => {
    const text = "Wuxi's IoT, 无锡物联网 grew 3.5%.";
    expect(tokenize(text)).toEqual([
      "Wuxi's",
      ' ',
      'IoT',
      ',',
      ' ',
      '无',
      '锡',
      '物',
      '联',
      '网',
      ' ',
      'grew',
      ' ',
      '3.5',
      '%',
      '.',
    ]);
    expect(tokenize(text).join('')).toBe(text);
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
      { kind: 'equal', text: ' billion yuan in the' },
      { kind: 'insert', text: ' new' },
      { kind: 'equal', text: ' projects.' },
    ]);
  });

  it('compares Chinese character by character', () => {
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
    expect(
      parts
        .filter((part) => part.kind !== 'insert')
        .map((part) => part.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((part) => part.kind !== 'delete')
        .map((part) => part.text)
        .join(''),
    ).toBe(after);
  });
});

describe('diffWords on stories rewritten from top to bottom', () => {
  it('falls back to paragraphs, still giving back both texts and marking the rewritten words', () => {
    const paragraph = (index: number, word: string) =>
      Array.from({ length: 100 }, (_, position) => `${word}${index}x${position}`).join(' ');
    const before = Array.from({ length: 200 }, (_, index) => paragraph(index, 'old')).join('\n');
    const after = Array.from({ length: 200 }, (_, index) => {
      if (index === 7) return paragraph(index, 'old').replace('old7x50', 'new7x50');
      return index === 8 ? paragraph(index, 'old') : paragraph(index, 'new');
    }).join('\n');
    const parts = diffWords(before, after);
    const side = (skip: DiffPart['kind']) =>
      parts
        .filter((part) => part.kind !== skip)
        .map((part) => part.text)
        .join('');
    expect([side('insert'), side('delete')]).toEqual([before, after]);
    expect(parts).toContainEqual({ kind: 'delete', text: 'old7x50' });
    expect(parts).toContainEqual({ kind: 'insert', text: 'new7x50' });
  });
});
