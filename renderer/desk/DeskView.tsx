import { useId, useState } from 'react';
import { listSections } from '../../shared/portal/profile';
import { STATE_LABELS, URGENCY_LABELS } from '../../shared/story/story';
import { formatDuration, scheduleLabel } from '../../shared/workflow/schedule';
import { useSettings } from '../app/SettingsContext';
import { routeHref } from '../app/useHashRoute';
import { useDeskStories } from '../stories/repository/hooks';
import { SectionOptions } from '../stories/SectionOptions';
import { useNow } from '../workflow/useNow';
import { buildQueue, DESK_STATES, type QueueItem } from './deskQueue';
import { PublishTargets } from './PublishTargets';
import './desk.css';

function QueueEntry({ item, now }: { item: QueueItem; now: number }) {
  const { settings } = useSettings();
  const profile = settings.portalProfile;
  const { story } = item;
  const section = listSections(profile).find((candidate) => candidate.id === story.section);
  const title =
    story.headline.trim() === '' ? `Untitled (${story.slug || 'no slug'})` : story.headline;
  return (
    <li className={`desk-item urgency-${story.urgency}`}>
      <a className="desk-headline" href={routeHref({ view: 'story', storyId: story.id })}>
        {title}
      </a>
      <p className="desk-meta">
        <span className="desk-urgency">{URGENCY_LABELS[story.urgency]}</span>
        <span>{section === undefined ? story.section : section.path.join(' › ')}</span>
        {story.byline !== '' && <span>{story.byline}</span>}
        {story.state === 'scheduled' && story.scheduledAt !== null ? (
          <span>{scheduleLabel(story.scheduledAt, now, profile)}</span>
        ) : (
          <span>
            {STATE_LABELS[story.state].toLowerCase()} for{' '}
            {formatDuration(Math.max(now - item.inStateSince, 0))}
          </span>
        )}
      </p>
    </li>
  );
}

/**
 * The desk: the editor's queue grouped by state (submitted, in edit, approved, scheduled,
 * returned) with counts, each group ordered by urgency then age, filtered by section. A story opens
 * in one click. Signed in to a newsroom, it shows the publish targets' state above the queue.
 */
export function DeskView() {
  const { settings } = useSettings();
  const now = useNow(30_000);
  const filterId = useId();
  const [sectionFilter, setSectionFilter] = useState('');
  const desk = useDeskStories(DESK_STATES);

  return (
    <div className="desk-view">
      <div className="desk-header">
        <h1>Desk</h1>
        <label htmlFor={filterId}>Filter by section</label>
        <select
          id={filterId}
          value={sectionFilter}
          onChange={(event) => setSectionFilter(event.target.value)}
        >
          <option value="">All sections</option>
          <SectionOptions profile={settings.portalProfile} />
        </select>
      </div>
      <PublishTargets />
      {desk === undefined ? (
        <p role="status">Loading the desk…</p>
      ) : (
        buildQueue(desk.stories, desk.enteredState, sectionFilter).map((group) => {
          const headingId = `${filterId}-${group.state}`;
          return (
            <section key={group.state} className="desk-group" aria-labelledby={headingId}>
              <h2 id={headingId}>
                {STATE_LABELS[group.state]}{' '}
                <span className="desk-count">({group.items.length})</span>
              </h2>
              {group.items.length === 0 ? (
                <p className="muted">None.</p>
              ) : (
                <ol className="desk-list">
                  {group.items.map((item) => (
                    <QueueEntry key={item.story.id} item={item} now={now} />
                  ))}
                </ol>
              )}
            </section>
          );
        })
      )}
    </div>
  );
}
