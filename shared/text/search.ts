/** The longest search term kept: longer runs are cut, so a query of their start still finds them. */
const MAX_TERM_LENGTH = 40;
const HAN = /\p{Script=Han}/u;

/** Intl.Segmenter instances are costly to make; one per locale is enough. */
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  const existing = segmenters.get(locale);
  if (existing !== undefined) return existing;
  const created = new Intl.Segmenter(locale, { granularity: 'word' });
  segmenters.set(locale, created);
  return created;
}

/**
 * The words of a text for searching: lower-cased, normalised (NFKC, so full-width letters match
 * their ASCII forms), split by `Intl.Segmenter` with a Chinese dictionary so that `无锡物联网` yields
 * `无锡` and `物联网` rather than one run. Punctuation and spaces drop out; order kept, no repeats.
 */
export function segmentWords(text: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const words: string[] = [];
  for (const segment of segmenterFor('zh').segment(normalised)) {
    if (segment.isWordLike === true) words.push(segment.segment.slice(0, MAX_TERM_LENGTH));
  }
  return [...new Set(words)];
}

/**
 * The terms a story is indexed under (the multi-entry `searchTerms` index): the words of headline,
 * slug and keywords, and every single Han character, so that a query the segmenter cuts differently
 * (`物联` against the indexed `物联网`) still finds the story by prefix or by character.
 */
export function storySearchTerms(fields: {
  headline: string;
  slug: string;
  keywords: readonly string[];
}): string[] {
  const words = segmentWords(
    [fields.headline, fields.slug.replace(/-/g, ' '), ...fields.keywords].join('\n'),
  );
  const hanCharacters = words.flatMap((word) =>
    word.length > 1 ? [...word].filter((character) => HAN.test(character)) : [],
  );
  return [...new Set([...words, ...hanCharacters])];
}

/**
 * The terms of a search query, each to be matched as a prefix of an indexed term; a story matches
 * when every term does. Multi-character Chinese words the index may hold cut differently are split
 * into their characters, which the index always holds.
 */
export function queryTerms(query: string): string[] {
  const terms = segmentWords(query).flatMap((word) =>
    [...word].some((character) => HAN.test(character)) && [...word].length > 1
      ? [...word].filter((character) => HAN.test(character))
      : [word],
  );
  return [...new Set(terms)];
}
