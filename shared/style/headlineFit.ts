/**
 * Where the portal shows a headline, and how (read off the portal stylesheet, shared/portal/
 * stylesheet.ts; headlineFit.browser.test.ts checks these against the real pages in Chromium):
 * the article page's h1 at desktop width and on a 375 px phone, and the home page's story card.
 */
export const HEADLINE_PLACES = [
  { id: 'desktop', label: 'on desktop', fontPx: 34, widthPx: 792, maxLines: 2 },
  { id: 'mobile', label: 'on mobile', fontPx: 28, widthPx: 343, maxLines: 3 },
  { id: 'card', label: 'on the home page', fontPx: 18, widthPx: 396, maxLines: 3 },
] as const;
export type HeadlinePlace = (typeof HEADLINE_PLACES)[number];

/** The portal's headline font (Arial, bold): measured with Arimo, its metric-compatible twin. */
export const HEADLINE_FONT_WEIGHT = 700;

/** Width in pixels of a text in the headline font at `fontPx`. */
export type MeasureText = (text: string, fontPx: number) => number;

/** How a headline fits in one place. */
export interface HeadlineFit {
  place: HeadlinePlace;
  lines: number;
  /** A word wider than the line: the page cuts it or runs it over the edge. */
  hasCutWord: boolean;
  isOver: boolean;
}

const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** The pieces a line may break between: words with their spaces, and each CJK character. */
function breakUnits(text: string): string[] {
  const units: string[] = [];
  let current = '';
  for (const character of text) {
    if (CJK.test(character)) {
      if (current !== '') units.push(current);
      units.push(character);
      current = '';
    } else if (character === ' ') {
      current += character;
      units.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  if (current !== '') units.push(current);
  return units;
}

/**
 * Lines a text takes in a box `widthPx` wide, broken as browsers break a heading: between words
 * (spaces hang at the end of a line) and between CJK characters, never inside a word.
 */
export function countLines(
  text: string,
  widthPx: number,
  fontPx: number,
  measure: MeasureText,
): { lines: number; hasCutWord: boolean } {
  const units = breakUnits(text.replace(/\s+/gu, ' ').trim());
  if (units.length === 0) return { lines: 0, hasCutWord: false };
  let lines = 1;
  let line = '';
  let hasCutWord = false;
  for (const unit of units) {
    const candidate = line + unit;
    if (line !== '' && measure(candidate.trimEnd(), fontPx) > widthPx) {
      lines += 1;
      line = unit;
    } else {
      line = candidate;
    }
    if (measure(unit.trimEnd(), fontPx) > widthPx) hasCutWord = true;
  }
  return { lines, hasCutWord };
}

/** How a headline fits in every place the portal shows it. */
export function fitHeadline(headline: string, measure: MeasureText): HeadlineFit[] {
  return HEADLINE_PLACES.map((place) => {
    const { lines, hasCutWord } = countLines(headline, place.widthPx, place.fontPx, measure);
    return { place, lines, hasCutWord, isOver: lines > place.maxLines || hasCutWord };
  });
}

/** `2 lines on desktop · 4 lines on mobile · 1 line on the home page`. */
export function describeFit(fits: readonly HeadlineFit[]): string {
  return fits
    .map((fit) => `${fit.lines} line${fit.lines === 1 ? '' : 's'} ${fit.place.label}`)
    .join(' · ');
}

/** The warnings of a fit: each place where the headline runs past its lines or cuts a word. */
export function fitWarnings(fits: readonly HeadlineFit[]): string[] {
  return fits.flatMap((fit) => {
    const where =
      fit.place.id === 'card' ? 'the home page card' : `the article page ${fit.place.label}`;
    return [
      ...(fit.lines > fit.place.maxLines
        ? [`Too long for ${where}: ${fit.lines} lines, ${fit.place.maxLines} at most.`]
        : []),
      ...(fit.hasCutWord ? [`A word is wider than ${where} and would be cut.`] : []),
    ];
  });
}

/** Measures CJK characters as one em each (CJK fonts are square), the rest with `measure`. */
export function withSquareCjk(measure: MeasureText): MeasureText {
  return (text, fontPx) => {
    let width = 0;
    let run = '';
    for (const character of text) {
      if (CJK.test(character)) {
        if (run !== '') width += measure(run, fontPx);
        run = '';
        width += fontPx;
      } else {
        run += character;
      }
    }
    return run === '' ? width : width + measure(run, fontPx);
  };
}
