import { describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../../tests/support/modulePage';
import { buildStory } from '../../../tests/support/buildStory';
import { blankStoryFields } from '../../../shared/story/story';
import type * as Database from '../../db/db';
import type * as LocalStories from './localStories';

/** What the test bundle puts on the page's window. */
interface LocalApi {
  db: typeof Database.db;
  countLocalOnly: typeof LocalStories.countLocalOnly;
}

declare global {
  interface Window {
    localApi: LocalApi;
  }
}

const { page } = modulePageForTests({
  contents: `
      import { db } from '../../db/db';
      import { countLocalOnly } from './localStories';
      window.localApi = { db, countLocalOnly };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

function idOf(index: number): string {
  return `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`;
}

const STORIES = Array.from({ length: 8 }, (_, index) =>
  buildStory({ id: idOf(index), state: index % 2 === 0 ? 'draft' : 'submitted' }),
);
/** Stories the newsroom has a copy of. */
const COPIED = [idOf(0), idOf(1), idOf(2)];
/** Stories with changes waiting in the outbox: one copied, two not, one no longer here. */
const WAITING = [idOf(2), idOf(3), idOf(4), idOf(9)];

describe('the count of stories the newsroom has never had', () => {
  it('is every story less those with a copy or a change waiting, as the ids say', async () => {
    const counted = await page().evaluate(
      async ({ stories, copied, waiting, fields }) => {
        const { db, countLocalOnly } = window.localApi;
        await db.stories.bulkAdd(stories.map((story) => ({ ...story, searchTerms: [] })));
        await db.newsroomCopies.bulkAdd(
          copied.map((id) => ({
            id,
            fields,
            state: 'draft',
            owner: 'li.wei',
            ownerName: 'Li Wei',
            changeSeq: 1,
          })),
        );
        await db.outbox.bulkAdd(
          waiting.flatMap((storyId) =>
            [1, 2].map((at) => ({
              storyId,
              at,
              account: 'http://newsroom.test li.wei',
              login: 'li.wei',
              entry: { kind: 'note' as const, storyId, noteId: `note-${at}`, text: 'Checked' },
            })),
          ),
        );
        return countLocalOnly();
      },
      { stories: STORIES, copied: COPIED, waiting: WAITING, fields: blankStoryFields() },
    );
    const known = new Set([...COPIED, ...WAITING]);
    expect(counted).toBe(STORIES.filter((story) => !known.has(story.id)).length);
    expect(counted).toBe(3);
  });
});
