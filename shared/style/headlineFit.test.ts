import { describe, expect, it } from 'vitest';
import {
  countLines,
  describeFit,
  fitHeadline,
  fitWarnings,
  withSquareCjk,
  type MeasureText,
} from './headlineFit';

/** Every character half an em wide: easy to count by hand. */
const halfEm: MeasureText = (text, fontPx) => [...text].length * fontPx * 0.5;

describe('countLines', () => {
  it('breaks between words, letting the space hang at the end of a line', () => {
    // 10 px characters, 100 px lines: ten characters a line.
    expect(countLines('aaaa bbbb cccc', 100, 20, halfEm)).toEqual({ lines: 2, hasCutWord: false });
    expect(countLines('aaaa bbbbb', 100, 20, halfEm)).toEqual({ lines: 1, hasCutWord: false });
    expect(countLines('', 100, 20, halfEm)).toEqual({ lines: 0, hasCutWord: false });
  });

  it('says when a word is wider than the line', () => {
    expect(countLines('a bbbbbbbbbbbb', 100, 20, halfEm)).toEqual({ lines: 2, hasCutWord: true });
  });

  it('breaks Chinese between any two characters, each an em wide', () => {
    const square = withSquareCjk(halfEm);
    // 20 px characters in 100 px: five a line, twelve characters take three lines.
    expect(countLines('无锡市与中国电子科技集团签', 100, 20, square)).toEqual({
      lines: 3,
      hasCutWord: false,
    });
  });
});

describe('fitHeadline', () => {
  it('counts the lines on desktop, on mobile and on the home page card, and warns past the limits', () => {
    const long =
      'Wuxi reaps strong partnership with China Electronics Technology Hik Group to push forward its IoT industry';
    const fits = fitHeadline(long, halfEm);
    expect(fits.map((fit) => [fit.place.id, fit.lines, fit.isOver])).toEqual([
      ['desktop', 3, true],
      ['mobile', 5, true],
      ['card', 3, false],
    ]);
    expect(describeFit(fits)).toBe(
      '3 lines on desktop · 5 lines on mobile · 3 lines on the home page',
    );
    expect(fitWarnings(fits)).toEqual([
      'Too long for the article page on desktop: 3 lines, 2 at most.',
      'Too long for the article page on mobile: 5 lines, 3 at most.',
    ]);
    const short = fitHeadline('Wuxi signs deal', halfEm);
    expect(describeFit(short)).toBe(
      '1 line on desktop · 1 line on mobile · 1 line on the home page',
    );
    expect(fitWarnings(short)).toEqual([]);
  });
});
