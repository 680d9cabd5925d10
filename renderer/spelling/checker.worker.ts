/**
 * The checking worker: spelling (nspell over the bundled Hunspell dictionaries) and house style,
 * off the page's thread, so neither a dictionary load nor a slow rule ever delays a keystroke.
 */
import nspell from 'nspell';
import { checkTextFully, compileRules, type CompiledRules } from '../../shared/style/check';
import type { CheckerAnswer, CheckerRequest, DictionaryFiles, SpellingLanguage } from './protocol';

/** The parts of the worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  postMessage(answer: CheckerAnswer): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CheckerRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

let files: Record<SpellingLanguage, DictionaryFiles> | null = null;
const spellers = new Map<SpellingLanguage, Promise<ReturnType<typeof nspell>>>();
let extraWords: string[] = [];
let rules: CompiledRules = compileRules([]);

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function speller(language: SpellingLanguage) {
  let loading = spellers.get(language);
  if (loading === undefined) {
    const source = files?.[language];
    if (source === undefined) return Promise.reject(new Error('No dictionary files were given'));
    loading = Promise.all([fetchText(source.aff), fetchText(source.dic)]).then(([aff, dic]) => {
      const loaded = nspell({ aff, dic });
      for (const word of extraWords) loaded.add(word);
      return loaded;
    });
    spellers.set(language, loading);
  }
  return loading;
}

async function handle(request: CheckerRequest): Promise<void> {
  switch (request.type) {
    case 'dictionaries':
      files = request.files;
      return;
    case 'load':
      await speller(request.language);
      return;
    case 'rules':
      rules = compileRules(request.rules);
      scope.postMessage({
        type: 'ruleProblems',
        problems: rules.problems.map((problem) => problem.message),
      });
      return;
    case 'words': {
      const added = request.words.filter((word) => !extraWords.includes(word));
      extraWords = [...extraWords, ...added];
      for (const loading of spellers.values()) {
        const loaded = await loading;
        for (const word of added) loaded.add(word);
      }
      return;
    }
    case 'style':
      // The page times the check from here: a dictionary loading before it is not the rules' fault.
      scope.postMessage({ type: 'styleStarted', id: request.id });
      scope.postMessage({
        type: 'styled',
        id: request.id,
        texts: request.texts,
        checks: request.texts.map((text) => checkTextFully(rules, text)),
      });
      return;
    case 'spell': {
      const loaded = await speller(request.language);
      scope.postMessage({
        type: 'spelled',
        id: request.id,
        language: request.language,
        words: request.words,
        misspelled: request.words.filter((word) => !loaded.correct(word)),
      });
      return;
    }
    case 'suggest': {
      const loaded = await speller(request.language);
      scope.postMessage({
        type: 'suggested',
        id: request.id,
        suggestions: loaded.suggest(request.word).slice(0, 8),
      });
      return;
    }
  }
}

// Spelling requests run one at a time, in order (a word added before a check is known to that
// check); house style needs no dictionary, so it never waits behind one that is loading.
let queue = Promise.resolve();
scope.addEventListener('message', (event) => {
  const request = event.data;
  const isImmediate =
    request.type === 'style' || request.type === 'rules' || request.type === 'dictionaries';
  queue = (isImmediate ? Promise.resolve() : queue).then(() =>
    handle(request).catch((error: unknown) => {
      scope.postMessage({
        type: 'failed',
        id: 'id' in request ? request.id : null,
        message: error instanceof Error ? error.message : String(error),
      });
    }),
  );
});
