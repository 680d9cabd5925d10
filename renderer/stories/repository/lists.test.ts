import { describe, expect, it } from 'vitest';
import { buildStory } from '../../../tests/support/buildStory';
import { modulePageForTests } from '../../../tests/support/modulePage';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import type { Story } from '../../../shared/story/story';
import { queryTerms, storySearchTerms } from '../../../shared/text/search';
import type * as Database from '../../db/db';
import type * as Lists from './lists';
import type * as Remote from './remote';
import { sectionIds, type StoryFilter } from './lists';

/** What the test bundle puts on the page's window. */
interface ListsApi {
  WorkstationDb: typeof Database.WorkstationDb;
  lists: typeof Lists;
  applyRemoteChanges: typeof Remote.applyRemoteChanges;
}

declare global {
  interface Window {
    listsApi: ListsApi;
  }
}

const { page } = modulePageForTests({
  contents: `
    import { WorkstationDb } from '../../db/db';
    import * as lists from './lists';
    import { applyRemoteChanges } from './remote';
    window.listsApi = { WorkstationDb, lists, applyRemoteChanges };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

const SECTIONS = ['news', 'news/sports', 'business', 'travel'];
const STATES = ['draft', 'submitted', 'published'] as const;

/**
 * 3,000 stories: most mention the canal (more matches than the list reads row by row), one in
 * seven the metro; states, sections and times cycle, and every third shares its time with the
 * next so the order of ties is checked too.
 */
const stories: Story[] = Array.from({ length: 3000 }, (_, index) =>
  buildStory({
    id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    headline: `${index % 6 === 0 ? 'Wuxi museums' : 'Grand Canal'} ${index % 7 === 0 ? 'metro' : 'park'} ${index}`,
    slug: `story-${index}`,
    state: STATES[index % STATES.length],
    section: SECTIONS[index % SECTIONS.length],
    updatedAt: Math.floor(index / 3) * 1000,
  }),
);

/** What the list must show for a filter, worked out here the slow, obvious way. */
function expected(filter: StoryFilter): string[] {
  const sections =
    filter.section === '' ? null : sectionIds(DEFAULT_PORTAL_PROFILE, filter.section);
  const terms = queryTerms(filter.search);
  return stories
    .filter((story) => filter.state === '' || story.state === filter.state)
    .filter((story) => sections === null || sections.includes(story.section))
    .filter((story) => {
      const known = storySearchTerms(story);
      return terms.every((term) => known.some((word) => word.startsWith(term)));
    })
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1))
    .map((story) => story.id);
}

const FILTERS: Record<string, StoryFilter> = {
  everything: { state: '', section: '', search: '' },
  'a state': { state: 'submitted', section: '', search: '' },
  'a section and its sub-sections': { state: '', section: 'news', search: '' },
  'a word in most stories': { state: '', section: '', search: 'cana' },
  'a word in few stories, with a state': { state: 'published', section: '', search: 'metro' },
  'two words and a section': { state: '', section: 'business', search: 'museums METRO' },
  'a word in none': { state: '', section: '', search: 'zebra' },
};

describe('the stories list’s reads', () => {
  it('give the first page with its rows and the count of every filter, and the whole list cut from the order', async () => {
    const answers = await page().evaluate(
      async ({ seeds, filters, profile }) => {
        const api = window.listsApi;
        const database = new api.WorkstationDb('lists');
        await api.applyRemoteChanges(
          seeds.map((story) => ({ kind: 'story:create', story, body: new Uint8Array([0, 0]) })),
          database,
        );
        const ordered = await api.lists.readOrderedIds(database);
        const result: Record<
          string,
          { first: { ids: readonly string[]; total: number; rowIds: string[] }; cut: string[] }
        > = {};
        for (const [name, filter] of Object.entries(filters)) {
          const matches = await api.lists.matchingIds(filter, profile, database);
          const { ids, total, rows } = await api.lists.firstPageOf(filter, profile, 60, database);
          result[name] = {
            first: { ids, total, rowIds: [...rows.keys()] },
            cut: matches === null ? ordered : ordered.filter((id) => matches.has(id)),
          };
        }
        database.close();
        return result;
      },
      { seeds: stories, filters: FILTERS, profile: DEFAULT_PORTAL_PROFILE },
    );
    const wanted = Object.fromEntries(
      Object.entries(FILTERS).map(([name, filter]) => {
        const ids = expected(filter);
        // Up to 2,000 matches of a section or search come complete at once; a state alone, or
        // more matches, come as their first page and their count.
        const isComplete = (filter.section !== '' || filter.search !== '') && ids.length <= 2000;
        return [
          name,
          {
            first: {
              ids: isComplete ? ids : ids.slice(0, 60),
              total: ids.length,
              rowIds: ids.slice(0, 60),
            },
            cut: ids,
          },
        ];
      }),
    );
    expect(answers).toEqual(wanted);
    expect(Object.values(answers).map((answer) => answer.cut.length)).toEqual([
      3000, 1000, 1500, 2500, 143, 36, 0,
    ]);
  });
});
