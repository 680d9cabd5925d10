import type { TextCheck } from '../../shared/style/check';
import type { StyleRule } from '../../shared/style/rules';
import { NEWSROOM_WORDS } from '../../shared/style/newsroomWords';
import type { CheckerAnswer, CheckerRequest, DictionaryFiles, SpellingLanguage } from './protocol';

/** The bundled dictionaries, as assets of the app (fetched by the worker, never from the network). */
const DICTIONARY_FILES: Record<SpellingLanguage, DictionaryFiles> = {
  'en-US': {
    aff: new URL('../../node_modules/dictionary-en/index.aff?no-inline', import.meta.url).href,
    dic: new URL('../../node_modules/dictionary-en/index.dic', import.meta.url).href,
  },
  'en-GB': {
    aff: new URL('../../node_modules/dictionary-en-gb/index.aff?no-inline', import.meta.url).href,
    dic: new URL('../../node_modules/dictionary-en-gb/index.dic', import.meta.url).href,
  },
};

/**
 * How long a house-style check may run in the worker (from when it starts) before the worker is
 * stopped: a rule that backtracks on some text would otherwise hold spelling up for good.
 */
const STYLE_TIMEOUT_MS = 4000;
/** Texts kept checked; past this the oldest are forgotten (a story has a few thousand at most). */
const MAX_CACHED_TEXTS = 20_000;

/** The spelling dictionary for a story language: English stories only; others are not checked. */
export function spellingLanguageOf(language: string): SpellingLanguage | null {
  const normalized = language.toLowerCase();
  if (normalized === 'en-gb' || normalized.startsWith('en-gb-')) return 'en-GB';
  if (normalized === 'en' || normalized.startsWith('en-')) return 'en-US';
  return null;
}

/**
 * Spelling and house style for the whole renderer: one worker, and caches in the page so a view
 * asks synchronously (`styleOf`, `spellingOf`) and is told (`subscribe`) when answers arrive. A
 * view reads `version()` to know that something it asked about may have changed.
 */
export interface Checker {
  /** Changes with every answer. */
  version(): number;
  /** Changes only when earlier answers no longer hold (new rules, new words, a stopped check). */
  epoch(): number;
  subscribe(listener: () => void): () => void;
  /** The style check of a text, or undefined while it is being checked. */
  styleOf(text: string): TextCheck | undefined;
  /** Whether a word is misspelled; undefined while it is being looked up. */
  spellingOf(word: string, language: SpellingLanguage): boolean | undefined;
  suggest(word: string, language: SpellingLanguage): Promise<string[]>;
  setRules(rules: readonly StyleRule[]): void;
  /** The words people added (with the newsroom's own list, always known). */
  setWords(words: readonly string[]): void;
  /** Why house style or spelling is not checked right now, if it is not. */
  problem(): string | null;
  /** Starts loading a dictionary ahead of need. */
  preload(language: SpellingLanguage): void;
  /** Whether views check at all (the benchmark compares typing with checking on and off). */
  isEnabled(): boolean;
  setEnabled(isOn: boolean): void;
}

/** What the checker needs of its worker (a Web Worker; tests give a stand-in). */
export interface CheckerWorker {
  postMessage(request: CheckerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CheckerAnswer>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** Creates a checker around a worker (created by `startWorker`, again after a stop). */
export function createChecker(startWorker: () => CheckerWorker): Checker {
  const listeners = new Set<() => void>();
  let version = 0;
  let epoch = 0;
  let isEnabled = true;
  let worker: CheckerWorker | null = null;
  let rules: readonly StyleRule[] = [];
  /** Rules whose check overran: not applied again until they change. */
  let stoppedRules: readonly StyleRule[] | null = null;
  let words: readonly string[] = NEWSROOM_WORDS;
  /** The same words, to look up: an answer never calls one of them misspelled. */
  let wordSet: ReadonlySet<string> = new Set(words);
  let problem: string | null = null;
  let ruleProblems: string[] = [];
  let nextId = 1;
  const styles = new Map<string, TextCheck>();
  const spelling = new Map<SpellingLanguage, Map<string, boolean>>();
  const askedTexts = new Set<string>();
  const askedWords = new Map<SpellingLanguage, Set<string>>();
  let queuedTexts: string[] = [];
  const queuedWords = new Map<SpellingLanguage, Set<string>>();
  let isFlushScheduled = false;
  const styleTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const suggestions = new Map<number, (words: string[]) => void>();
  let notifyScheduled = false;

  function notify(): void {
    version += 1;
    if (notifyScheduled) return;
    notifyScheduled = true;
    // Answers arrive in bursts (one per batch): views hear of them once per task.
    setTimeout(() => {
      notifyScheduled = false;
      for (const listener of listeners) listener();
    }, 0);
  }

  function post(request: CheckerRequest): void {
    ensureWorker().postMessage(request);
  }

  function ensureWorker(): CheckerWorker {
    if (worker !== null) return worker;
    const started = startWorker();
    worker = started;
    started.addEventListener('message', (event) => {
      if (worker === started) receive(event.data);
    });
    started.addEventListener('error', (event) => {
      if (worker !== started) return;
      problem = `Spelling and house style are not checked: ${event.message || 'the checker stopped'}.`;
      notify();
    });
    started.postMessage({ type: 'dictionaries', files: DICTIONARY_FILES });
    started.postMessage({ type: 'rules', rules: [...rules] });
    started.postMessage({ type: 'words', words: [...words] });
    return started;
  }

  function remember(text: string, check: TextCheck): void {
    if (styles.size >= MAX_CACHED_TEXTS) {
      const oldest = styles.keys().next();
      if (oldest.done !== true) styles.delete(oldest.value);
    }
    styles.set(text, check);
  }

  function receive(answer: CheckerAnswer): void {
    switch (answer.type) {
      case 'styleStarted':
        styleTimers.set(answer.id, setTimeout(stopForSlowRule, STYLE_TIMEOUT_MS));
        return;
      case 'styled': {
        const timer = styleTimers.get(answer.id);
        if (timer !== undefined) clearTimeout(timer);
        styleTimers.delete(answer.id);
        answer.texts.forEach((text, index) => {
          askedTexts.delete(text);
          const check = answer.checks[index];
          if (check !== undefined) remember(text, check);
        });
        notify();
        return;
      }
      case 'spelled': {
        const known = spellingMap(answer.language);
        const misspelled = new Set(answer.misspelled);
        for (const word of answer.words) {
          // A lookup answered before a word added meanwhile reached the worker is out of date.
          known.set(word, misspelled.has(word) && !wordSet.has(word));
          askedWords.get(answer.language)?.delete(word);
        }
        notify();
        return;
      }
      case 'suggested':
        suggestions.get(answer.id)?.(answer.suggestions);
        suggestions.delete(answer.id);
        return;
      case 'ruleProblems':
        ruleProblems = answer.problems;
        notify();
        return;
      case 'failed':
        if (answer.id !== null) {
          suggestions.get(answer.id)?.([]);
          suggestions.delete(answer.id);
        }
        problem = `Spelling is not checked: ${answer.message}.`;
        notify();
        return;
    }
  }

  function spellingMap(language: SpellingLanguage): Map<string, boolean> {
    let known = spelling.get(language);
    if (known === undefined) {
      known = new Map();
      spelling.set(language, known);
    }
    return known;
  }

  /** A style check that overran: the worker is stopped and house style is off until rules change. */
  function stopForSlowRule(): void {
    worker?.terminate();
    worker = null;
    for (const timer of styleTimers.values()) clearTimeout(timer);
    styleTimers.clear();
    askedTexts.clear();
    for (const asked of askedWords.values()) asked.clear();
    epoch += 1;
    stoppedRules = rules;
    problem =
      'House style is not checked: a rule took too long on this text (its pattern probably backtracks). An editor can fix or switch off the rule under House style.';
    rules = [];
    notify();
  }

  function flush(): void {
    isFlushScheduled = false;
    if (queuedTexts.length > 0) {
      const id = nextId++;
      post({ type: 'style', id, texts: queuedTexts });
      queuedTexts = [];
    }
    for (const [language, queued] of queuedWords) {
      if (queued.size === 0) continue;
      post({ type: 'spell', id: nextId++, language, words: [...queued] });
      queued.clear();
    }
  }

  function scheduleFlush(): void {
    if (isFlushScheduled) return;
    isFlushScheduled = true;
    // Every view asks during one render: their questions go to the worker together.
    setTimeout(flush, 0);
  }

  function resetStyles(): void {
    epoch += 1;
    styles.clear();
    askedTexts.clear();
    notify();
  }

  return {
    version: () => version,
    epoch: () => epoch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    styleOf(text) {
      const known = styles.get(text);
      if (known !== undefined || askedTexts.has(text)) return known;
      if (rules.length === 0) return { issues: [], mentions: [] };
      askedTexts.add(text);
      queuedTexts.push(text);
      scheduleFlush();
      return undefined;
    },
    spellingOf(word, language) {
      const known = spellingMap(language).get(word);
      if (known !== undefined) return known;
      let asked = askedWords.get(language);
      if (asked === undefined) {
        asked = new Set();
        askedWords.set(language, asked);
      }
      if (!asked.has(word)) {
        asked.add(word);
        let queued = queuedWords.get(language);
        if (queued === undefined) {
          queued = new Set();
          queuedWords.set(language, queued);
        }
        queued.add(word);
        scheduleFlush();
      }
      return undefined;
    },
    suggest(word, language) {
      return new Promise((resolve) => {
        const id = nextId++;
        suggestions.set(id, resolve);
        post({ type: 'suggest', id, language, word });
      });
    },
    setRules(next) {
      if (next === rules || next === stoppedRules) return;
      rules = next;
      if (problem?.startsWith('House style') === true) problem = null;
      post({ type: 'rules', rules: [...next] });
      resetStyles();
    },
    setWords(added) {
      const next = [...new Set([...NEWSROOM_WORDS, ...added])];
      const fresh = next.filter((word) => !words.includes(word));
      words = next;
      wordSet = new Set(next);
      if (fresh.length === 0) return;
      post({ type: 'words', words: fresh });
      // A word now known stops being flagged: ask again about the words thought misspelled.
      for (const known of spelling.values()) {
        for (const [word, isMisspelled] of known) if (isMisspelled) known.delete(word);
      }
      epoch += 1;
      notify();
    },
    problem: () => problem ?? (ruleProblems.length > 0 ? ruleProblems.join(' ') : null),
    preload(language) {
      post({ type: 'load', language });
    },
    isEnabled: () => isEnabled,
    setEnabled(isOn) {
      if (isOn === isEnabled) return;
      isEnabled = isOn;
      epoch += 1;
      notify();
    },
  };
}

let shared: Checker | null = null;

/** The renderer's one checker (its worker starts on first use). */
export function checker(): Checker {
  shared ??= createChecker(
    () => new Worker(new URL('./checker.worker.ts', import.meta.url), { type: 'module' }),
  );
  return shared;
}
