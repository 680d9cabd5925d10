import { describe, expect, it } from 'vitest';
import { addCounts, countText, measureAgainstLimit } from './count';

describe('countText', () => {
  it('counts English by word, keeping apostrophes, decimals and hyphens inside words', () => {
    expect(countText("China's IoT industry will grow 3.5 times, an e-mail said.")).toEqual({
      words: 10,
      characters: 48,
      cjkCharacters: 0,
    });
  });

  it('counts Chinese by character, punctuation as characters but not words', () => {
    expect(countText('无锡物联网产业，发展迅速。')).toEqual({
      words: 11,
      characters: 13,
      cjkCharacters: 11,
    });
  });

  it('counts mixed text as words plus Chinese characters', () => {
    expect(countText('无锡 IoT 中心 opened')).toEqual({
      words: 6,
      characters: 13,
      cjkCharacters: 4,
    });
  });

  it('counts nothing in an empty or blank text', () => {
    expect([countText(''), countText(' \n\t ')]).toEqual([
      { words: 0, characters: 0, cjkCharacters: 0 },
      { words: 0, characters: 0, cjkCharacters: 0 },
    ]);
  });
});

describe('addCounts', () => {
  it('adds the counts of several blocks', () => {
    expect(addCounts([countText('one two'), countText('三四')])).toEqual({
      words: 4,
      characters: 8,
      cjkCharacters: 2,
    });
  });
});

describe('measureAgainstLimit', () => {
  const limit = { words: 3, characters: 5 };

  it('measures English in words and shows when it runs over', () => {
    expect(measureAgainstLimit('Wuxi reaps strong partnership', limit)).toEqual({
      unit: 'words',
      count: 4,
      limit: 3,
      isOver: true,
    });
  });

  it('measures Chinese in characters', () => {
    expect(measureAgainstLimit('无锡物联网', limit)).toEqual({
      unit: 'characters',
      count: 5,
      limit: 5,
      isOver: false,
    });
  });
});
