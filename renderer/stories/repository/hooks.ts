import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
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
  type StoryIdList,
} from './lists';
import { readStory } from './stories';
import { readEvents, readLastReturn, readNotes } from './trail';
import { readVersions } from './versions';

/*
 * The live views of the story data for components: each re-reads when what it read changes (in
 * this window or another), through the repository's read functions. Undefined while loading.
 */

/** A story's row, live: null if this workstation does not have it. */
export function useStoryRow(storyId: string): StoryRow | null | undefined {
  return useLiveQuery(() => readStory(storyId).then((row) => row ?? null), [storyId]);
}

/** A story's versions, newest first, live. */
export function useVersions(storyId: string): VersionRow[] | undefined {
  return useLiveQuery(() => readVersions(storyId), [storyId]);
}

/** A story's workflow trail, oldest first, live. */
export function useEvents(storyId: string): EventRow[] | undefined {
  return useLiveQuery(() => readEvents(storyId), [storyId]);
}

/** A story's newsroom notes, oldest first, live. */
export function useNotes(storyId: string): NoteRow[] | undefined {
  return useLiveQuery(() => readNotes(storyId), [storyId]);
}

/** The last time the desk returned the story, live (null if never). */
export function useLastReturn(storyId: string): EventRow | null | undefined {
  return useLiveQuery(() => readLastReturn(storyId).then((event) => event ?? null), [storyId]);
}

/** The stories of the desk's states (a constant list) and when each entered its state, live. */
export function useDeskStories(states: readonly StoryState[]): DeskStories | undefined {
  return useLiveQuery(() => readDeskStories(states), [states]);
}

/** The rows of the given stories, live (those shown on screen). */
export function useStoryRows(ids: readonly string[]): Map<string, StoryRow> | undefined {
  const key = ids.join(',');
  return useLiveQuery(() => readStoryRows(key === '' ? [] : key.split(',')), [key]);
}

/** Stories painted before the list knows every story: more than a tall screen shows. */
const FIRST_PAGE = 60;

/** Runs `task` once the next frame has been painted; returns the cancel function. */
function afterNextPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(task, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** What the filter-dependent read answered: a first page, or the set the full order is cut to. */
type FilterAnswer =
  { kind: 'page'; page: StoryIdList } | { kind: 'matches'; matches: ReadonlySet<string> | null };

/**
 * The stories a filter selects, newest first, live, and how many there are.
 *
 * The first answer reads the indexes limited to one screen (`firstPageOf`), so 50,000 stories
 * paint as fast as fifty. Once that is painted, the order of every story is read from the
 * `updatedAt` index (keys only, kept in memory, re-read by Dexie whenever a story changes in any
 * window), and from then on a filter or a search reads only the matching keys of the `state`,
 * `section` and `searchTerms` indexes and cuts the order in memory: no story row is read for it.
 */
export function useStoryList(filter: StoryFilter, profile: PortalProfile): StoryIdList | undefined {
  const [wantsOrder, setWantsOrder] = useState(false);
  const ordered = useLiveQuery(() => (wantsOrder ? readOrderedIds() : null), [wantsOrder]);
  const hasOrder = ordered !== undefined && ordered !== null;
  const answer = useLiveQuery(
    async (): Promise<FilterAnswer> =>
      hasOrder
        ? { kind: 'matches', matches: await matchingIds(filter, profile) }
        : { kind: 'page', page: await firstPageOf(filter, profile, FIRST_PAGE) },
    [hasOrder, filter, profile],
  );
  const hasAnswer = answer !== undefined;
  useEffect(() => {
    if (!hasAnswer || wantsOrder) return undefined;
    return afterNextPaint(() => setWantsOrder(true));
  }, [hasAnswer, wantsOrder]);
  return useMemo(() => {
    if (answer === undefined) return undefined;
    if (answer.kind === 'page') return answer.page;
    if (ordered === undefined || ordered === null) return undefined;
    const { matches } = answer;
    const ids = matches === null ? ordered : ordered.filter((id) => matches.has(id));
    return { ids, total: ids.length };
  }, [answer, ordered]);
}
