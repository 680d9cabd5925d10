import { Dexie, type EntityTable } from 'dexie';
import {
  storyOf,
  workflowOf,
  type Story,
  type StoryState,
  type StoryWorkflow,
} from '../../../shared/story/story';
import { db, type EventRow, type NoteRow, type WorkstationDb } from '../../db/db';
import { writeLocally } from './changes';
import { newId } from './stories';
import { buildVersion } from './versions';

/**
 * One story's rows of a table indexed `[storyId+at]` (events, notes), oldest first: the one
 * place that range is written.
 */
function ofStory<T extends { id: string; storyId: string; at: number }>(
  table: EntityTable<T, 'id'>,
  storyId: string,
) {
  return table.where('[storyId+at]').between([storyId, Dexie.minKey], [storyId, Dexie.maxKey]);
}

/** The workflow trail of a story: every transition, oldest first. */
export function readEvents(storyId: string, database: WorkstationDb = db): Promise<EventRow[]> {
  return ofStory(database.events, storyId).toArray();
}

/** The newsroom notes on a story, oldest first. */
export function readNotes(storyId: string, database: WorkstationDb = db): Promise<NoteRow[]> {
  return ofStory(database.notes, storyId).toArray();
}

/** The last `return` of a story (its note is what the reporter must fix), if any. */
export async function readLastReturn(
  storyId: string,
  database: WorkstationDb = db,
): Promise<EventRow | undefined> {
  return (await readEvents(storyId, database)).findLast((event) => event.action === 'return');
}

/** Posts a newsroom note on a story. */
export async function addNote(
  note: Omit<NoteRow, 'id' | 'at'> & { now?: number },
  database: WorkstationDb = db,
): Promise<NoteRow> {
  const at = note.now ?? Date.now();
  const row: NoteRow = {
    id: newId(at),
    storyId: note.storyId,
    at,
    author: note.author,
    role: note.role,
    text: note.text,
  };
  return writeLocally(database, [database.notes], async () => {
    await database.notes.add(row);
    return { value: row, changes: [{ kind: 'note:add', note: row }] };
  });
}

/**
 * Whether the story's last scheduling has been claimed by the scheduler: a `release` event later
 * than the last `schedule` event. Read inside the transactions that change a scheduled story, so
 * a claim and an Unschedule cannot both win.
 */
function claimAfterLastSchedule(events: readonly EventRow[]): EventRow | undefined {
  const lastSchedule = events.findLastIndex((event) => event.action === 'schedule');
  return events.slice(lastSchedule + 1).find((event) => event.action === 'release');
}

/** A decided transition, as the workflow hands it over to be recorded. */
export interface TransitionRecord {
  storyId: string;
  /** The state the decision was made in: the write is refused if the story has left it. */
  from: StoryState;
  workflow: StoryWorkflow;
  updatedAt: number;
  /** The trail event; null when the scheduler claimed the release earlier (`claimRelease`). */
  event: EventRow | null;
  /** The claim this release completes, or null for any other transition. */
  claimEventId: string | null;
  /** The version taken with the transition. */
  version: { bodyState: Uint8Array; label: string; author: string; now: number };
}

/** What recording a transition came to. */
export type TransitionOutcome =
  | { kind: 'recorded'; story: Story }
  | { kind: 'missing' }
  /** Someone acted on the story meanwhile: it is in another state now. */
  | { kind: 'moved'; state: StoryState }
  /** The scheduler has claimed the story for publication at its time. */
  | { kind: 'releasing' };

/**
 * Records a decided transition: the story's workflow fields, its trail event and a version, in
 * one transaction, unless the story left the state the decision was made in or the scheduler
 * has claimed it for publication.
 */
export async function recordTransition(
  record: TransitionRecord,
  database: WorkstationDb = db,
): Promise<TransitionOutcome> {
  return writeLocally<TransitionOutcome>(
    database,
    [database.stories, database.events, database.versions],
    async () => {
      const current = await database.stories.get(record.storyId);
      if (current === undefined) return { value: { kind: 'missing' }, changes: [] };
      if (current.state !== record.from) {
        return { value: { kind: 'moved', state: current.state }, changes: [] };
      }
      if (
        record.claimEventId === null &&
        current.state === 'scheduled' &&
        claimAfterLastSchedule(await readEvents(record.storyId, database)) !== undefined
      ) {
        return { value: { kind: 'releasing' }, changes: [] };
      }
      const changes = { ...workflowOf(record.workflow), updatedAt: record.updatedAt };
      const story: Story = { ...storyOf(current), ...changes };
      const version = buildVersion({
        story,
        bodyState: record.version.bodyState,
        author: record.version.author,
        reason: 'transition',
        label: record.version.label,
        now: record.version.now,
      });
      await database.stories.update(record.storyId, changes);
      if (record.event !== null) await database.events.add(record.event);
      await database.versions.add(version);
      return {
        value: { kind: 'recorded', story },
        changes: [
          {
            kind: 'story:transition',
            storyId: record.storyId,
            from: record.from,
            workflow: workflowOf(changes),
            updatedAt: record.updatedAt,
            event: record.event,
            version,
          },
        ],
      };
    },
  );
}

/** Who scheduled the story: the actor of the trail's last `schedule` event ('' if none). */
export async function schedulingActorName(
  storyId: string,
  database: WorkstationDb = db,
): Promise<string> {
  const events = await readEvents(storyId, database);
  return events.findLast((event) => event.action === 'schedule')?.actor ?? '';
}

/**
 * Claims a due story for publication in one transaction: a `release` event in its trail, unless
 * an earlier run already wrote one and stopped before finishing (then that claim is taken over;
 * only the holder of the scheduler lock ever gets here). Null if the story is no longer due as it
 * was (unscheduled, rescheduled or gone).
 */
export async function claimRelease(
  story: Pick<Story, 'id' | 'scheduledAt'>,
  claim: Omit<EventRow, 'id' | 'storyId' | 'action' | 'from' | 'to'>,
  database: WorkstationDb = db,
): Promise<string | null> {
  return writeLocally(database, [database.stories, database.events], async () => {
    const current = await database.stories.get(story.id);
    if (
      current === undefined ||
      current.state !== 'scheduled' ||
      current.scheduledAt !== story.scheduledAt
    ) {
      return { value: null, changes: [] };
    }
    const earlier = claimAfterLastSchedule(await readEvents(story.id, database));
    if (earlier !== undefined) return { value: earlier.id, changes: [] };
    const event: EventRow = {
      ...claim,
      id: newId(claim.at),
      storyId: story.id,
      action: 'release',
      from: 'scheduled',
      to: 'published',
    };
    await database.events.add(event);
    return { value: event.id, changes: [{ kind: 'trail:claim', event }] };
  });
}

/** Drops a claim whose publication failed, so the trail does not say it went out. */
export async function dropClaim(
  storyId: string,
  eventId: string,
  database: WorkstationDb = db,
): Promise<void> {
  await writeLocally(database, [database.events], async () => {
    await database.events.delete(eventId);
    return { value: undefined, changes: [{ kind: 'trail:unclaim', storyId, eventId }] };
  });
}
