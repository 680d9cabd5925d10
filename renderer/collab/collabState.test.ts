import { describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../tests/support/modulePage';
import type * as CollabHub from './collabHub';
import type * as CollabState from './collabState';

/** What the test bundle puts on the page's window. */
interface CollabApi {
  collab: typeof CollabState;
  hub: typeof CollabHub;
}

declare global {
  interface Window {
    collabApi: CollabApi;
  }
}

const { page } = modulePageForTests({
  contents: `
      import * as collab from './collabState';
      import * as hub from './collabHub';
      window.collabApi = { collab, hub };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

const SERVER = 'http://127.0.0.1:8400';
const REPORTER = { key: `${SERVER} li.wei`, login: 'li.wei' };
const EDITOR = { key: `${SERVER} wang.fang`, login: 'wang.fang' };

describe('the accounts of bodies waiting for the server', () => {
  it('keeps the account that made a body’s unsent edits, lists and counts each account’s own, and gives unowned marks to the next account', async () => {
    const result = await page().evaluate(
      async ({ reporter, editor }) => {
        const { collab } = window.collabApi;
        const database = new collab.CollabStateDb('collab-accounts');
        const counts: number[] = [];
        const stop = collab.watchPendingCount((count) => counts.push(count), editor.key, database);
        await collab.markPending('story-a', 1000, reporter, database);
        // A later edit (signed out, say) joins the reporter's: it is still their text.
        await collab.markPending('story-a', 2000, editor, database);
        await collab.markPending('story-b', 1500, editor, database);
        await database.pending.put({ storyId: 'story-c', since: 500, account: '', login: '' });
        const before = {
          a: await collab.pendingAccountOf('story-a', database),
          reporter: await collab.pendingStoryIds(reporter.key, database),
          editor: await collab.pendingStoryIds(editor.key, database),
        };
        await collab.adoptUnownedPending(editor, database);
        const after = await collab.pendingStoryIds(editor.key, database);
        // The live count follows (liveQuery answers after the write commits).
        for (let tries = 0; counts.at(-1) !== 2 && tries < 100; tries += 1)
          await new Promise((resolve) => setTimeout(resolve, 50));
        stop();
        database.close();
        return { before, after, lastCount: counts.at(-1) };
      },
      { reporter: REPORTER, editor: EDITOR },
    );
    expect(result).toEqual({
      before: { a: REPORTER, reporter: ['story-a'], editor: ['story-b'] },
      after: ['story-c', 'story-b'],
      lastCount: 2,
    });
  });

  it('holds a body for the account whose edits wait in it, from every other account, and from nobody signed out', async () => {
    const holds = await page().evaluate(
      async ({ reporter, editor }) => {
        const { collab, hub } = window.collabApi;
        await collab.markPending('story-held', 1000, reporter);
        const holdUnder = async (account: typeof reporter | null) => {
          hub.setCollabEndpoint(account === null ? null : '/newsroom/collab', '', account);
          return hub.bodyHoldOf('story-held');
        };
        const result = {
          editor: await holdUnder(editor),
          reporter: await holdUnder(reporter),
          signedOut: await holdUnder(null),
          otherStory: await (async () => {
            hub.setCollabEndpoint('/newsroom/collab', '', editor);
            return hub.bodyHoldOf('story-free');
          })(),
        };
        hub.setCollabEndpoint(null);
        return result;
      },
      { reporter: REPORTER, editor: EDITOR },
    );
    expect(holds).toEqual({ editor: 'li.wei', reporter: null, signedOut: null, otherStory: null });
  });
});
