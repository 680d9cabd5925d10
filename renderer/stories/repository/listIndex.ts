import { Dexie, RangeSet, type ObservabilitySet } from 'dexie';
import type { StoryState } from '../../../shared/story/story';
import { queryTerms } from '../../../shared/text/search';
import { db, type StoryRow, type WorkstationDb } from '../../db/db';
import type { StoryFilter } from './lists';

/** One story as the list needs it to filter, search and order, and nothing more. */
export interface ListEntry {
  id: string;
  updatedAt: number;
  state: StoryState;
  section: string;
  /** The row's search terms (lower-cased words and Han characters; see storySearchTerms). */
  terms: readonly string[];
}

/** What the index holds at one moment. Never changed in place: a change makes a new snapshot. */
export interface ListSnapshot {
  isReady: boolean;
  /** Every story, newest first: updatedAt, then id, descending (the `updatedAt` index reversed). */
  entries: readonly ListEntry[];
}

/** Newest first, as `orderBy('updatedAt').reverse()` orders (ties by id, descending). */
export function compareEntries(a: ListEntry, b: ListEntry): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The ids of the entries a filter selects, in the entries' order: the state, the section (given
 * as the set of it and its sub-sections, or null for all) and every search term as the start of
 * one of the story's terms, as the database indexes answer them.
 */
export function selectIds(
  entries: readonly ListEntry[],
  filter: StoryFilter,
  sections: ReadonlySet<string> | null,
): string[] {
  const terms = queryTerms(filter.search);
  const ids: string[] = [];
  for (const entry of entries) {
    if (filter.state !== '' && entry.state !== filter.state) continue;
    if (sections !== null && !sections.has(entry.section)) continue;
    if (!terms.every((term) => entry.terms.some((known) => known.startsWith(term)))) continue;
    ids.push(entry.id);
  }
  return ids;
}

/** An in-memory index of every story, kept current from the database's change events. */
export interface StoryListIndex {
  snapshot(): ListSnapshot;
  /** Calls back whenever the snapshot changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Starts building the index and following changes (once; later calls do nothing). */
  start(): void;
  /** Stops following changes (the snapshot stays as it is). */
  stop(): void;
}

/** Rows read per task while building: a task stays short, so typing and scrolling stay smooth. */
const BUILD_CHUNK = 2000;

/** Past this many changed rows at once, sorting the whole list beats inserting each in place. */
const MANY_CHANGES = 64;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Creates the list index of a database. It reads every story once, in chunks of a few thousand
 * rows between which the page stays responsive, keeping only {id, updatedAt, state, section,
 * terms} (terms shared between stories, as words repeat). After that it follows Dexie's
 * `storagemutated` events, which report every committed write to the stories table by this window,
 * other windows and tabs (Dexie relays them on a BroadcastChannel): changed rows are read again by
 * key and moved to their place. A change that names no keys (a table cleared) reads everything
 * again. Rows written without Dexie (raw IndexedDB) are seen at the next start only.
 */
export function createStoryListIndex(database: WorkstationDb): StoryListIndex {
  const listeners = new Set<() => void>();
  const strings = new Map<string, string>();
  let current: ListSnapshot = { isReady: false, entries: [] };
  let isStarted = false;
  let isStopped = false;
  // Builds and refreshes run one after another: a change seen during the build is read again
  // after it, so a row the build read before the change never stays stale.
  let refreshing: Promise<void> = Promise.resolve();
  const storiesPart = `idb://${database.name}/stories/`;

  function intern(text: string): string {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  }

  function entryOf(row: StoryRow): ListEntry {
    return {
      id: row.id,
      updatedAt: row.updatedAt,
      state: row.state,
      section: intern(row.section),
      terms: row.searchTerms.map(intern),
    };
  }

  function publish(next: ListSnapshot): void {
    current = next;
    for (const listener of listeners) listener();
  }

  async function build(): Promise<void> {
    const entries: ListEntry[] = [];
    let lastId: string | null = null;
    for (;;) {
      const rows: StoryRow[] =
        lastId === null
          ? await database.stories.orderBy(':id').limit(BUILD_CHUNK).toArray()
          : await database.stories.where(':id').above(lastId).limit(BUILD_CHUNK).toArray();
      for (const row of rows) entries.push(entryOf(row));
      const last = rows.at(-1);
      if (last === undefined || rows.length < BUILD_CHUNK || isStopped) break;
      lastId = last.id;
      await nextTask();
    }
    publish({ isReady: true, entries: entries.sort(compareEntries) });
  }

  /** Puts changed entries in place in a copy of the sorted list. */
  function applyChanges(changes: ReadonlyMap<string, ListEntry | null>): void {
    const entries = current.entries.filter((entry) => !changes.has(entry.id));
    const changed = [...changes.values()].filter((entry): entry is ListEntry => entry !== null);
    if (changed.length > MANY_CHANGES) {
      publish({ isReady: current.isReady, entries: [...entries, ...changed].sort(compareEntries) });
      return;
    }
    for (const entry of changed) {
      let low = 0;
      let high = entries.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        const probe = entries[middle];
        if (probe !== undefined && compareEntries(probe, entry) < 0) low = middle + 1;
        else high = middle;
      }
      entries.splice(low, 0, entry);
    }
    publish({ isReady: current.isReady, entries });
  }

  async function refresh(ids: readonly string[]): Promise<void> {
    const rows = await database.stories.bulkGet([...ids]);
    applyChanges(
      new Map(
        ids.map((id, index) => {
          const row = rows[index];
          return [id, row === undefined ? null : entryOf(row)];
        }),
      ),
    );
  }

  function handleMutation(parts: ObservabilitySet): void {
    const tree = parts[storiesPart];
    if (tree === undefined || isStopped) return;
    const ids: string[] = [];
    let isWholeTable = false;
    for (const range of RangeSet(tree)) {
      if (typeof range.from === 'string' && range.from === range.to) ids.push(range.from);
      else isWholeTable = true;
    }
    refreshing = refreshing
      .then(() => (isWholeTable ? build() : ids.length > 0 ? refresh(ids) : undefined))
      .catch((error: unknown) =>
        console.error('The stories list could not follow a change', error),
      );
  }

  return {
    snapshot: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (isStarted) return;
      isStarted = true;
      Dexie.on('storagemutated', handleMutation);
      refreshing = build().catch((error: unknown) => {
        console.error('The stories list index could not be built', error);
      });
    },
    stop() {
      isStopped = true;
      Dexie.on('storagemutated').unsubscribe(handleMutation);
    },
  };
}

const indexes = new WeakMap<WorkstationDb, StoryListIndex>();

/** The one list index of a database in this window (created on first use, built on `start`). */
export function storyListIndex(database: WorkstationDb = db): StoryListIndex {
  const known = indexes.get(database);
  if (known !== undefined) return known;
  const created = createStoryListIndex(database);
  indexes.set(database, created);
  return created;
}
