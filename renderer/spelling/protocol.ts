import type { TextCheck } from '../../shared/style/check';
import type { StyleRule } from '../../shared/style/rules';

/** The dictionaries bundled with the workstation (Hunspell en-US and en-GB, from npm). */
export const SPELLING_LANGUAGES = ['en-US', 'en-GB'] as const;
export type SpellingLanguage = (typeof SPELLING_LANGUAGES)[number];

/** Where the worker fetches a dictionary's two files (bundled assets of the app). */
export interface DictionaryFiles {
  aff: string;
  dic: string;
}

/** What the page asks the checking worker. */
export type CheckerRequest =
  | { type: 'dictionaries'; files: Record<SpellingLanguage, DictionaryFiles> }
  | { type: 'load'; language: SpellingLanguage }
  | { type: 'rules'; rules: StyleRule[] }
  | { type: 'words'; words: string[] }
  | { type: 'style'; id: number; texts: string[] }
  | { type: 'spell'; id: number; language: SpellingLanguage; words: string[] }
  | { type: 'suggest'; id: number; language: SpellingLanguage; word: string };

/** What the checking worker answers. */
export type CheckerAnswer =
  | { type: 'styleStarted'; id: number }
  | { type: 'styled'; id: number; texts: string[]; checks: TextCheck[] }
  | {
      type: 'spelled';
      id: number;
      language: SpellingLanguage;
      words: string[];
      misspelled: string[];
    }
  | { type: 'suggested'; id: number; suggestions: string[] }
  | { type: 'ruleProblems'; problems: string[] }
  | { type: 'failed'; id: number | null; message: string };
