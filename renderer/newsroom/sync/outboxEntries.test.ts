import { describe, expect, it } from 'vitest';
import { blankStoryFields, workflowOf } from '../../../shared/story/story';
import { buildStory } from '../../../tests/support/buildStory';
import { newsroomStatusFor } from '../../../tests/support/newsroomStatus';
import type { EventRow, NewsroomCopyRow, OutboxRow, VersionRow } from '../../db/db';
import {
  describeEntry,
  nextBatch,
  outboxAccountOf,
  outboxEntriesOf,
  transitionInputOf,
} from './outboxEntries';

const STORY_ID = '0190a000-0000-7000-8000-000000000001';
const OTHER_ID = '0190a000-0000-7000-8000-000000000002';
const ACCOUNT = 'http://127.0.0.1:8400 li.wei';

const copy: NewsroomCopyRow = {
  id: STORY_ID,
  fields: blankStoryFields({ headline: 'On the server', summary: 'Server summary' }),
  state: 'draft',
  owner: 'li.wei',
  ownerName: 'Li Wei',
  changeSeq: 7,
};

function event(action: string, note = ''): EventRow {
  return {
    id: '0190a000-0000-7000-8000-0000000000e1',
    storyId: STORY_ID,
    at: 2000,
    actor: 'Wang Fang',
    role: 'editor',
    action,
    from: 'submitted',
    to: 'returned',
    note,
  };
}

const version = {
  id: '0190a000-0000-7000-8000-0000000000f1',
  storyId: STORY_ID,
  createdAt: 2000,
  author: 'Wang Fang',
  reason: 'transition',
  label: 'x',
  fields: { ...buildStory() },
  bodyState: new Uint8Array([0, 0]),
} satisfies VersionRow;

function transition(action: string, note = '', workflow = workflowOf(buildStory())) {
  return outboxEntriesOf(
    {
      kind: 'story:transition',
      storyId: STORY_ID,
      from: 'submitted',
      workflow,
      updatedAt: 2000,
      event: event(action, note),
      version,
    },
    copy,
  );
}

function row(seq: number, entry: OutboxRow['entry']): OutboxRow {
  return { seq, storyId: entry.storyId, at: seq, account: ACCOUNT, login: 'li.wei', entry };
}

describe('what a local change asks of the newsroom server', () => {
  it('sends a field edit with the values the server had when it was made, and nothing for a body-only edit', () => {
    const edit = (fields: Record<string, string>, known: NewsroomCopyRow | undefined) =>
      outboxEntriesOf(
        { kind: 'story:edit', storyId: STORY_ID, fields, wordCount: 3, updatedAt: 3, body: null },
        known,
      );
    expect({
      known: edit({ headline: 'Mine' }, copy),
      notYetOnServer: edit({ headline: 'Mine' }, undefined),
      bodyOnly: edit({}, copy),
    }).toEqual({
      known: [
        {
          kind: 'update',
          storyId: STORY_ID,
          changes: { headline: 'Mine' },
          base: { headline: 'On the server' },
        },
      ],
      notYetOnServer: [
        {
          kind: 'update',
          storyId: STORY_ID,
          changes: { headline: 'Mine' },
          base: { headline: 'Mine' },
        },
      ],
      bodyOnly: [],
    });
  });

  it('names each transition with the input its action takes, and leaves releases to the server', () => {
    const base = { kind: 'transition', storyId: STORY_ID, eventId: event('x').id };
    expect({
      return: transition('return', 'Add a quote.'),
      submit: transition('submit'),
      unpublish: transition('unpublish', 'Legal asked.'),
      correction: transition('publishCorrection', 'Fixed the date.', {
        ...workflowOf(buildStory()),
        correctionNote: 'Fixed the date.',
      }),
      schedule: transition('schedule', '', { ...workflowOf(buildStory()), scheduledAt: 9000 }),
      release: transition('release'),
    }).toEqual({
      return: [{ ...base, action: 'return', note: 'Add a quote.' }],
      submit: [{ ...base, action: 'submit' }],
      unpublish: [{ ...base, action: 'unpublish', reason: 'Legal asked.' }],
      correction: [{ ...base, action: 'publishCorrection', correctionNote: 'Fixed the date.' }],
      schedule: [{ ...base, action: 'schedule', scheduledAt: 9000 }],
      release: [],
    });
  });

  it('sends new stories and notes, and keeps versions and scheduler claims here', () => {
    const story = buildStory({ headline: 'New' });
    const note = {
      id: 'n1',
      storyId: STORY_ID,
      at: 1,
      author: 'Li Wei',
      role: 'reporter',
      text: 'Hi',
    };
    expect([
      outboxEntriesOf({ kind: 'story:create', story, body: new Uint8Array() }, undefined),
      outboxEntriesOf({ kind: 'note:add', note }, copy),
      outboxEntriesOf({ kind: 'version:add', version }, copy),
      outboxEntriesOf({ kind: 'trail:claim', event: event('release') }, copy),
      outboxEntriesOf({ kind: 'trail:unclaim', storyId: STORY_ID, eventId: 'e' }, copy),
    ]).toEqual([
      [{ kind: 'create', storyId: story.id }],
      [{ kind: 'note', storyId: STORY_ID, noteId: 'n1', text: 'Hi' }],
      [],
      [],
      [],
    ]);
  });
});

describe('the next request of the outbox', () => {
  it('joins the field updates of one story that follow each other, keeping the first base of each field', () => {
    const rows = [
      row(1, {
        kind: 'update',
        storyId: STORY_ID,
        changes: { headline: 'A' },
        base: { headline: 'S' },
      }),
      row(2, {
        kind: 'update',
        storyId: STORY_ID,
        changes: { headline: 'AB', summary: 'x' },
        base: { headline: 'A', summary: 'T' },
      }),
      row(3, {
        kind: 'update',
        storyId: OTHER_ID,
        changes: { headline: 'Z' },
        base: { headline: 'Y' },
      }),
    ];
    expect(nextBatch(rows)).toEqual({
      rows: rows.slice(0, 2),
      entry: {
        kind: 'update',
        storyId: STORY_ID,
        changes: { headline: 'AB', summary: 'x' },
        base: { headline: 'S', summary: 'T' },
      },
    });
  });

  it('sends anything else alone, in order, and nothing when the outbox is empty', () => {
    const transitionRow = row(1, {
      kind: 'transition',
      storyId: STORY_ID,
      eventId: 'e1',
      action: 'submit',
    });
    const update = row(2, { kind: 'update', storyId: STORY_ID, changes: {}, base: {} });
    expect([nextBatch([transitionRow, update]), nextBatch([])]).toEqual([
      { rows: [transitionRow], entry: transitionRow.entry },
      null,
    ]);
  });

  it('asks story:transition with the story id and the action’s input', () => {
    expect(
      transitionInputOf({
        kind: 'transition',
        storyId: STORY_ID,
        eventId: 'e1',
        action: 'return',
        note: 'Fix it.',
      }),
    ).toEqual({ id: STORY_ID, eventId: 'e1', action: 'return', note: 'Fix it.' });
  });
});

describe('whose the outbox rows are', () => {
  const status = newsroomStatusFor;

  it('names an account by its server and login, so the same login elsewhere is another account', () => {
    expect({
      signedIn: outboxAccountOf(status({})),
      otherServer: outboxAccountOf(status({ serverUrl: 'https://newsroom.example' })),
      neverSignedIn: outboxAccountOf(status({ serverUrl: null, login: null, user: null })),
      unknown: outboxAccountOf(null),
    }).toEqual({
      signedIn: { key: ACCOUNT, login: 'li.wei' },
      otherServer: { key: 'https://newsroom.example li.wei', login: 'li.wei' },
      neverSignedIn: null,
      unknown: null,
    });
  });

  it('describes each waiting change in the story view’s words', () => {
    expect([
      describeEntry({ kind: 'create', storyId: STORY_ID }),
      describeEntry({
        kind: 'update',
        storyId: STORY_ID,
        changes: { headline: 'Canal reopens', keywords: ['canal', 'Wuxi'], leadPhoto: null },
        base: {},
      }),
      describeEntry({ kind: 'note', storyId: STORY_ID, noteId: 'n1', text: 'Check the date.' }),
      describeEntry({ kind: 'transition', storyId: STORY_ID, eventId: 'e1', action: 'submit' }),
    ]).toEqual([
      ['The story itself (made here, not yet in the newsroom)'],
      ['Headline: “Canal reopens”', 'Keywords: “canal, Wuxi”', 'Lead photo: none'],
      ['Note: “Check the date.”'],
      ['Submit to desk'],
    ]);
  });
});
