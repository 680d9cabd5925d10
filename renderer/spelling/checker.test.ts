import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkTextFully, compileRules } from '../../shared/style/check';
import { DEFAULT_STYLE_RULES } from '../../shared/style/rules';
import { createChecker, spellingLanguageOf, type CheckerWorker } from './checker';
import type { CheckerAnswer, CheckerRequest } from './protocol';

/**
 * A stand-in for the worker that records what it is asked and answers when told to (the real
 * worker runs in Chromium in tests/e2e/spelling.spec.ts).
 */
function standInWorker() {
  const requests: CheckerRequest[] = [];
  let listener: ((event: MessageEvent<CheckerAnswer>) => void) | null = null;
  let terminated = 0;
  const worker: CheckerWorker = {
    postMessage: (request) => requests.push(request),
    addEventListener: (type: 'message' | 'error', handler: unknown) => {
      if (type === 'message') listener = handler as (event: MessageEvent<CheckerAnswer>) => void;
    },
    terminate: () => {
      terminated += 1;
    },
  };
  return {
    worker,
    requests,
    answer(answer: CheckerAnswer) {
      listener?.({ data: answer } as MessageEvent<CheckerAnswer>);
    },
    terminated: () => terminated,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the checker in the page', () => {
  it('asks the worker once per new text and word, in one batch, and keeps the answers', () => {
    const stand = standInWorker();
    const checker = createChecker(() => stand.worker);
    checker.setRules(DEFAULT_STYLE_RULES);
    expect(checker.styleOf('Up 5%.')).toBeUndefined();
    expect(checker.styleOf('Up 5%.')).toBeUndefined();
    expect(checker.spellingOf('goverment', 'en-US')).toBeUndefined();
    expect(checker.spellingOf('said', 'en-US')).toBeUndefined();
    vi.runOnlyPendingTimers();
    const asked = stand.requests.filter(
      (request) => request.type === 'style' || request.type === 'spell',
    );
    expect(asked).toEqual([
      { type: 'style', id: 1, texts: ['Up 5%.'] },
      { type: 'spell', id: 2, language: 'en-US', words: ['goverment', 'said'] },
    ]);
    const check = checkTextFully(compileRules(DEFAULT_STYLE_RULES), 'Up 5%.');
    stand.answer({ type: 'styled', id: 1, texts: ['Up 5%.'], checks: [check] });
    stand.answer({
      type: 'spelled',
      id: 2,
      language: 'en-US',
      words: ['goverment', 'said'],
      misspelled: ['goverment'],
    });
    expect(checker.styleOf('Up 5%.')).toEqual(check);
    expect(checker.spellingOf('goverment', 'en-US')).toBe(true);
    expect(checker.spellingOf('said', 'en-US')).toBe(false);
    vi.runOnlyPendingTimers();
    expect(stand.requests.filter((request) => request.type === 'style')).toHaveLength(1);
  });

  it('stops a worker whose style check overruns, says why, and keeps spelling going', () => {
    const stand = standInWorker();
    const checker = createChecker(() => stand.worker);
    checker.setRules(DEFAULT_STYLE_RULES);
    checker.styleOf('aaaa');
    vi.runOnlyPendingTimers();
    // Waiting behind a dictionary load is not overrunning: the clock starts with the check.
    vi.advanceTimersByTime(10_000);
    expect(stand.terminated()).toBe(0);
    stand.answer({ type: 'styleStarted', id: 1 });
    vi.advanceTimersByTime(4000);
    expect(stand.terminated()).toBe(1);
    expect(checker.problem()).toMatch(/^House style is not checked: a rule took too long/);
    // House style is off: texts are fine without asking; the same rules are not applied again.
    expect(checker.styleOf('aaaa')).toEqual({ issues: [], mentions: [] });
    checker.setRules(DEFAULT_STYLE_RULES);
    expect(checker.styleOf('bbbb')).toEqual({ issues: [], mentions: [] });
    expect(checker.spellingOf('word', 'en-US')).toBeUndefined();
  });

  it('forgets misspellings when words are added, so they are asked again', () => {
    const stand = standInWorker();
    const checker = createChecker(() => stand.worker);
    checker.spellingOf('Qiaoyuanli', 'en-US');
    vi.runOnlyPendingTimers();
    stand.answer({
      type: 'spelled',
      id: 1,
      language: 'en-US',
      words: ['Qiaoyuanli'],
      misspelled: ['Qiaoyuanli'],
    });
    const epoch = checker.epoch();
    checker.setWords(['Qiaoyuanli']);
    expect(checker.epoch()).toBe(epoch + 1);
    expect(stand.requests).toContainEqual({ type: 'words', words: ['Qiaoyuanli'] });
    expect(checker.spellingOf('Qiaoyuanli', 'en-US')).toBeUndefined();
  });

  it('takes no late misspelling for a word added while it was being looked up', () => {
    const stand = standInWorker();
    const checker = createChecker(() => stand.worker);
    checker.spellingOf('Hongshanzhen', 'en-US');
    vi.runOnlyPendingTimers();
    // The worker answers the lookup it had before the word reached it.
    checker.setWords(['Hongshanzhen']);
    stand.answer({
      type: 'spelled',
      id: 1,
      language: 'en-US',
      words: ['Hongshanzhen'],
      misspelled: ['Hongshanzhen'],
    });
    expect(checker.spellingOf('Hongshanzhen', 'en-US')).toBe(false);
  });
});

describe('spellingLanguageOf', () => {
  it('checks English stories in American or British English, and nothing else', () => {
    expect(['en', 'en-US', 'en-GB', 'en-gb', 'zh', 'zh-CN'].map(spellingLanguageOf)).toEqual([
      'en-US',
      'en-US',
      'en-GB',
      'en-GB',
      null,
      null,
    ]);
  });
});
