import { liveQuery } from 'dexie';
import { useCallback, useEffect, useMemo, useState, type DependencyList } from 'react';
import type { PortalProfile } from '../../../shared/portal/profile';
import type { StoryState } from '../../../shared/story/story';
import type { EventRow, NoteRow, StoryRow, VersionRow } from '../../db/db';
import {
  firstPageOf,
  matchingIds,
  readDeskStories,
  readOrderedIds,
  readStoryRows,
  type DeskStories,
  type StoryFilter,
  type StoryPage,
} from './lists';
import { readStory } from './stories';
import { readEvents, readLastReturn, readNotes } from './trail';
import { readVersions } from './versions';

/*
 * The live views of the story data for components: each re-reads when what it read changes (in
 * this window or another), through the repository's read functions. Undefined while loading.
 */

/** What a live query has answered last. */
type LiveAnswer<T> = { value: T } | { error: unknown };

/**
 * A Dexie live query, subscribed once each time `deps` change; the previous answer stays until the
 * next one comes, and an error is thrown to the nearest error boundary. dexie-react-hooks'
 * `useLiveQuery` does the same but, looking for a synchronous first value on mount, subscribes,
 * unsubscribes and subscribes again: every query ran twice when a view opened.
 */
function useLive<T>(querier: () => Promise<T> | T, deps: DependencyList): T | undefined {
  const [answer, setAnswer] = useState<LiveAnswer<T> | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(querier).subscribe({
      next: (value) => setAnswer({ value }),
      error: (error: unknown) => setAnswer({ error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as useLiveQuery takes them
  }, deps);
  if (answer !== undefined && 'error' in answer) throw answer.error;
  return answer?.value;
}

/** A story's row, live: null if this workstation does not have it. */
export function useStoryRow(storyId: string): StoryRow | null | undefined {
  return useLive(() => readStory(storyId).then((row) => row ?? null), [storyId]);
}

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
  /** Reads the order of every story: call it when rows past the first page come into view. */
  showAll(): void;
}

/**
 * The stories a filter selects, newest first, live, and how many there are.
 *
 * Every filter and search is first answered from the indexes limited to one screen
 * (`firstPageOf`): 50,000 stories paint as fast as fifty. Only when rows past that page are
 * wanted (`showAll`, as the person scrolls) is the order of every story read, from the
 * `updatedAt` index's keys alone, and cut in memory by the keys that match (`matchingIds`); no
 * story row is read for either. Dexie re-runs each read when stories change, in any window.
 */
export function useStoryList(filter: StoryFilter, profile: PortalProfile): StoryListState {
  const [wantsAll, setWantsAll] = useState(false);
  const page = useLive(
    async (): Promise<Answer<StoryPage>> => ({
      filter,
      value: await firstPageOf(filter, profile, FIRST_PAGE),
    }),
    [filter, profile],
  );
  const ordered = useLive(() => (wantsAll ? readOrderedIds() : null), [wantsAll]);
  const matches = useLive(
    async (): Promise<Answer<Set<string> | null> | null> =>
      wantsAll ? { filter, value: await matchingIds(filter, profile) } : null,
    [wantsAll, filter, profile],
  );
  const list = useMemo(() => {
    if (ordered !== undefined && ordered !== null && matches?.filter === filter) {
      const wanted = matches.value;
      const ids = wanted === null ? ordered : ordered.filter((id) => wanted.has(id));
      return { ids, total: ids.length, rows: NO_ROWS };
    }
    // Until the new filter's answer comes, the previous one stays on screen.
    return page?.value;
  }, [filter, ordered, matches, page]);
  const showAll = useCallback(() => setWantsAll(true), []);
  return { list, showAll };
}
