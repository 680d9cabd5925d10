import { ROLE_LABELS, type Role } from '../../shared/settings/settings';
import type { PortalProfile } from '../../shared/portal/profile';
import { assertNever, fail, ok, type Result } from '../../shared/result';
import { STATE_LABELS, workflowOf, type Story, type StoryWithBody } from '../../shared/story/story';
import { decide, type TransitionInput } from '../../shared/workflow/decide';
import {
  isPublishingAction,
  TRANSITIONS,
  type WorkflowAction,
} from '../../shared/workflow/transitions';
import type { EventRow } from '../db/db';
import { newId, readStoryWithBody } from '../stories/repository/stories';
import { recordTransition } from '../stories/repository/trail';
import type { NewsroomStory } from '../../shared/api/newsroom';
import { newsroomCall } from '../newsroom/client';
import { finishDecided, transitionOnServer } from '../newsroom/sync/newsroomSync';
import { publishStory, unpublishStory, type PublishOutcome } from './publishing';

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

/** Who acts and how; `eventId` is the id the newsroom server already recorded the event under. */
type CommitRequest = Pick<TransitionRequest, 'action' | 'actor'> & { eventId?: string };

function buildEvent(
  story: Story,
  request: CommitRequest,
  to: Story['state'],
  note: string,
  now: number,
): EventRow {
  return {
    id: request.eventId ?? newId(now),
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

const NOT_HERE = 'This story is no longer on this workstation.';

function refused(action: WorkflowAction, reasons: string[]): Result<never> {
  return fail('refused', `${TRANSITIONS[action].label} was refused.`, reasons);
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
  const loaded = await readStoryWithBody(request.storyId);
  if (loaded === undefined) return fail('not_found', NOT_HERE);
  const { story, bodyState } = loaded;
  const decision = decide(story, request.action, request.actor.role, request.input, {
    now,
    profile: request.profile,
  });
  if (!decision.allowed) return refused(request.action, decision.reasons);

  // Signed in to a newsroom, the server decides first (with the account's role and ownership);
  // offline, a transition that writes nothing waits in the outbox, one that publishes waits for you.
  const eventId = newId(now);
  const isWriting = isPublishingAction(request.action) || request.action === 'unpublish';
  const remote = await transitionOnServer(story.id, {
    eventId,
    action: request.action,
    ...request.input,
  });
  if (remote.kind === 'refused')
    return fail('refused', remote.error.message, remote.error.details ?? []);
  if (remote.kind === 'queued' && isWriting)
    return fail(
      'offline',
      `${TRANSITIONS[request.action].label} needs the newsroom server, which cannot be reached now: try again once the header says Online.`,
    );

  if (remote.kind !== 'decided')
    return carryOut(request, story, decision, bodyState, eventId, true, now);
  // Decided on the server: catch-ups leave the story alone until it is recorded here.
  let committed: Result<Story> | null = null;
  try {
    committed = await carryOut(
      request,
      story,
      decision,
      bodyState,
      eventId,
      remote.publishing !== 'server',
      now,
    );
    return committed;
  } finally {
    await finishDecided(
      story.id,
      committed?.ok === true ? await recordedPublication(committed.value, remote) : null,
    );
  }
}

/**
 * Writes the portal when the action does (and this workstation is the one to write it), then
 * records the transition here.
 */
async function carryOut(
  request: TransitionRequest,
  story: StoryWithBody,
  decision: Extract<ReturnType<typeof decide>, { allowed: true }>,
  bodyState: Uint8Array,
  eventId: string,
  isWrittenHere: boolean,
  now: number,
): Promise<Result<Story>> {
  let publication: Partial<Story> = {};
  if (isWrittenHere && isPublishingAction(request.action)) {
    const published = await publishStory(story, request.action, request.input);
    if (!published.ok) return published;
    publication = publicationFields(published.value);
  } else if (isWrittenHere && request.action === 'unpublish') {
    const unpublished = await unpublishStory(story, decision.note);
    if (!unpublished.ok) return unpublished;
  }
  return commitTransition(
    { ...request, eventId },
    story,
    { ...story, ...decision.next, ...publication, updatedAt: now },
    decision.note,
    bodyState,
    now,
  );
}

/**
 * The server's copy after a decided transition: when this workstation wrote the site (publish,
 * correction), the server is told where and when first, and its answer is the copy.
 */
async function recordedPublication(
  story: Story,
  remote: { story: NewsroomStory; publishing: string },
): Promise<NewsroomStory | null> {
  const { publishedPath, firstPublishedAt, lastPublishedAt } = story;
  if (remote.publishing !== 'workstation' || publishedPath === null) return remote.story;
  if (firstPublishedAt === null || lastPublishedAt === null) return remote.story;
  const recorded = await newsroomCall('story:recordPublication', {
    id: story.id,
    publishedPath,
    firstPublishedAt,
    lastPublishedAt,
  });
  // Not recorded: the local copy keeps what was published; the next catch-up brings the server's.
  return recorded.ok ? recorded.value : null;
}

/**
 * Records a decided transition: the story row, its trail event and a version, in one transaction,
 * refusing if the story left the state the decision was made in (another window acted first) or if
 * the scheduler has claimed it for publication.
 */
export async function commitTransition(
  request: CommitRequest,
  before: Story,
  after: Story,
  note: string,
  bodyState: Uint8Array,
  now: number,
  claimEventId: string | null = null,
): Promise<Result<Story>> {
  const author = actorName(request.actor);
  const outcome = await recordTransition({
    storyId: before.id,
    from: before.state,
    workflow: workflowOf(after),
    updatedAt: after.updatedAt,
    event: claimEventId === null ? buildEvent(before, request, after.state, note, now) : null,
    claimEventId,
    version: {
      bodyState,
      label: `${STATE_LABELS[before.state]} → ${STATE_LABELS[after.state]}: ${TRANSITIONS[request.action].pastTense} by ${author}`,
      author,
      now,
    },
  });
  switch (outcome.kind) {
    case 'recorded':
      return ok(outcome.story);
    case 'missing':
      return fail('not_found', NOT_HERE);
    case 'moved':
      return refused(request.action, [
        `State: the story is now ${STATE_LABELS[outcome.state].toLowerCase()}; someone acted on it meanwhile.`,
      ]);
    case 'releasing':
      return refused(request.action, [
        'State: the story is being published at its scheduled time.',
      ]);
    default:
      return assertNever(outcome);
  }
}
