import type { NewsroomStatus } from '../../../shared/api/gateway';
import type { NewsroomInput } from '../../../shared/api/newsroom';
import {
  STORY_FIELD_KEYS,
  type StoryFieldKey,
  type StoryFields,
} from '../../../shared/story/story';
import {
  MANUAL_ACTIONS,
  TRANSITIONS,
  type WorkflowAction,
} from '../../../shared/workflow/transitions';
import type { NewsroomCopyRow, OutboxEntry, OutboxRow } from '../../db/db';
import type { StoryChange } from '../../stories/repository/changes';

type TransitionEntry = Extract<OutboxEntry, { kind: 'transition' }>;
type TransitionInputs = Pick<TransitionEntry, 'note' | 'reason' | 'correctionNote' | 'scheduledAt'>;

function isClientAction(action: string): action is WorkflowAction {
  return (MANUAL_ACTIONS as readonly string[]).includes(action);
}

function pickFields(fields: StoryFields, keys: readonly StoryFieldKey[]): Partial<StoryFields> {
  return Object.fromEntries(keys.map((key) => [key, fields[key]])) satisfies Partial<
    Record<StoryFieldKey, unknown>
  >;
}

/**
 * What one local change asks of the newsroom server. A field edit carries, per field, the value
 * the server had when it was edited here (`base`: the server keeps the other value in its field
 * history when someone changed it meanwhile). Body edits are the collab provider's, versions and
 * scheduler claims stay on this workstation (the server keeps its own, and releases itself).
 */
export function outboxEntriesOf(
  change: StoryChange,
  copy: NewsroomCopyRow | undefined,
): OutboxEntry[] {
  switch (change.kind) {
    case 'story:create':
      return [{ kind: 'create', storyId: change.story.id }];
    case 'story:edit': {
      const keys = Object.keys(change.fields) as StoryFieldKey[];
      if (keys.length === 0) return [];
      // Not on the server yet (its creation waits in the outbox): nothing can have changed there.
      const base = copy === undefined ? change.fields : pickFields(copy.fields, keys);
      return [{ kind: 'update', storyId: change.storyId, changes: change.fields, base }];
    }
    case 'story:transition': {
      const { event, workflow } = change;
      // A release is the server scheduler's; a claim with no event is this workstation's own.
      if (event === null || !isClientAction(event.action)) return [];
      const { action } = event;
      const inputs: TransitionInputs =
        action === 'unpublish'
          ? { reason: event.note }
          : action === 'publishCorrection'
            ? { correctionNote: workflow.correctionNote }
            : action === 'schedule' && workflow.scheduledAt !== null
              ? { scheduledAt: workflow.scheduledAt }
              : event.note === ''
                ? {}
                : { note: event.note };
      return [
        { kind: 'transition', storyId: change.storyId, eventId: event.id, action, ...inputs },
      ];
    }
    case 'note:add':
      return [
        {
          kind: 'note',
          storyId: change.note.storyId,
          noteId: change.note.id,
          text: change.note.text,
        },
      ];
    case 'trail:claim':
    case 'trail:unclaim':
    case 'version:add':
      return [];
  }
}

/**
 * The next outbox rows to send as one request: a field update takes every update of the same story
 * that follows it directly (later values win, the earliest base of each field stays), so a minute
 * of typing in a headline is one `story:update`. Anything else goes alone.
 */
export function nextBatch(
  rows: readonly OutboxRow[],
): { rows: OutboxRow[]; entry: OutboxEntry } | null {
  const [first] = rows;
  if (first === undefined) return null;
  if (first.entry.kind !== 'update') return { rows: [first], entry: first.entry };
  const taken: OutboxRow[] = [first];
  let changes: Partial<StoryFields> = { ...first.entry.changes };
  let base: Partial<StoryFields> = { ...first.entry.base };
  for (const row of rows.slice(1)) {
    if (row.entry.kind !== 'update' || row.storyId !== first.storyId) break;
    changes = { ...changes, ...row.entry.changes };
    base = { ...row.entry.base, ...base };
    taken.push(row);
  }
  return { rows: taken, entry: { kind: 'update', storyId: first.storyId, changes, base } };
}

/** The `story:transition` input of a transition entry. */
export function transitionInputOf(
  entry: Extract<OutboxEntry, { kind: 'transition' }>,
): NewsroomInput<'story:transition'> {
  const { storyId, eventId, action, note, reason, correctionNote, scheduledAt } = entry;
  return { id: storyId, eventId, action, note, reason, correctionNote, scheduledAt };
}

/** The newsroom account a status is signed in as (or was last), as outbox rows name it. */
export interface OutboxAccount {
  /** `<server origin> <login>`: the same login on another server is another account. */
  key: string;
  login: string;
}

/** The account of a status: null before the first sign-in. */
export function outboxAccountOf(status: NewsroomStatus | null): OutboxAccount | null {
  if (status === null || status.serverUrl === null || status.login === null) return null;
  return { key: `${status.serverUrl} ${status.login}`, login: status.login };
}

const FIELD_LABELS: Record<StoryFieldKey, string> = {
  headline: 'Headline',
  subheadline: 'Subheadline',
  slug: 'Slug',
  byline: 'Byline',
  dateline: 'Dateline',
  source: 'Source',
  section: 'Section',
  urgency: 'Urgency',
  language: 'Language',
  summary: 'Summary',
  keywords: 'Keywords',
  editorialNote: 'Editorial note',
  leadPhoto: 'Lead photo',
};

/** The label a field has in the story view (the key itself for one this workstation lacks). */
export function fieldLabel(key: string): string {
  const known = STORY_FIELD_KEYS.find((field) => field === key);
  return known === undefined ? key : FIELD_LABELS[known];
}

/** A field's value as a line shows it. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  if (Array.isArray(value)) return `“${value.join(', ')}”`;
  return value === null ? 'none' : JSON.stringify(value);
}

/** What an outbox entry would do, in the story view's words (one line per field of an update). */
export function describeEntry(entry: OutboxEntry): string[] {
  switch (entry.kind) {
    case 'create':
      return ['The story itself (made here, not yet in the newsroom)'];
    case 'update':
      return Object.entries(entry.changes).map(
        ([key, value]) => `${fieldLabel(key)}: ${shownValue(value)}`,
      );
    case 'note':
      return [`Note: ${shownValue(entry.text)}`];
    case 'transition':
      return [TRANSITIONS[entry.action].label];
  }
}
