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
function isNarrowed(filter: StoryFilter): boolean {
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

/** The first page of a list, with the rows of that page read in the same go. */
export interface StoryPage extends StoryIdList {
  /** The rows of the first ids (as many as the page holds), by id. */
  rows: ReadonlyMap<string, StoryRow>;
}

function byId(rows: ReadonlyArray<StoryRow | undefined>): Map<string, StoryRow> {
  return new Map(rows.flatMap((row) => (row === undefined ? [] : [[row.id, row] as const])));
}

/**
 * Every story id, newest first (updatedAt, then id, descending), read from the `updatedAt` index
 * alone: one key read, no row. The list keeps this in memory and narrows it with `matchingIds`.
 */
export async function readOrderedIds(database: WorkstationDb = db): Promise<string[]> {
  return database.stories.orderBy('updatedAt').reverse().primaryKeys();
}

/** The smallest of some sets first, so intersecting them tests the fewest ids. */
function intersect(sets: ReadonlyArray<ReadonlySet<string>>): Set<string> {
  const [smallest, ...others] = [...sets].sort((a, b) => a.size - b.size);
  const result = new Set<string>();
  for (const id of smallest ?? []) {
    if (others.every((set) => set.has(id))) result.add(id);
  }
  return result;
}

/**
 * The ids a filter selects, in no order, read from the indexes only: `state`, `section` (one
 * exact read per section of the chosen tree) and the multi-entry `searchTerms` (every query term
 * as the start of an indexed term). Null when the filter narrows nothing.
 */
export async function matchingIds(
  filter: StoryFilter,
  profile: PortalProfile,
  database: WorkstationDb = db,
): Promise<Set<string> | null> {
  const reads: Array<Promise<string[]>> = [];
  if (filter.state !== '') {
    reads.push(database.stories.where('state').equals(filter.state).primaryKeys());
  }
  if (filter.section !== '') {
    const sections = sectionIds(profile, filter.section);
    reads.push(
      Promise.all(
        sections.map((section) => database.stories.where('section').equals(section).primaryKeys()),
      ).then((lists) => lists.flat()),
    );
  }
  for (const term of queryTerms(filter.search)) {
    reads.push(database.stories.where('searchTerms').startsWith(term).primaryKeys());
  }
  if (reads.length === 0) return null;
  return intersect((await Promise.all(reads)).map((ids) => new Set(ids)));
}

/**
 * How many stories are in a state and a section tree ('' for any), from the counts the database
 * keeps (`storyCounts`): a read of a few dozen small rows, where IndexedDB's `count()` would walk
 * every story.
 */
export async function countStories(
  filter: Pick<StoryFilter, 'state' | 'section'>,
  profile: PortalProfile,
  database: WorkstationDb = db,
): Promise<number> {
  const sections = filter.section === '' ? null : new Set(sectionIds(profile, filter.section));
  const counts = await database.storyCounts.toArray();
  return counts
    .filter((row) => filter.state === '' || row.state === filter.state)
    .filter((row) => sections === null || sections.has(row.section))
    .reduce((sum, row) => sum + row.count, 0);
}

/**
 * The newest stories and the number of stories, read from the `updatedAt` index limited to what
 * one screen shows: what the list paints first, before it knows every story.
 */
async function firstPage(
  count: number,
  profile: PortalProfile,
  database: WorkstationDb,
): Promise<StoryPage> {
  const [rows, total] = await Promise.all([
    database.stories.orderBy('updatedAt').reverse().limit(count).toArray(),
    countStories(NO_FILTER, profile, database),
  ]);
  return { ids: rows.map((row) => row.id), total, rows: byId(rows) };
}

/** Up to this many matches, reading the matching rows and ordering them here is quickest. */
const DIRECT_READ_LIMIT = 2000;

/**
 * The first `count` stories a filter selects, newest first, with their rows, and how many it
 * selects: what the list paints before it has read the order of every story. A state alone reads
 * its `[state+updatedAt]` index limited to the page; otherwise the matches come from
 * `matchingIds`, and either their rows are read and ordered (few matches: the list is then
 * complete) or the newest keys of the `updatedAt` index are cut by them (many matches).
 */
export async function firstPageOf(
  filter: StoryFilter,
  profile: PortalProfile,
  count: number,
  database: WorkstationDb = db,
): Promise<StoryPage> {
  if (!isNarrowed(filter)) return firstPage(count, profile, database);
  if (filter.state !== '' && filter.section === '' && queryTerms(filter.search).length === 0) {
    const [rows, total] = await Promise.all([
      database.stories
        .where('[state+updatedAt]')
        .between([filter.state, Dexie.minKey], [filter.state, Dexie.maxKey])
        .reverse()
        .limit(count)
        .toArray(),
      countStories(filter, profile, database),
    ]);
    return { ids: rows.map((row) => row.id), total, rows: byId(rows) };
  }
  const matches = (await matchingIds(filter, profile, database)) ?? new Set<string>();
  if (matches.size <= DIRECT_READ_LIMIT) {
    const rows = (await database.stories.bulkGet([...matches]))
      .filter((row): row is StoryRow => row !== undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { ids: rows.map((row) => row.id), total: rows.length, rows: byId(rows.slice(0, count)) };
  }
  const ids = await newestAmong(
    matches,
    count,
    await countStories(NO_FILTER, profile, database),
    database,
  );
  return { ids, total: matches.size, rows: byId(await database.stories.bulkGet(ids)) };
}

/**
 * The first `count` of `matches` in list order: the newest ids of the `updatedAt` index, read in
 * one batch of keys sized so that it holds a page of matches at the rate they occur (and doubled
 * in the rare case it does not), cut by the matches. No row is read.
 */
async function newestAmong(
  matches: ReadonlySet<string>,
  count: number,
  total: number,
  database: WorkstationDb,
): Promise<string[]> {
  let batch = Math.min(total, Math.max(1000, Math.ceil((count * total * 2) / matches.size)));
  for (;;) {
    const newest = await database.stories.orderBy('updatedAt').reverse().limit(batch).primaryKeys();
    const found = newest.filter((id) => matches.has(id)).slice(0, count);
    if (found.length >= count || batch >= total) return found;
    batch = Math.min(total, batch * 2);
  }
}

/** The rows of the given stories, by id (those this workstation has). */
export async function readStoryRows(
  ids: readonly string[],
  database: WorkstationDb = db,
): Promise<Map<string, StoryRow>> {
  return byId(await database.stories.bulkGet([...ids]));
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
