import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Figure } from '../../shared/api/newsroom';
import { buildStory } from '../../tests/support/buildStory';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../shared/ids';
import { addParagraphsOffline, collabSocket, textOfDoc } from '../../tests/support/collabClient';
import { STORE_KINDS } from '../store/testing/storeHarness';
import { COMMAND_LINE_ACTOR, hashToken } from '../accounts/accounts';
import { docOfState } from '../stories/storyBody';
import { startCollabHarness, useCollabHarness, type CollabHarness } from './testing/collabHarness';

const PHOTO_DESK_LINE =
  'The photo desk edits the lead photo and figures; the text is the newsroom’s.';
const SUBMITTED_LINE = 'Submitted to the desk: withdraw it to make changes.';

/** The server's copy of a story body, as `story:body` answers it. */
async function serverText(harness: CollabHarness, id: string): Promise<string> {
  const { state } = await harness.value('story:body', { id }, 'editor');
  return textOfDoc(docOfState(Buffer.from(state, 'base64')));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(STORE_KINDS)('story bodies over /collab (%s store)', (kind) => {
  const suite = useCollabHarness(kind);

  it('relays typing between clients, tells each its rights, and says when the server has stored it', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    const editor = suite.harness.connect('editor', id);
    await reporter.waitFor(() => reporter.rights() !== null, 'the reporter’s rights');
    await editor.waitFor(() => editor.rights() !== null, 'the editor’s rights');
    reporter.addParagraph('The Grand Canal lanterns');
    reporter.type(' glow at dusk.');
    await editor.waitFor(
      () => editor.text() === 'The Grand Canal lanterns glow at dusk.',
      'the text on the editor’s side',
    );
    await reporter.waitFor(() => reporter.isSynced(), 'a stored message covering the text');
    await editor.waitFor(() => editor.isSynced(), 'the same on the editor’s side');
    expect({
      reporter: reporter.rights(),
      editor: editor.rights(),
      stored: await serverText(suite.harness, id),
    }).toEqual({
      reporter: { type: 'rights', canEdit: true, why: null },
      editor: { type: 'rights', canEdit: true, why: null },
      stored: 'The Grand Canal lanterns glow at dusk.',
    });
  });

  it('does not call a deletion synced until the store holds it', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('Wuxi welcomes the spring tea harvest');
    await reporter.waitFor(() => reporter.isSynced(), 'the paragraph stored');
    const paragraph = reporter.doc.get('content', Y.XmlText).toDelta()[0].insert as Y.XmlText;
    paragraph.delete(5, 13);
    // A deletion moves no state vector: the stored snapshot of before must not cover it.
    expect(reporter.isSynced()).toBe(false);
    await reporter.waitFor(() => reporter.isSynced(), 'the deletion stored');
    expect(await serverText(suite.harness, id)).toBe('Wuxi spring tea harvest');
  });

  it('takes the session token from an Authorization header on the upgrade', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id, { tokenIn: 'header' });
    await reporter.waitFor(() => reporter.rights() !== null, 'rights');
    reporter.addParagraph('By header');
    await reporter.waitFor(() => reporter.isSynced(), 'stored');
    expect(await serverText(suite.harness, id)).toBe('By header');
  });

  it('syncs a body refused before its story existed once it is attached again on the same socket', async () => {
    // A workstation's new story: its body is refused until the outbox has created it, and the
    // provider, let go at the refusal, comes back on the one socket of the workstation.
    const { harness } = suite;
    const id = uuidv7(Date.now(), randomBytes(10));
    const socket = collabSocket(harness.url);
    try {
      const doc = new Y.Doc();
      const early = harness.connect('reporter', id, { socket, doc });
      await early.waitFor(() => early.refusals.length > 0, 'the refusal of a story not there yet');
      early.close();
      await harness.value('story:create', { id, headline: 'Tea harvest' }, 'reporter');
      const again = harness.connect('reporter', id, { socket, doc });
      again.addParagraph('Written before the story reached the server.');
      await again.waitFor(() => again.isSynced(), 'a stored message covering the paragraph');
      expect(await serverText(harness, id)).toBe('Written before the story reached the server.');
    } finally {
      socket.destroy();
    }
  });

  it('refuses documents of stories that do not exist, names that are not story ids, and ended sessions', async () => {
    const missing = suite.harness.connect('reporter', '0190a0c0-0000-7000-8000-000000000000');
    const notAnId = suite.harness.connect('reporter', 'settings');
    await missing.waitFor(() => missing.refusals.length > 0, 'a refusal of the missing story');
    await notAnId.waitFor(() => notAnId.refusals.length > 0, 'a refusal of the name');
    const id = await suite.harness.createStory('reporter');
    const session = await suite.harness.newsroom.accounts.signIn(
      'zhao',
      'correct horse battery',
      'test',
    );
    if (!session.ok) throw new Error(session.error.message);
    await suite.harness.newsroom.store.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('token_hash', '=', hashToken(session.value.token))
      .execute();
    const expired = suite.harness.connect({ token: session.value.token }, id);
    const stranger = suite.harness.connect({ token: 'no-such-token' }, id);
    await expired.waitFor(() => expired.refusals.length > 0, 'a refusal of the expired session');
    await stranger.waitFor(() => stranger.refusals.length > 0, 'a refusal of the unknown token');
    expect({
      missing: missing.refusals[0],
      notAnId: notAnId.refusals[0],
      expired: expired.refusals[0],
      stranger: stranger.refusals[0],
      documents: suite.harness.collab.hocuspocus.documents.has(
        '0190a0c0-0000-7000-8000-000000000000',
      ),
    }).toEqual({
      missing: 'There is no story 0190a0c0-0000-7000-8000-000000000000 on this server.',
      notAnId: 'There is no story settings on this server.',
      expired: 'Your session has ended: sign in again.',
      stranger: 'Your session has ended: sign in again.',
      documents: false,
    });
  });

  it('leaves the server’s copy unchanged when a reporter writes to a submitted story', async () => {
    const id = await suite.harness.createStory('reporter');
    const first = suite.harness.connect('reporter', id);
    first.addParagraph('Filed text.');
    await first.waitFor(() => first.isSynced(), 'the filed text stored');
    first.close();
    await suite.harness.value('story:transition', { id, action: 'submit' }, 'reporter');
    const reporter = suite.harness.connect('reporter', id);
    const editor = suite.harness.connect('editor', id);
    await reporter.waitFor(() => reporter.text() === 'Filed text.', 'the reporter’s copy');
    await editor.waitFor(() => editor.text() === 'Filed text.', 'the editor’s copy');
    reporter.type(' Sneaked in after submitting.');
    reporter.addParagraph('Another paragraph.');
    await pause(2500);
    expect({
      rights: reporter.rights(),
      editorSees: editor.text(),
      server: await serverText(suite.harness, id),
      reporterSynced: reporter.isSynced(),
    }).toEqual({
      rights: { type: 'rights', canEdit: false, why: SUBMITTED_LINE },
      editorSees: 'Filed text.',
      server: 'Filed text.',
      reporterSynced: false,
    });
  });

  it('switches open connections at once when a transition changes who may edit', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    await reporter.waitFor(() => reporter.rights()?.canEdit === true, 'writable rights');
    reporter.addParagraph('Draft.');
    await reporter.waitFor(() => reporter.isSynced(), 'the draft stored');
    const submittedAt = Date.now();
    await suite.harness.value('story:transition', { id, action: 'submit' }, 'reporter');
    await reporter.waitFor(() => reporter.rights()?.canEdit === false, 'read-only rights', 5000);
    const flipMs = Date.now() - submittedAt;
    reporter.type(' Not accepted.');
    await suite.harness.value('story:transition', { id, action: 'startEditing' }, 'editor');
    await suite.harness.value(
      'story:transition',
      { id, action: 'return', note: 'Add a quote from the lantern makers.' },
      'editor',
    );
    await reporter.waitFor(() => reporter.rights()?.canEdit === true, 'writable again', 5000);
    const rights = reporter.messages.filter((message) => message.type === 'rights');
    expect({
      flippedWithinSeconds: flipMs < 5000,
      rights,
      server: await serverText(suite.harness, id),
    }).toEqual({
      flippedWithinSeconds: true,
      rights: [
        { type: 'rights', canEdit: true, why: null },
        { type: 'rights', canEdit: false, why: SUBMITTED_LINE },
        {
          type: 'rights',
          canEdit: false,
          why: 'The desk holds this story; you can read it but not change it.',
        },
        { type: 'rights', canEdit: true, why: null },
      ],
      server: 'Draft.',
    });
  });

  it('switches connections when an editor reassigns a story or a role changes', async () => {
    const id = await suite.harness.createStory('reporter');
    const owner = suite.harness.connect('reporter', id);
    const other = suite.harness.connect('otherReporter', id);
    await other.waitFor(() => other.rights() !== null, 'the other reporter’s rights');
    await owner.waitFor(() => owner.rights() !== null, 'the owner’s rights');
    await suite.harness.value('story:reassign', { id, owner: 'zhao' }, 'editor');
    await other.waitFor(() => other.rights()?.canEdit === true, 'the new owner may write');
    await owner.waitFor(() => owner.rights()?.canEdit === false, 'the old owner may not');
    const changed = await suite.harness.newsroom.accounts.setRole(
      'zhao',
      'photo_desk',
      COMMAND_LINE_ACTOR,
    );
    expect(changed.ok).toBe(true);
    await other.waitFor(() => other.rights()?.canEdit === false, 'the photo desk may not');
    await suite.harness.newsroom.accounts.setRole('zhao', 'reporter', COMMAND_LINE_ACTOR);
    expect({ owner: owner.rights(), other: other.rights()?.why }).toEqual({
      owner: {
        type: 'rights',
        canEdit: false,
        why: 'This story belongs to Zhao Min: you can read it but not change it.',
      },
      other: PHOTO_DESK_LINE,
    });
  });

  it('closes a disabled account’s sockets within seconds and lets nobody reconnect with its token', async () => {
    const id = await suite.harness.createStory('editor');
    const added = await suite.harness.newsroom.accounts.add(
      { login: 'sun', name: 'Sun Li', role: 'editor', password: 'correct horse battery' },
      COMMAND_LINE_ACTOR,
    );
    expect(added.ok).toBe(true);
    const session = await suite.harness.newsroom.accounts.signIn(
      'sun',
      'correct horse battery',
      'test',
    );
    if (!session.ok) throw new Error(session.error.message);
    const colleague = suite.harness.connect('editor', id);
    const sun = suite.harness.connect({ token: session.value.token }, id);
    await sun.waitFor(() => sun.rights() !== null, 'Sun’s rights');
    const disabledAt = Date.now();
    await suite.harness.newsroom.accounts.disable('sun', COMMAND_LINE_ACTOR);
    await sun.waitFor(() => sun.socketCloses.length > 0, 'Sun’s socket closed', 5000);
    const closedMs = Date.now() - disabledAt;
    await sun.waitFor(() => sun.refusals.length > 0, 'the reconnection refused', 5000);
    colleague.addParagraph('Still here.');
    await colleague.waitFor(() => colleague.isSynced(), 'the colleague unaffected');
    expect({
      closedWithinSeconds: closedMs < 3000,
      close: sun.socketCloses[0],
      refusal: sun.refusals[0],
    }).toEqual({
      closedWithinSeconds: true,
      close: { code: 4401, reason: 'Your session has ended: sign in again.' },
      refusal: 'Your session has ended: sign in again.',
    });
  });

  it('closes a socket once its session expires, within seconds', async () => {
    const clock = { now: Date.now() };
    const own = await startCollabHarness(suite.stores, { now: () => clock.now });
    try {
      const id = await own.createStory('reporter');
      const reporter = own.connect('reporter', id);
      await reporter.waitFor(() => reporter.rights() !== null, 'rights');
      clock.now += 31 * 24 * 60 * 60 * 1000;
      await reporter.waitFor(() => reporter.socketCloses.length > 0, 'the socket closed', 8000);
      expect(reporter.socketCloses[0]).toEqual({
        code: 4401,
        reason: 'Your session has ended: sign in again.',
      });
    } finally {
      await own.close();
    }
  });

  it('merges the offline edits of two clients once they reconnect', async () => {
    const id = await suite.harness.createStory('reporter');
    const laptop = suite.harness.connect('reporter', id);
    const desk = suite.harness.connect('editor', id);
    laptop.addParagraph('Lede.');
    await desk.waitFor(() => desk.text() === 'Lede.', 'the lede on the desk');
    await laptop.waitFor(() => laptop.isSynced(), 'the lede stored');
    await addParagraphsOffline([
      [laptop, 'From the laptop, offline.'],
      [desk, 'From the desk, offline.'],
    ]);
    await laptop.waitFor(() => laptop.isSynced(), 'the merge stored');
    expect(laptop.text()).toBe(desk.text());
    expect(await serverText(suite.harness, id)).toBe(laptop.text());
  });

  it('lets the photo desk read the text but change figures only through the API, seen live', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('Lanterns line the canal.');
    await reporter.waitFor(() => reporter.isSynced(), 'the text stored');
    const photoDesk = suite.harness.connect('photoDesk', id);
    await photoDesk.waitFor(() => photoDesk.text() === 'Lanterns line the canal.', 'the text');
    // The rights come in their own message, which may follow the text on a busy machine.
    await photoDesk.waitFor(() => photoDesk.rights() !== null, 'its rights');
    photoDesk.type(' The photo desk typed this.');
    const inserted = await suite.harness.value(
      'story:editFigures',
      {
        id,
        edits: [
          {
            op: 'insert',
            blockIndex: 1,
            photoId: 'photo-lanterns',
            caption: 'Lanterns on the Grand Canal.',
            credit: 'Chen Jing / China Daily',
            altText: 'Red lanterns reflected in the water',
          },
        ],
      },
      'photoDesk',
    );
    await reporter.waitFor(() => reporter.doc.get('content', Y.XmlText).length === 2, 'the figure');
    await reporter.waitFor(() => reporter.isSynced(), 'the figure stored');
    const figure: Figure = {
      blockIndex: 1,
      photoId: 'photo-lanterns',
      caption: 'Lanterns on the Grand Canal.',
      credit: 'Chen Jing / China Daily',
      altText: 'Red lanterns reflected in the water',
    };
    expect({
      rights: photoDesk.rights(),
      answer: inserted.figures,
      server: await serverText(suite.harness, id),
    }).toEqual({
      rights: { type: 'rights', canEdit: false, why: PHOTO_DESK_LINE },
      answer: [figure],
      server: 'Lanterns line the canal.\n',
    });
  });

  it('answers an upload of a new story once its body is stored, with no one connected to it', async () => {
    const id = '0190a000-0000-7000-8000-0000000000a1';
    const doc = new Y.Doc();
    doc.get('content', Y.XmlText).insert(0, 'Written before signing in.');
    const answer = await suite.harness.value(
      'stories:upload',
      {
        stories: [
          {
            story: buildStory({
              id,
              slug: 'before-sign-in',
              headline: 'Written before signing in',
              byline: 'Li Wei',
              section: 'news',
              createdBy: 'Li Wei',
              wordCount: 4,
            }),
            bodyState: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
            trail: [],
            notes: [],
            versions: [],
          },
        ],
      },
      'reporter',
    );
    expect({
      answer: answer.results,
      stored: textOfDoc(docOfState(await suite.harness.newsroom.bodies.load(id))),
    }).toEqual({
      answer: [{ id, outcome: 'created', message: 'Uploaded.' }],
      stored: 'Written before signing in.',
    });
  });

  it('stores on shutdown what was typed just before', async () => {
    const own = await startCollabHarness(suite.stores);
    const id = await own.createStory('reporter');
    const reporter = own.connect('reporter', id);
    await reporter.waitFor(() => reporter.rights() !== null, 'rights');
    reporter.addParagraph('Typed a moment before the server stopped.');
    await reporter.waitFor(
      () => textOfDoc(own.collab.hocuspocus.documents.get(id) ?? new Y.Doc()) !== '',
      'the server has the text',
    );
    // Well inside the store's debounce: only the shutdown's flush can have stored it.
    const before = await own.newsroom.bodies.load(id);
    await own.collab.close();
    const state = await own.newsroom.bodies.load(id);
    await own.close();
    expect(textOfDoc(docOfState(before))).toBe('');
    expect(textOfDoc(docOfState(state))).toBe('Typed a moment before the server stopped.');
  });
});
