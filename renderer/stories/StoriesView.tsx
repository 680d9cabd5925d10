import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { findSection, listSections } from '../../shared/portal/profile';
import { STATE_LABELS, STORY_STATES } from '../../shared/story/story';
import { Alert } from '../app/Alert';
import { errorMessage } from '../app/errorMessage';
import { useSettings } from '../app/SettingsContext';
import type { StoryRow } from '../db/db';
import { formatWhen } from './HistoryPanel';
import { useStoryList, useStoryRows } from './repository/hooks';
import { NO_FILTER, type StoryFilter, type StoryPage } from './repository/lists';
import { createStory } from './repository/stories';
import './stories.css';

const ROW_HEIGHT = 64;

function StoryListRow({ row }: { row: StoryRow | undefined }) {
  const { settings } = useSettings();
  if (row === undefined) return <div className="story-row is-loading" aria-hidden="true" />;
  const section = findSection(settings.portalProfile, row.section);
  return (
    <div className="story-row">
      <a className="story-row-headline" href={`#/stories/${encodeURIComponent(row.id)}`}>
        {row.headline.trim() === '' ? 'Untitled story' : row.headline}
      </a>
      <span className="story-row-meta">
        <span className="story-row-slug">{row.slug === '' ? 'no slug' : row.slug}</span>
        <span className={`story-row-state state-${row.state}`}>{STATE_LABELS[row.state]}</span>
        <span>{section === undefined ? row.section : section.path.join(' › ')}</span>
        <span>{row.byline}</span>
        <span>Updated {formatWhen(row.updatedAt)}</span>
        <span>{row.wordCount} words</span>
      </span>
    </div>
  );
}

/**
 * The list as a window of rows: only the rows on screen are in the page and read from the
 * database. Rows past the first page show as loading until the whole order has been read, which
 * scrolling to them asks for.
 */
function VirtualStoryList({ list, onShowAll }: { list: StoryPage; onShowAll(): void }) {
  const { ids, total } = list;
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual hands back new functions on every render, so React Compiler leaves this
  // component alone; it re-renders on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const isPastKnown = items.some((item) => item.index >= ids.length);
  useEffect(() => {
    if (isPastKnown) onShowAll();
  }, [isPastKnown, onShowAll]);
  // The first page comes with its rows; only rows scrolled to beyond it are read here.
  const rows = useStoryRows(
    items.flatMap((item) => {
      const id = ids[item.index];
      return id === undefined || list.rows.has(id) ? [] : [id];
    }),
  );
  return (
    <div ref={scrollRef} className="story-list-scroll">
      <ul
        className="story-list"
        aria-label="Stories"
        style={{ height: `${virtualizer.getTotalSize()}px` }}
      >
        {items.map((item) => {
          const id = ids[item.index];
          return (
            <li
              key={id ?? `row-${item.index}`}
              className="story-list-item"
              style={{ transform: `translateY(${item.start}px)`, height: `${item.size}px` }}
            >
              <StoryListRow
                row={id === undefined ? undefined : (list.rows.get(id) ?? rows?.get(id))}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** What the count line says: `1000+ stories` while a search's count is capped. */
function countText({ total, isMore }: StoryPage): string {
  if (isMore) return `${total}+ stories`;
  return total === 1 ? '1 story' : `${total} stories`;
}

function filterKey(filter: StoryFilter | undefined): string {
  return filter === undefined ? '' : JSON.stringify([filter.state, filter.section, filter.search]);
}

/** The stories on this workstation: `New story`, filters by state and section, and search. */
export function StoriesView() {
  const { settings } = useSettings();
  const [filter, setFilter] = useState<StoryFilter>(NO_FILTER);
  const [error, setError] = useState<string | null>(null);
  // No deferred value: every filter is answered by index reads of one screen, and its query
  // starts within the person's event rather than after a transition's paint.
  const { list, listFilter, showAll } = useStoryList(filter, settings.portalProfile);

  async function handleNewStory() {
    setError(null);
    try {
      const id = await createStory({ author: settings.userName });
      window.location.hash = `#/stories/${encodeURIComponent(id)}`;
    } catch (caught) {
      setError(`Could not create the story: ${errorMessage(caught)}`);
    }
  }

  return (
    <section className="stories-view" aria-labelledby="stories-title">
      <header className="stories-header">
        <h1 id="stories-title">Stories</h1>
        <button type="button" onClick={() => void handleNewStory()}>
          New story
        </button>
      </header>
      {error !== null ? <Alert message={error} /> : null}
      <div className="stories-filters">
        <label>
          State
          <select
            value={filter.state}
            onChange={(event) => {
              const state = STORY_STATES.find((value) => value === event.target.value);
              setFilter({ ...filter, state: state ?? '' });
            }}
          >
            <option value="">All states</option>
            {STORY_STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Section
          <select
            value={filter.section}
            onChange={(event) => setFilter({ ...filter, section: event.target.value })}
          >
            <option value="">All sections</option>
            {listSections(settings.portalProfile).map((section) => (
              <option key={section.id} value={section.id}>
                {section.path.join(' › ')}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Search stories"
          placeholder="Search headline, slug, keywords"
          value={filter.search}
          onChange={(event) => setFilter({ ...filter, search: event.target.value })}
        />
      </div>
      {list === undefined ? (
        <p>Loading stories…</p>
      ) : (
        <>
          <p className="stories-count" aria-live="polite">
            {countText(list)}
          </p>
          {list.total === 0 ? (
            <p>No stories match.</p>
          ) : (
            // A new filter's list is a new window of rows, at its top.
            <VirtualStoryList key={filterKey(listFilter)} list={list} onShowAll={showAll} />
          )}
        </>
      )}
    </section>
  );
}
