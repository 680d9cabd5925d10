declare module 'nspell' {
  /** A Hunspell-compatible checker over one dictionary (nspell's API, the part we use). */
  interface NSpell {
    correct(word: string): boolean;
    suggest(word: string): string[];
    add(word: string, model?: string): NSpell;
  }
  export default function nspell(dictionary: { aff: string; dic: string }): NSpell;
}
