import { Dexie, type IndexableType } from 'dexie';
import type { PortalProfile } from '../../../shared/portal/profile';
import { storyOf, type Story, type StoryState } from '../../../shared/story/story';
import { queryTerms } from '../../../shared/text/search';
import { db, type StoryRow, type WorkstationDb } from '../../db/db';
import { indexedPrefix, SEARCH_KEYS_INDEX } from '../../db/searchKeys';

/** What the stories list is narrowed to. */
export interface StoryFilter {
  state: StoryState | '';
  section: string;
  search: string;
}

/** The filter that shows every story. */
export const NO_FILTER: StoryFilter = { state: '', section: '', search: '' };

/** A section and its sub-sections (a filter on `News` shows `News › Sports` too). */
export function sectionIds(profile: PortalProfile, sectionId: string): string[] {
  const top = profile.sections.find((section) => section.id === sectionId);
  return top === undefined ? [sectionId] : [top.id, ...top.children.map((child) => child.id)];
}

/**
 * Up to this many matches a search is counted exactly as the list opens; past it the list says
 * "1000+" until the person scrolls past the first page, when the whole list is read and counted.
 * IndexedDB counts by walking every match, which is what a search must not cost.
 */
export const COUNT_LIMIT = 1000;

/** A list of story ids, newest first, and how many stories the list has in all. */
export interface StoryIdList {
  /** The ids known so far, newest first: all of them, or the first page while the rest load. */
  ids: readonly string[];
  /** How many stories the list has; with `isMore`, how many at least (`COUNT_LIMIT`). */
  total: number;
  /** Whether more than `total` stories match (a search past `COUNT_LIMIT`, not yet counted). */
  isMore: boolean;
}

/** The first page of a list, with the rows of that page read in the same go. */
export interface StoryPage extends StoryIdList {
  /** The rows of the first ids (as many as the page holds), by id. */
  rows: ReadonlyMap<string, StoryRow>;
}

function byId(rows: ReadonlyArray<StoryRow | undefined>): Map<string, StoryRow> {
  return new Map(rows.flatMap((row) => (row === undefined ? [] : [[row.id, row] as const])));
}

/** List order: newest first (updatedAt, then id, descending), the order of every index walked. */
function newestFirst(a: StoryRow, b: StoryRow): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
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

/** How many stories there are, from the counts the database keeps. */
export async function countAllStories(database: WorkstationDb = db): Promise<number> {
  return (await database.storyCounts.toArray()).reduce((sum, row) => sum + row.count, 0);
}

/** One range of a story index whose entries are in list order when walked backwards. */
interface IndexRange {
  index: string;
  lower: IndexableType;
  upper: IndexableType;
}

/**
 * The ranges holding the stories of a state and a section tree, each in time order: one per
 * section of the tree, of the index that has both, either or neither before `updatedAt`.
 */
function fieldRanges(state: string, sections: readonly string[] | null): IndexRange[] {
  const [min, max] = [Dexie.minKey, Dexie.maxKey];
  if (sections === null) {
    return state === ''
      ? [{ index: 'updatedAt', lower: min, upper: max }]
      : [{ index: '[state+updatedAt]', lower: [state, min], upper: [state, max] }];
  }
  return sections.map((section) =>
    state === ''
      ? { index: '[section+updatedAt]', lower: [section, min], upper: [section, max] }
      : {
          index: '[state+section+updatedAt]',
          lower: [state, section, min],
          upper: [state, section, max],
        },
  );
}

function inRange(range: IndexRange, database: WorkstationDb) {
  return database.stories.where(range.index).between(range.lower, range.upper, true, true);
}

/**
 * The search keys of the stories with a term starting with `term`'s indexed prefix: one range of
 * the `keys` index, in list order when walked backwards (searchKeys.ts).
 */
function withPrefixOf(term: string, database: WorkstationDb) {
  const prefix = indexedPrefix(term);
  return database.searchKeys
    .where(SEARCH_KEYS_INDEX)
    .between([prefix, Dexie.minKey], [prefix, Dexie.maxKey], true, true);
}

/**
 * Ids of a range newest first: read forwards, in one read of keys (IndexedDB's `getAllKeys`,
 * where a backward walk is a cursor stepping key by key), and turned round.
 */
async function newestFirstIds(collection: { primaryKeys(): Promise<string[]> }): Promise<string[]> {
  return (await collection.primaryKeys()).reverse();
}

/**
 * The first `count` rows of some ranges that pass `test`, newest first: each range walked
 * backwards until it has given `count` of them, and the walks merged.
 */
async function newestRows(
  ranges: readonly IndexRange[],
  count: number,
  test: ((row: StoryRow) => boolean) | null,
  database: WorkstationDb,
): Promise<StoryRow[]> {
  const walks = await Promise.all(
    ranges.map((range) => {
      const walk = inRange(range, database).reverse();
      return (test === null ? walk : walk.filter(test)).limit(count).toArray();
    }),
  );
  return walks.length === 1 ? (walks[0] ?? []) : walks.flat().sort(newestFirst).slice(0, count);
}

/**
 * The first `count` stories with a term starting with `term`'s indexed prefix that pass `test`,
 * newest first: the term's keys walked backwards a batch at a time, each batch's rows read and
 * tested, until `count` have passed.
 */
async function newestRowsOfTerm(
  term: string,
  count: number,
  test: ((row: StoryRow) => boolean) | null,
  database: WorkstationDb,
): Promise<StoryRow[]> {
  const found: StoryRow[] = [];
  for (let offset = 0, batch = count; ; offset += batch, batch *= 2) {
    const ids = await withPrefixOf(term, database)
      .reverse()
      .offset(offset)
      .limit(batch)
      .primaryKeys();
    for (const row of await database.stories.bulkGet(ids)) {
      if (row === undefined || (test !== null && !test(row))) continue;
      found.push(row);
      if (found.length === count) return found;
    }
    if (ids.length < batch) return found;
  }
}

/** A filter taken apart: the state, the section tree, the query terms, and the test of a row. */
interface Narrowing {
  state: string;
  sections: readonly string[] | null;
  terms: readonly string[];
  matches(row: StoryRow): boolean;
}

function narrowingOf(filter: StoryFilter, profile: PortalProfile): Narrowing {
  const sections = filter.section === '' ? null : sectionIds(profile, filter.section);
  const terms = queryTerms(filter.search);
  return {
    state: filter.state,
    sections,
    terms,
    matches: (row) =>
      (filter.state === '' || row.state === filter.state) &&
      (sections === null || sections.includes(row.section)) &&
      terms.every((term) => row.searchTerms.some((word) => word.startsWith(term))),
  };
}

/** A complete list from rows that may not all match, with the rows of its first page. */
function completeList(rows: readonly StoryRow[], narrowing: Narrowing, count: number): StoryPage {
  const matched = rows.filter((row) => narrowing.matches(row)).sort(newestFirst);
  return {
    ids: matched.map((row) => row.id),
    total: matched.length,
    isMore: false,
    rows: byId(matched.slice(0, count)),
  };
}

/**
 * The first `count` stories a filter selects, newest first, with their rows, and how many it
 * selects: what the list paints before it has read the order of every story. Every read walks
 * an index in list order (`fieldRanges`, `withPrefixOf`) and stops at the page, so a search for a
 * word in every story reads what a search for a rare one reads:
 *
 * - no query term: the page from the state/section indexes, the count from `storyCounts`;
 * - a term with at most `COUNT_LIMIT` matches (read as keys, one bounded read per term), or a
 *   state and section with at most that many stories: the whole list, from those few rows;
 * - else the page from the walk of one range, each row tested against the whole filter, and the
 *   count up to `COUNT_LIMIT` ("1000+" past it) from the same walk.
 *
 * `countLimit` replaces `COUNT_LIMIT` (tests take a small one).
 */
export async function firstPageOf(
  filter: StoryFilter,
  profile: PortalProfile,
  count: number,
  database: WorkstationDb = db,
  countLimit: number = COUNT_LIMIT,
): Promise<StoryPage> {
  const narrowing = narrowingOf(filter, profile);
  const fields = fieldRanges(narrowing.state, narrowing.sections);
  if (narrowing.terms.length === 0) {
    const [rows, total] = await Promise.all([
      newestRows(fields, count, null, database),
      countStories(filter, profile, database),
    ]);
    return { ids: rows.map((row) => row.id), total, isMore: false, rows: byId(rows) };
  }
  const isFiltered = narrowing.state !== '' || narrowing.sections !== null;
  // One term alone, indexed whole: every story of its range matches.
  const isOneIndexedTerm =
    !isFiltered &&
    narrowing.terms.length === 1 &&
    narrowing.terms.every((term) => indexedPrefix(term) === term);
  const [termKeys, fieldCount] = await Promise.all([
    // Forward, in one bounded read of keys: read backwards they are the list's order.
    Promise.all(
      narrowing.terms.map((term) =>
        withPrefixOf(term, database)
          .limit(countLimit + 1)
          .primaryKeys(),
      ),
    ),
    isFiltered ? countStories(filter, profile, database) : Promise.resolve(Infinity),
  ]);
  const fewest = termKeys.reduce<string[] | null>(
    (least, keys) =>
      keys.length <= countLimit && keys.length < (least?.length ?? Infinity) ? keys : least,
    null,
  );
  if (fieldCount <= countLimit && fieldCount <= (fewest?.length ?? Infinity)) {
    const rows = await Promise.all(fields.map((range) => inRange(range, database).toArray()));
    return completeList(rows.flat(), narrowing, count);
  }
  if (fewest !== null) {
    const ids = [...fewest].reverse();
    if (isOneIndexedTerm) {
      return {
        ids,
        total: ids.length,
        isMore: false,
        rows: await readStoryRows(ids.slice(0, count), database),
      };
    }
    const others = termKeys.filter((keys) => keys !== fewest && keys.length <= countLimit);
    const candidates = [...intersect([new Set(ids), ...others.map((keys) => new Set(keys))])];
    const rows = await database.stories.bulkGet(candidates);
    return completeList(
      rows.filter((row): row is StoryRow => row !== undefined),
      narrowing,
      count,
    );
  }
  // Every part of the filter matches more than `countLimit` stories: walk the part most likely to
  // be the narrowest (state and section, else the longest term) until the count is known or
  // capped. One indexed term alone needs no test and no count: its walk is the page.
  const longest = [...narrowing.terms].sort((a, b) => b.length - a.length)[0] ?? '';
  const rows = isFiltered
    ? await newestRows(fields, countLimit + 1, (row) => narrowing.matches(row), database)
    : await newestRowsOfTerm(
        longest,
        isOneIndexedTerm ? count : countLimit + 1,
        isOneIndexedTerm ? null : (row) => narrowing.matches(row),
        database,
      );
  const isMore = isOneIndexedTerm || rows.length > countLimit;
  const ids = rows.slice(0, countLimit).map((row) => row.id);
  return {
    ids,
    total: isMore ? countLimit : ids.length,
    isMore,
    rows: byId(rows.slice(0, count)),
  };
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

/** The ids of the stories with a term starting with `term` (past its indexed prefix too). */
async function idsWithTerm(term: string, database: WorkstationDb): Promise<Set<string>> {
  const ids = await (indexedPrefix(term) === term
    ? withPrefixOf(term, database).primaryKeys()
    : database.stories.where('searchTerms').startsWith(term).primaryKeys());
  return new Set(ids);
}

/**
 * Every story a filter selects, newest first: what the list reads once the person scrolls past
 * the first page. Each matching key is read once, and the order comes with the keys:
 *
 * - a search: its longest term's range of `keys` is the order (read forwards in one go and
 *   turned round), cut by the ids of the other terms, the state and the section tree;
 * - a state and at most one section: their time-ordered index range is the list;
 * - else (a section with sub-sections) the order of every story from `updatedAt`, cut by the
 *   ids in the state and sections.
 */
export async function readListIds(
  filter: StoryFilter,
  profile: PortalProfile,
  database: WorkstationDb = db,
): Promise<string[]> {
  const narrowing = narrowingOf(filter, profile);
  const fields = fieldRanges(narrowing.state, narrowing.sections);
  const [longest, ...others] = [...narrowing.terms].sort((a, b) => b.length - a.length);
  if (longest === undefined && fields.length === 1 && fields[0] !== undefined) {
    return newestFirstIds(inRange(fields[0], database));
  }
  const isFiltered = narrowing.state !== '' || narrowing.sections !== null;
  const [ordered, ...cuts] = await Promise.all([
    newestFirstIds(
      longest === undefined
        ? database.stories.orderBy('updatedAt')
        : withPrefixOf(longest, database),
    ),
    ...others.map((term) => idsWithTerm(term, database)),
    ...(longest !== undefined && indexedPrefix(longest) !== longest
      ? [idsWithTerm(longest, database)]
      : []),
    ...(isFiltered
      ? [
          Promise.all(fields.map((range) => inRange(range, database).primaryKeys())).then(
            (lists) => new Set(lists.flat()),
          ),
        ]
      : []),
  ]);
  return cuts.length === 0 ? ordered : ordered.filter((id) => cuts.every((cut) => cut.has(id)));
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
