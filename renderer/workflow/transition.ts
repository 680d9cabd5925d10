import { ROLE_LABELS, type Role } from '../../shared/settings/settings';
import type { PortalProfile } from '../../shared/portal/profile';
import { fail, ok, type Result } from '../../shared/result';
import { STATE_LABELS, type Story } from '../../shared/story/story';
import { decide, type TransitionInput } from '../../shared/workflow/decide';
import {
  type PublishingAction,
  TRANSITIONS,
  type WorkflowAction,
} from '../../shared/workflow/transitions';
import { db, type EventRow, type StoryRow, type VersionRow } from '../db/db';
import { publishStory, unpublishStory, type PublishOutcome } from './publishing';
import { newId } from '../stories/storyRepository';
import { loadStoryWithBody, storyOfRow } from './storyBody';

/** Who takes an action: the name and role in this workstation's settings. */
export interface Actor {
  name: string;
  role: Role;
}

/** One transition request, as the workflow bar or the scheduler makes it. */
export interface TransitionRequest {
  storyId: string;
  action: WorkflowAction;
  input: TransitionInput;
  actor: Actor;
  profile: PortalProfile;
}

/** The name the trail shows for an actor; a workstation nobody has named yet shows the role. */
export function actorName(actor: Actor): string {
  return actor.name.trim() === '' ? `Unnamed ${ROLE_LABELS[actor.role].toLowerCase()}` : actor.name;
}

const PUBLISHING_ACTIONS: ReadonlySet<WorkflowAction> = new Set([
  'publish',
  'publishCorrection',
  'release',
]);

/** Whether an action writes the story's page to the portal. */
export function isPublishingAction(action: WorkflowAction): action is PublishingAction {
  return PUBLISHING_ACTIONS.has(action);
}

/**
 * Whether the story's last scheduling has already been claimed by the scheduler: a `release` event
 * later than the last `schedule` event while the story is still scheduled. Read inside the
 * transactions that change a scheduled story, so a claim and an Unschedule cannot both win.
 */
async function hasPendingRelease(storyId: string): Promise<boolean> {
  const events = await db.events
    .where('[storyId+at]')
    .between([storyId, -Infinity], [storyId, Infinity])
    .toArray();
  let isClaimed = false;
  for (const event of events) {
    if (event.action === 'schedule') isClaimed = false;
    if (event.action === 'release') isClaimed = true;
  }
  return isClaimed;
}

function buildEvent(
  story: Story,
  request: Pick<TransitionRequest, 'action' | 'actor'>,
  to: Story['state'],
  note: string,
  now: number,
): EventRow {
  return {
    id: newId(now),
    storyId: story.id,
    at: now,
    actor: actorName(request.actor),
    role: request.actor.role,
    action: request.action,
    from: story.state,
    to,
    note,
  };
}

function buildVersion(
  story: Story,
  bodyState: Uint8Array,
  label: string,
  author: string,
  now: number,
): VersionRow {
  const { id, ...fields } = story;
  return {
    id: newId(now),
    storyId: id,
    createdAt: now,
    author,
    reason: 'transition',
    label,
    fields,
    bodyState,
  };
}

/** The publication fields a publish result sets on the story. */
export function publicationFields(
  outcome: PublishOutcome,
): Pick<Story, 'publishedPath' | 'firstPublishedAt' | 'lastPublishedAt'> {
  return {
    publishedPath: outcome.path,
    firstPublishedAt: outcome.firstPublishedAt,
    lastPublishedAt: outcome.lastPublishedAt,
  };
}

function refused(action: WorkflowAction, reasons: string[]): Result<never> {
  return fail('refused', `${TRANSITIONS[action].label} was refused.`, reasons);
}

async function readRow(storyId: string): Promise<Result<StoryRow>> {
  const row = await db.stories.get(storyId);
  return row === undefined
    ? fail('not_found', 'This story is no longer on this workstation.')
    : ok(row);
}

/**
 * Takes one workflow action on a story: checks it with the one role check (`decide`), publishes or
 * unpublishes through main when the action does, then records the new state, the trail event and a
 * version snapshot in one transaction. Publishing comes first: if the workstation stops between the
 * two, the story is still in its old state and taking the action again publishes to the same URL.
 */
export async function applyTransition(
  request: TransitionRequest,
  now: number = Date.now(),
): Promise<Result<Story>> {
  const row = await readRow(request.storyId);
  if (!row.ok) return row;
  const loaded = await loadStoryWithBody(row.value);
  if (!loaded.ok) return loaded;
  const { story, bodyState } = loaded.value;
  const decision = decide(story, request.action, request.actor.role, request.input, {
    now,
    profile: request.profile,
  });
  if (!decision.allowed) return refused(request.action, decision.reasons);

  let publication: Partial<Story> = {};
  if (isPublishingAction(request.action)) {
    const published = await publishStory(story, request.action, request.input);
    if (!published.ok) return published;
    publication = publicationFields(published.value);
  } else if (request.action === 'unpublish') {
    const unpublished = await unpublishStory(story, decision.note);
    if (!unpublished.ok) return unpublished;
  }

  return commitTransition(
    request,
    story,
    { ...storyOfRow(row.value), ...decision.next, ...publication, updatedAt: now },
    decision.note,
    bodyState,
    now,
  );
}

/**
 * Records a decided transition: the story row, its trail event and a version, in one transaction,
 * refusing if the story left the state the decision was made in (another window acted first) or if
 * the scheduler has claimed it for publication.
 */
export async function commitTransition(
  request: Pick<TransitionRequest, 'action' | 'actor'>,
  before: Story,
  after: Story,
  note: string,
  bodyState: Uint8Array,
  now: number,
  claimEventId: string | null = null,
): Promise<Result<Story>> {
  const author = actorName(request.actor);
  const label = `${STATE_LABELS[before.state]} → ${STATE_LABELS[after.state]}: ${TRANSITIONS[request.action].pastTense} by ${author}`;
  return db.transaction('rw', db.stories, db.events, db.versions, async () => {
    const current = await db.stories.get(before.id);
    if (current === undefined)
      return fail('not_found', 'This story is no longer on this workstation.');
    if (current.state !== before.state) {
      return refused(request.action, [
        `State: the story is now ${STATE_LABELS[current.state].toLowerCase()}; someone acted on it meanwhile.`,
      ]);
    }
    if (
      claimEventId === null &&
      current.state === 'scheduled' &&
      (await hasPendingRelease(before.id))
    ) {
      return refused(request.action, [
        'State: the story is being published at its scheduled time.',
      ]);
    }
    const changes = {
      state: after.state,
      stateBeforeSpike: after.stateBeforeSpike,
      scheduledAt: after.scheduledAt,
      correctionNote: after.correctionNote,
      publishedPath: after.publishedPath,
      firstPublishedAt: after.firstPublishedAt,
      lastPublishedAt: after.lastPublishedAt,
      updatedAt: after.updatedAt,
    } satisfies Partial<Story>;
    await db.stories.update(before.id, changes);
    if (claimEventId === null)
      await db.events.add(buildEvent(before, request, after.state, note, now));
    await db.versions.add(
      buildVersion({ ...storyOfRow(current), ...changes }, bodyState, label, author, now),
    );
    return ok({ ...storyOfRow(current), ...changes });
  });
}
