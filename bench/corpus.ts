/**
 * Deterministic newsroom-like text for the benchmarks: the same seed gives the same words in every
 * run and in both processes, so a figure and its baseline always work on identical text.
 */

const VOCABULARY = (
  'Wuxi city government district officials said on Tuesday that the new industrial park ' +
  'would open to investors next spring after the provincial authorities approved its plan ' +
  'residents along the Grand Canal welcomed the project which is expected to create thousands ' +
  'of jobs in manufacturing logistics and research the mayor told reporters at a press ' +
  'conference in Nanjing where delegates from Jiangsu signed a cooperation agreement on ' +
  'internet of things sensors electric vehicles and integrated circuits tourism along Taihu ' +
  'lake rose sharply during the holiday with hotels reporting record bookings while museums ' +
  'extended their opening hours for visitors from Shanghai Suzhou and abroad students ' +
  'volunteers farmers engineers teachers and doctors joined the celebrations'
)
  .toLowerCase()
  .split(' ');

/** A small fast PRNG (mulberry32): reproducible, and good enough to vary sentence shapes. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words per paragraph: a wire story's paragraphs run 30–80 words; 60 keeps block counts honest. */
export const WORDS_PER_PARAGRAPH = 60;

/** `words` words of prose as paragraphs of sentences, ending with full stops. */
export function paragraphsOf(words: number, seed = 1): string[] {
  const random = createRandom(seed);
  const paragraphs: string[] = [];
  let remaining = words;
  while (remaining > 0) {
    const length = Math.min(remaining, WORDS_PER_PARAGRAPH);
    remaining -= length;
    const parts: string[] = [];
    let sentenceStart = true;
    for (let index = 0; index < length; index += 1) {
      let word = VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? 'news';
      if (sentenceStart) word = word.charAt(0).toUpperCase() + word.slice(1);
      sentenceStart = index === length - 1 || random() < 0.07;
      parts.push(sentenceStart ? `${word}.` : word);
    }
    paragraphs.push(parts.join(' '));
  }
  return paragraphs;
}

/** A short headline-like phrase (for the stories list and the portal archive). */
export function headlineOf(random: () => number): string {
  const length = 5 + Math.floor(random() * 6);
  const words: string[] = [];
  for (let index = 0; index < length; index += 1) {
    words.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? 'news');
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text typed in the typing benchmarks: words and spaces, as a reporter types them. */
export const TYPED_TEXT = 'the delegation will visit the canal district on friday ';
