import { describe, expect, it } from 'vitest';
import { listenToEvents } from '../../tests/support/eventStream';
import { STORE_KINDS } from '../store/testing/storeHarness';
import { useNewsroomHarness, type NewsroomHarness } from '../testing/newsroomHarness';

describe.each(STORE_KINDS)('the newsroom dictionary on the %s store', (kind) => {
  let harness: NewsroomHarness;
  useNewsroomHarness(kind, (started) => (harness = started));

  it('takes a word from any signed-in role, once, and lists every word sorted', async () => {
    const before = await harness.value('words:list', {}, 'editor');
    const added = [
      await harness.value('words:add', { word: '  Xuelang ' }, 'reporter'),
      await harness.value('words:add', { word: 'Liangxi-based' }, 'photoDesk'),
      await harness.value('words:add', { word: "Xi'an" }, 'editor'),
      await harness.value('words:add', { word: 'Xuelang' }, 'otherReporter'),
      await harness.value('words:add', { word: 'erhu' }, 'otherReporter'),
    ];
    const c = before.cursor;
    expect({ before, added, after: await harness.value('words:list', {}, 'photoDesk') }).toEqual({
      before: { words: [], cursor: c },
      added: [
        { word: 'Xuelang', isNew: true, cursor: c + 1 },
        { word: 'Liangxi-based', isNew: true, cursor: c + 2 },
        { word: "Xi'an", isNew: true, cursor: c + 3 },
        { word: 'Xuelang', isNew: false, cursor: c + 3 },
        { word: 'erhu', isNew: true, cursor: c + 4 },
      ],
      after: { words: ['erhu', 'Liangxi-based', "Xi'an", 'Xuelang'], cursor: c + 4 },
    });
  });

  it('refuses anything but one word, before it reaches the store, and without a token', async () => {
    const bad = [
      'two words',
      'COVID-19',
      '-lead',
      "trail'",
      'a--b',
      '',
      'x'.repeat(61),
      '<b>x</b>',
    ];
    const answers = await Promise.all(
      bad.map((word) => harness.call('words:add', { word }, 'reporter')),
    );
    const unsigned = await harness.call('words:add', { word: 'Huishan' }, null);
    const listed = await harness.value('words:list', {}, 'reporter');
    expect({
      statuses: answers.map((answer) => answer.status),
      reasons: answers.map((answer) => (answer.body.ok ? null : answer.body.error.reasons)),
      unsigned: unsigned.status,
      stored: listed.words.filter((word) => bad.includes(word) || word === 'Huishan'),
    }).toEqual({
      statuses: bad.map(() => 400),
      reasons: [
        ...Array.from({ length: 5 }, () => [
          'word: A dictionary word is one word: letters, with apostrophes or hyphens only between them.',
        ]),
        ['word: Type the word to add.'],
        ['word: A dictionary word is at most 60 characters.'],
        [
          'word: A dictionary word is one word: letters, with apostrophes or hyphens only between them.',
        ],
      ],
      unsigned: 401,
      stored: [],
    });
  });

  it('tells every open event stream the new words cursor within seconds', async () => {
    const stream = listenToEvents(harness.url, harness.tokens.editor);
    try {
      const opening = await stream.waitFor((data) => data.includes('"words"'), 10_000);
      const { cursor } = await harness.value('words:add', { word: 'Huishan' }, 'reporter');
      const told = await stream.waitFor(
        (data) => data === JSON.stringify({ type: 'words', cursor }),
        10_000,
      );
      const listed = await harness.value('words:list', {}, 'editor');
      expect({
        opening: opening === null ? null : JSON.parse(opening.data),
        isTold: told !== null,
        listed: listed.cursor === cursor && listed.words.includes('Huishan'),
      }).toEqual({ opening: { type: 'words', cursor: cursor - 1 }, isTold: true, listed: true });
    } finally {
      await stream.close();
    }
  });
});
