import { Dexie } from 'dexie';
import type { PortalProfile } from '../../shared/portal/profile';
import type { StoryState } from '../../shared/story/story';
import { queryTerms } from '../../shared/text/search';
import { db, type StoryRow, type WorkstationDb } from '../db/db';

/** What the stories list is narrowed to. */
export interface StoryFilter {
  state: StoryState | '';
  section: string;
  search: string;
}

/** Up to this many matches, a narrowed list reads the matching rows instead of every story's key. */
const DIRECT_READ_LIMIT = 2000;

/** A section and its sub-sections (a filter on `News` shows `News › Sports` too). */
function sectionIds(profile: PortalProfile, sectionId: string): string[] {
  const top = profile.sections.find((section) => section.id === sectionId);
  return top === undefined ? [sectionId] : [top.id, ...top.children.map((child) => child.id)];
}

/**
 * The ids of the stories a filter selects, most recently updated first, read from the indexes only
 * (`[state+updatedAt]` or `updatedAt` for the order, `section` and the multi-entry `searchTerms`
 * for narrowing): no story row is read, so 50,000 stories cost a key scan, not a table load.
 */
export async function storyIds(
  filter: StoryFilter,
  profile: PortalProfile,
  database: WorkstationDb = db,
): Promise<string[]> {
  const narrowing: Array<Set<string>> = [];
  if (filter.section !== '') {
    const ids = await database.stories
      .where('section')
      .anyOf(sectionIds(profile, filter.section))
      .primaryKeys();
    narrowing.push(new Set(ids));
  }
  for (const term of queryTerms(filter.search)) {
    const ids = await database.stories.where('searchTerms').startsWith(term).primaryKeys();
    narrowing.push(new Set(ids));
  }
  const smallest = narrowing.reduce<Set<string> | null>(
    (least, set) => (least === null || set.size < least.size ? set : least),
    null,
  );
  if (smallest !== null && smallest.size <= DIRECT_READ_LIMIT) {
    // A search or section that matches few stories: read just those rows and order them here,
    // rather than scanning the keys of every story in the database.
    const candidates = [...smallest].filter((id) => narrowing.every((set) => set.has(id)));
    const rows = await database.stories.bulkGet(candidates);
    return rows
      .filter(
        (row): row is StoryRow =>
          row !== undefined && (filter.state === '' || row.state === filter.state),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((row) => row.id);
  }
  const ordered =
    filter.state === ''
      ? await database.stories.orderBy('updatedAt').reverse().primaryKeys()
      : await database.stories
          .where('[state+updatedAt]')
          .between([filter.state, Dexie.minKey], [filter.state, Dexie.maxKey])
          .reverse()
          .primaryKeys();
  if (narrowing.length === 0) return ordered;
  return ordered.filter((id) => narrowing.every((set) => set.has(id)));
}
