import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { modulePageForTests } from '../../tests/support/modulePage';
import { newsroomStatusFor } from '../../tests/support/newsroomStatus';
import type * as Connection from '../newsroom/connection';
import type * as Stories from '../stories/repository/stories';
import type * as Database from '../db/db';

/** What the test bundle puts on the page's window. */
interface WorkflowBarApi {
  acceptStatus: typeof Connection.acceptStatus;
  createStory: typeof Stories.createStory;
  db: typeof Database.db;
  /** Shows the workflow bar of a story as the story view does, inside the settings main answers. */
  show(story: Database.StoryRow): void;
  /** How many times the owner of a story has been read from the newsroom copies. */
  ownerReads(): number;
}

declare global {
  interface Window {
    workflowBarApi: WorkflowBarApi;
  }
}

/** The workflow bar in real Chromium over real IndexedDB; main's API is answered by the test. */
const { page } = modulePageForTests({
  contents: `
      import { createElement } from 'react';
      import { createRoot } from 'react-dom/client';
      import { SettingsProvider } from '../app/SettingsContext';
      import { acceptStatus } from '../newsroom/connection';
      import { createStory } from '../stories/repository/stories';
      import { db } from '../db/db';
      import { useStoryAccess } from './useEditPermission';
      import { WorkflowBar } from './WorkflowBar';
      let ownerReads = 0;
      const readCopy = db.newsroomCopies.get.bind(db.newsroomCopies);
      db.newsroomCopies.get = (...args) => {
        ownerReads += 1;
        return readCopy(...args);
      };
      // The story view reads the access for its fields and hands the same to its bar.
      function StoryAccessAndBar({ story }) {
        return createElement(WorkflowBar, { story, access: useStoryAccess(story) });
      }
      const root = createRoot(document.body.appendChild(document.createElement('div')));
      window.workflowBarApi = {
        acceptStatus,
        createStory,
        db,
        show: (story) =>
          root.render(
            createElement(SettingsProvider, null, createElement(StoryAccessAndBar, { story })),
          ),
        ownerReads: () => ownerReads,
      };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

/** The workflow bar's read-only line and action buttons, once `line` is what it says. */
async function barSaying(line: string | null): Promise<{ line: string | null; actions: string[] }> {
  const bar = page().getByRole('region', { name: 'Workflow' });
  await bar.waitFor();
  const readOnly = bar.locator('.workflow-readonly');
  if (line === null) await readOnly.waitFor({ state: 'detached' });
  else await readOnly.filter({ hasText: line }).waitFor();
  return {
    line: (await readOnly.count()) === 0 ? null : await readOnly.textContent(),
    actions: await bar.getByRole('button').allTextContents(),
  };
}

describe('the workflow bar', () => {
  it('offers a reporter nothing on a colleague’s story and their actions on their own, reading the owner once', async () => {
    await page().route('http://modules.test/api/**', (route) => {
      const channel = decodeURIComponent(new URL(route.request().url()).pathname.slice(5));
      const value =
        channel === 'settings:get'
          ? { ...DEFAULT_SETTINGS, userName: 'Li Wei', role: 'reporter' }
          : {
              version: '0.1.0',
              transport: 'browser',
              dataDir: '/tmp/workstation',
              mediaUrlPrefix: '/media/',
              mediaSigningKey: null,
              notices: [],
            };
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: true, value }),
      });
    });
    const storyId = await page().evaluate(async (status) => {
      const api = window.workflowBarApi;
      api.acceptStatus(status);
      const id = await api.createStory({
        author: 'Wang Fang',
        fields: { headline: 'Canal clean-up begins', slug: 'canal-clean-up', section: 'news' },
        body: [{ type: 'paragraph', children: [{ text: 'The canal is drained this week.' }] }],
      });
      const story = await api.db.stories.get(id);
      if (story === undefined) throw new Error('The story was not stored.');
      await api.db.newsroomCopies.put({
        id,
        fields: story,
        state: story.state,
        owner: 'wang',
        ownerName: 'Wang Fang',
        changeSeq: 1,
      });
      api.show(story);
      return id;
    }, newsroomStatusFor());
    const others = await barSaying('This story belongs to Wang Fang');
    await page().evaluate(
      (id) => window.workflowBarApi.db.newsroomCopies.update(id, { owner: 'li.wei' }),
      storyId,
    );
    const own = await barSaying(null);
    const ownerReads = await page().evaluate(() => window.workflowBarApi.ownerReads());
    expect({ others, own, ownerReads }).toEqual({
      others: {
        line: 'This story belongs to Wang Fang: you can read it but not change it. (You work as reporter.)',
        actions: [],
      },
      own: { line: null, actions: ['Submit to desk'] },
      ownerReads: 2,
    });
  });
});
