import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PortalProfile } from '../../../shared/portal/profile';
import type { StoryState } from '../../../shared/story/story';
import type { EventRow, NoteRow, StoryRow, VersionRow } from '../../db/db';
import { selectIds, storyListIndex } from './listIndex';
import {
  firstPage,
  isNarrowed,
  queryStoryIds,
  readDeskStories,
  readStoryRows,
  sectionIds,
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

/** Runs `task` once the next frame has been painted. */
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

/**
 * The stories a filter selects, newest first, live, and how many there are. The first answer
 * comes from the database's indexes limited to one screen (`firstPage`), so 50,000 stories paint
 * as fast as fifty; once that is painted, the in-memory list index (./listIndex.ts) is built, and
 * from then on every filter and search is answered from memory without reading the table.
 */
export function useStoryList(filter: StoryFilter, profile: PortalProfile): StoryIdList | undefined {
  const index = storyListIndex();
  const snapshot = useSyncExternalStore(index.subscribe, index.snapshot);
  const sections = useMemo(
    () => (filter.section === '' ? null : new Set(sectionIds(profile, filter.section))),
    [filter.section, profile],
  );
  const fromIndex = useMemo(() => {
    if (!snapshot.isReady) return null;
    const ids = selectIds(snapshot.entries, filter, sections);
    return { ids, total: ids.length };
  }, [snapshot, filter, sections]);
  const isIndexReady = snapshot.isReady;
  const beforeIndex = useLiveQuery(async (): Promise<StoryIdList | null> => {
    if (isIndexReady) return null;
    if (!isNarrowed(filter)) return firstPage(FIRST_PAGE);
    const ids = await queryStoryIds(filter, profile);
    return { ids, total: ids.length };
  }, [isIndexReady, filter, profile]);
  const hasPainted = beforeIndex !== undefined;
  useEffect(() => {
    if (!hasPainted || isIndexReady) return undefined;
    return afterNextPaint(() => index.start());
  }, [hasPainted, isIndexReady, index]);
  return fromIndex ?? beforeIndex ?? undefined;
}
