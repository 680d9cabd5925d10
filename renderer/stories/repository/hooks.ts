import { useCallback, useMemo, useState } from 'react';
import type { PortalProfile } from '../../../shared/portal/profile';
import type { StoryState } from '../../../shared/story/story';
import type { EventRow, NoteRow, StoryRow, VersionRow } from '../../db/db';
import { useLive } from '../../db/useLive';
import {
  firstPageOf,
  readDeskStories,
  readListIds,
  readStoryRows,
  type DeskStories,
  type StoryFilter,
  type StoryPage,
} from './lists';
import { readEvents, readLastReturn, readNotes } from './trail';
import { readVersions } from './versions';

/*
 * The live views of the story data for components: each re-reads when what it read changes (in
 * this window or another), through the repository's read functions. Undefined while loading.
 */

/** A story's versions, newest first, live. */
export function useVersions(storyId: string): VersionRow[] | undefined {
  return useLive(() => readVersions(storyId), [storyId]);
}

/** A story's workflow trail, oldest first, live. */
export function useEvents(storyId: string): EventRow[] | undefined {
  return useLive(() => readEvents(storyId), [storyId]);
}

/** A story's newsroom notes, oldest first, live. */
export function useNotes(storyId: string): NoteRow[] | undefined {
  return useLive(() => readNotes(storyId), [storyId]);
}

/** The last time the desk returned the story, live (null if never). */
export function useLastReturn(storyId: string): EventRow | null | undefined {
  return useLive(() => readLastReturn(storyId).then((event) => event ?? null), [storyId]);
}

/** The stories of the desk's states (a constant list) and when each entered its state, live. */
export function useDeskStories(states: readonly StoryState[]): DeskStories | undefined {
  return useLive(() => readDeskStories(states), [states]);
}

/** The rows of the given stories, live (those shown on screen). */
export function useStoryRows(ids: readonly string[]): Map<string, StoryRow> | undefined {
  const key = ids.join(',');
  return useLive(() => readStoryRows(key === '' ? [] : key.split(',')), [key]);
}

/** Stories painted before the list knows every story: more than a tall screen shows. */
const FIRST_PAGE = 60;

const NO_ROWS: ReadonlyMap<string, StoryRow> = new Map();

/** A list answered for one filter (a live query may still hold the previous filter's answer). */
interface Answer<T> {
  filter: StoryFilter;
  value: T;
}

/** The stories list as the view gets it, and how to ask for every id past the first page. */
export interface StoryListState {
  /** The ids, the count, and the rows read with them (the first page's; none for the full list). */
  list: StoryPage | undefined;
  /**
   * The filter `list` answers: until a new filter's answer comes, the previous list stays as it
   * was, scrolled where it was; a view starts the new one at its top.
   */
  listFilter: StoryFilter | undefined;
  /** Reads the order of every story: call it when rows past the first page come into view. */
  showAll(): void;
}

/**
 * The stories a filter selects, newest first, live, and how many there are.
 *
 * Every filter and search is first answered from the indexes limited to one screen
 * (`firstPageOf`): 50,000 stories paint as fast as fifty. Only when rows past that page are
 * wanted (`showAll`, as the person scrolls that filter's list) is every match read, from index
 * keys alone, each once (`readListIds`); no story row is read for it. Dexie re-runs each read
 * when stories change, in any window.
 */
export function useStoryList(filter: StoryFilter, profile: PortalProfile): StoryListState {
  // Per filter: a new filter starts at its first page, and reads the whole order only when its
  // own list is scrolled.
  const [wantsAllOf, setWantsAllOf] = useState<StoryFilter | null>(null);
  const wantsAll = wantsAllOf === filter;
  const page = useLive(
    async (): Promise<Answer<StoryPage>> => ({
      filter,
      value: await firstPageOf(filter, profile, FIRST_PAGE),
    }),
    [filter, profile],
  );
  const all = useLive(
    async (): Promise<Answer<string[]> | null> =>
      wantsAll ? { filter, value: await readListIds(filter, profile) } : null,
    [wantsAll, filter, profile],
  );
  const fresh = useMemo((): Answer<StoryPage> | undefined => {
    if (wantsAll && all?.filter === filter) {
      const ids = all.value;
      return { filter, value: { ids, total: ids.length, isMore: false, rows: NO_ROWS } };
    }
    return page?.filter === filter ? page : undefined;
  }, [filter, wantsAll, all, page]);
  // The last answer shown stays until the new filter's comes: never a list of one filter with
  // the rows or the scroll position of another.
  const [shown, setShown] = useState(fresh);
  if (fresh !== undefined && fresh !== shown) setShown(fresh);
  const answer = fresh ?? shown;
  const showAll = useCallback(() => setWantsAllOf(filter), [filter]);
  return { list: answer?.value, listFilter: answer?.filter, showAll };
}
