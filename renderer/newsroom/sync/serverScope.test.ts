import type * as Yjs from 'yjs';
import { describe, expect, it } from 'vitest';
import { blankStoryFields } from '../../../shared/story/story';
import { modulePageForTests } from '../../../tests/support/modulePage';
import type * as CollabState from '../../collab/collabState';
import type * as Database from '../../db/db';
import type * as Stories from '../../stories/repository/stories';
import type * as ServerScope from './serverScope';

/** What the test bundle puts on the page's window. */
interface ScopeApi {
  Y: typeof Yjs;
  db: typeof Database.db;
  collab: typeof CollabState;
  stories: typeof Stories;
  scope: typeof ServerScope;
}

declare global {
  interface Window {
    scopeApi: ScopeApi;
  }
}

const { page } = modulePageForTests({
  contents: `
      import * as Y from 'yjs';
      import { db } from '../../db/db';
      import * as collab from '../../collab/collabState';
      import * as stories from '../../stories/repository/stories';
      import * as scope from './serverScope';
      window.scopeApi = { Y, db, collab, stories, scope };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

const X = 'http://newsroom-x.test';
const Y = 'http://newsroom-y.test';
const REPORTER_ON_X = { key: `${X} li.wei`, login: 'li.wei' };

/** Everything the workstation holds about its stories, as plain data, to compare whole. */
async function snapshot() {
  return page().evaluate(async () => {
    const { db, collab, stories } = window.scopeApi;
    const rows = await db.stories.toArray();
    const texts: Record<string, string> = {};
    for (const row of rows) {
      const { doc } = await stories.loadBodyDoc(row.id);
      texts[row.id] = doc.get('content', window.scopeApi.Y.XmlText).toString();
      doc.destroy();
    }
    return {
      stories: rows
        .map((row) => ({ id: row.id, headline: row.headline }))
        .sort((a, b) => a.id.localeCompare(b.id)),
      texts,
      outbox: (await db.outbox.toArray()).map(({ seq, storyId, account, entry }) => ({
        seq,
        storyId,
        account,
        entry,
      })),
      copies: await db.newsroomCopies.toCollection().primaryKeys(),
      outcomes: (await db.syncOutcomes.toArray()).map((row) => row.message),
      pending: (await collab.collabStateDb.pending.toArray()).map(({ storyId, account }) => ({
        storyId,
        account,
      })),
      stored: await collab.collabStateDb.stored.toCollection().primaryKeys(),
      aside: (await window.scopeApi.scope.asideDb.stories.toArray()).map((row) => ({
        storyId: row.storyId,
        server: row.server,
      })),
    };
  });
}

describe('the newsroom server scope of the offline copy', () => {
  it('sets one server’s stories and unsent work aside on signing in to another, and brings them back whole', async () => {
    const ids = await page().evaluate(
      async ({ X, reporter, fields }) => {
        const { Y, db, collab, stories, scope } = window.scopeApi;
        await scope.scopeToServer(X);
        async function storyWith(headline: string, text: string): Promise<string> {
          const id = await stories.createStory({ author: 'Li Wei', now: 1000 });
          const doc = new Y.Doc();
          const body = doc.get('content', Y.XmlText);
          body.insert(0, text);
          await stories.writeStoryEdit({
            storyId: id,
            body: Y.encodeStateAsUpdateV2(doc),
            fields: { headline },
            wordCount: null,
            touchesRow: true,
            now: 2000,
          });
          return id;
        }
        const onX = await storyWith('Canal towpath reopens', 'Written offline on X.');
        const local = await storyWith('Never in a newsroom', 'Written before any sign-in.');
        await db.newsroomCopies.put({
          id: onX,
          fields,
          state: 'draft',
          owner: 'li.wei',
          ownerName: 'Li Wei',
          changeSeq: 3,
        });
        await db.outbox.add({
          storyId: onX,
          at: 3000,
          account: reporter.key,
          login: reporter.login,
          entry: {
            kind: 'update',
            storyId: onX,
            changes: { summary: 'Cyclists are back.' },
            base: { summary: '' },
          },
        });
        await db.syncOutcomes.put({
          id: 'outcome-1',
          storyId: onX,
          at: 3000,
          message: 'Your note was not posted.',
          reasons: [],
        });
        await collab.markPending(onX, 3000, reporter);
        await collab.writeStoredSnapshot(onX, new Uint8Array([0, 0]), 3000);
        return { onX, local };
      },
      {
        X,
        reporter: REPORTER_ON_X,
        fields: blankStoryFields({ headline: 'Canal towpath reopens' }),
      },
    );
    const before = await snapshot();
    expect(before.stories).toHaveLength(2);
    expect(before.texts[ids.onX]).toContain('Written offline on X.');
    expect(before.outbox).toHaveLength(1);
    expect(before.aside).toEqual([]);

    await page().evaluate((Y) => window.scopeApi.scope.scopeToServer(Y), Y);
    expect(await snapshot()).toEqual({
      stories: before.stories.filter((story) => story.id === ids.local),
      texts: { [ids.local]: before.texts[ids.local] },
      outbox: [],
      copies: [],
      outcomes: [],
      pending: [],
      stored: [],
      aside: [{ storyId: ids.onX, server: X }],
    });

    await page().evaluate((X) => window.scopeApi.scope.scopeToServer(X), X);
    expect(await snapshot()).toEqual(before);
  });

  it('finishes bringing stories back after an interruption, and adds nothing twice', async () => {
    const before = await snapshot();
    await page().evaluate(
      async ({ X, Y }) => {
        const { scope } = window.scopeApi;
        await scope.scopeToServer(Y);
        // As if the workstation stopped after recording X as the scope, before anything came back.
        await scope.asideDb.meta.put({ key: 'server', value: X });
        await scope.scopeToServer(X);
        await scope.scopeToServer(X);
      },
      { X, Y },
    );
    expect(await snapshot()).toEqual(before);
  });
});
