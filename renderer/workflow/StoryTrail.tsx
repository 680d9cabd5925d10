import { useId, useMemo, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/settings/settings';
import { STATE_LABELS } from '../../shared/story/story';
import {
  TRANSITIONS,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
} from '../../shared/workflow/transitions';
import { Alert } from '../app/Alert';
import { errorMessage } from '../app/errorMessage';
import { useSettings } from '../app/SettingsContext';
import type { EventRow } from '../db/db';
import { useEvents, useNotes } from '../stories/repository/hooks';
import { addNote } from '../stories/repository/trail';
import { actorName } from './transition';
import './workflow.css';

const NOTE_LIMIT = 5000;

function isRole(role: string): role is Role {
  return ROLES.some((known) => known === role);
}

function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

function isWorkflowAction(action: string): action is WorkflowAction {
  return WORKFLOW_ACTIONS.some((known) => known === action);
}

function describeEvent(event: EventRow): string {
  const what = isWorkflowAction(event.action) ? TRANSITIONS[event.action].pastTense : event.action;
  return `${event.actor} (${roleLabel(event.role)}) ${what}: ${STATE_LABELS[event.from]} → ${STATE_LABELS[event.to]}`;
}

/** Formats an instant in the newsroom's time zone, e.g. "2026-11-26 18:05". */
function useFormatTime(): (epochMs: number) => string {
  const { settings } = useSettings();
  const { timeZone, timeZoneLabel } = settings.portalProfile;
  // Building an Intl formatter costs about a millisecond; this panel re-renders as the story changes.
  return useMemo(() => {
    const formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    return (epochMs: number) => `${formatter.format(epochMs)} ${timeZoneLabel}`;
  }, [timeZone, timeZoneLabel]);
}

/** Newsroom notes on a story: visible to every role, never published. `Add note` posts one. */
export function StoryNotes({ storyId }: { storyId: string }) {
  const { settings } = useSettings();
  const formatTime = useFormatTime();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const notes = useNotes(storyId);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') {
      setError('Newsroom note: write the note first.');
      return;
    }
    if (trimmed.length > NOTE_LIMIT) {
      setError(`Newsroom note: keep it under ${NOTE_LIMIT} characters.`);
      return;
    }
    try {
      await addNote({
        storyId,
        author: actorName({ name: settings.userName, role: settings.role }),
        role: settings.role,
        text: trimmed,
      });
    } catch (caught) {
      // The note stays in the box, so nothing typed is lost.
      setError(`Could not add the note: ${errorMessage(caught)}`);
      return;
    }
    setText('');
    setError(null);
  }

  return (
    <section className="story-notes" aria-labelledby={`${fieldId}-heading`}>
      <h3 id={`${fieldId}-heading`}>Newsroom notes</h3>
      {notes !== undefined && notes.length === 0 && (
        <p className="muted">No notes yet. Notes stay in the newsroom: they are never published.</p>
      )}
      <ol className="trail-list">
        {(notes ?? []).map((note) => (
          <li key={note.id}>
            <p className="trail-meta">
              {note.author} ({roleLabel(note.role)}) · {formatTime(note.at)}
            </p>
            <p className="trail-note">{note.text}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={(event) => void handleSubmit(event)} className="story-notes-form">
        <label htmlFor={fieldId}>Newsroom note</label>
        <textarea
          id={fieldId}
          rows={3}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        {error !== null && <Alert message={error} />}
        <button type="submit">Add note</button>
      </form>
    </section>
  );
}

/**
 * The trail of a story: every transition (who, role, when, from, to, note), oldest first, and the
 * newsroom notes beside it. Shown in the story's history next to its versions.
 */
export function StoryTrail({ storyId }: { storyId: string }) {
  const formatTime = useFormatTime();
  const headingId = useId();
  const events = useEvents(storyId);
  return (
    <div className="story-trail-panel">
      <section className="story-trail" aria-labelledby={headingId}>
        <h3 id={headingId}>Trail</h3>
        {events !== undefined && events.length === 0 && (
          <p className="muted">Nothing has happened to this story yet.</p>
        )}
        <ol className="trail-list">
          {(events ?? []).map((event) => (
            <li key={event.id}>
              <p className="trail-meta">{formatTime(event.at)}</p>
              <p>{describeEvent(event)}</p>
              {event.note !== '' && <p className="trail-note">{event.note}</p>}
            </li>
          ))}
        </ol>
      </section>
      <StoryNotes storyId={storyId} />
    </div>
  );
}
