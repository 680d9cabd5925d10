import { Dexie } from 'dexie';
import type { PortalProfile } from '../../../shared/portal/profile';
import { storyOf, type Story, type StoryState } from '../../../shared/story/story';
import { queryTerms } from '../../../shared/text/search';
import { db, type StoryRow, type WorkstationDb } from '../../db/db';

/** What the stories list is narrowed to. */
export interface StoryFilter {
  state: StoryState | '';
  section: string;
  search: string;
}

/** The filter that shows every story. */
export const NO_FILTER: StoryFilter = { state: '', section: '', search: '' };

/** Whether a filter narrows the list at all. */
export function isNarrowed(filter: StoryFilter): boolean {
  return filter.state !== '' || filter.section !== '' || queryTerms(filter.search).length > 0;
}

/** A section and its sub-sections (a filter on `News` shows `News › Sports` too). */
export function sectionIds(profile: PortalProfile, sectionId: string): string[] {
  const top = profile.sections.find((section) => section.id === sectionId);
  return top === undefined ? [sectionId] : [top.id, ...top.children.map((child) => child.id)];
}

/** A list of story ids, newest first, and how many stories the list has in all. */
export interface StoryIdList {
  /** The ids known so far, newest first: all of them, or the first page while the rest load. */
  ids: readonly string[];
  total: number;
}

/**
 * The newest stories and the number of stories, read from the `updatedAt` index limited to what
 * one screen shows: what the list paints first, before it knows every story.
 */
export async function firstPage(count: number, database: WorkstationDb = db): Promise<StoryIdList> {
  const [ids, total] = await Promise.all([
    database.stories.orderBy('updatedAt').reverse().limit(count).primaryKeys(),
    database.stories.count(),
  ]);
  return { ids, total };
}

/** Up to this many matches, a narrowed list reads the matching rows instead of every story's key. */
const DIRECT_READ_LIMIT = 2000;

/**
 * The ids of the stories a filter selects, most recently updated first, read from the indexes only
 * (`[state+updatedAt]` or `updatedAt` for the order, `section` and the multi-entry `searchTerms`
 * for narrowing). The list answers from its in-memory index once that is built (./listIndex.ts);
 * this is what it answers with before then.
 */
export async function queryStoryIds(
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

/** The rows of the given stories, by id (those this workstation has). */
export async function readStoryRows(
  ids: readonly string[],
  database: WorkstationDb = db,
): Promise<Map<string, StoryRow>> {
  const rows = await database.stories.bulkGet([...ids]);
  return new Map(rows.flatMap((row) => (row === undefined ? [] : [[row.id, row] as const])));
}

/** The desk's stories and when each entered its current state (its last event into it). */
export interface DeskStories {
  stories: Story[];
  enteredState: Map<string, number>;
}

/** Reads the stories in the given states and, from their trails, when each entered its state. */
export async function readDeskStories(
  states: readonly StoryState[],
  database: WorkstationDb = db,
): Promise<DeskStories> {
  const rows = await database.stories.where('state').anyOf(states).toArray();
  const stories = rows.map(storyOf);
  const events = await database.events
    .where('storyId')
    .anyOf(stories.map((story) => story.id))
    .toArray();
  const current = new Map(stories.map((story) => [story.id, story.state]));
  const enteredState = new Map<string, number>();
  for (const event of events) {
    if (current.get(event.storyId) !== event.to) continue;
    enteredState.set(event.storyId, Math.max(enteredState.get(event.storyId) ?? 0, event.at));
  }
  return { stories, enteredState };
}
