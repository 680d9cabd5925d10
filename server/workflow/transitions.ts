import * as Y from 'yjs';
import type { PUBLISHING_BY } from '../../shared/api/newsroom';
import {
  type NewsroomOutput,
  type NewsroomRequest,
  type NewsroomResult,
} from '../../shared/api/newsroom';
import { STATE_LABELS, type StoryWithBody } from '../../shared/story/story';
import { isOneOf } from '../../shared/oneOf';
import { decide, type TransitionInput } from '../../shared/workflow/decide';
import { TRANSITIONS, type WorkflowAction } from '../../shared/workflow/transitions';
import { newId } from '../ids';
import type { UserError } from '../../shared/result';
import { refusal, success } from '../outcome';
import { mayTakeAction, type Actor, type StoryAccess, type Verdict } from '../policy/policy';
import { bodyOfState } from '../stories/storyBody';
import { storyOfRow, versionFieldsOfRow, type StoryRow } from '../stories/storyRecords';
import {
  accessOf,
  enforce,
  noSuchStory,
  Refused,
  rereadStory,
  selectStory,
  writeStory,
  type StoryContext,
} from '../stories/storyWrites';
import type { ServerSite } from '../publishing/sitePublisher';

type Publishing = (typeof PUBLISHING_BY)[number];

/** The actions that change the published site: the server carries them out (issue 11). */
const SITE_ACTIONS = ['publish', 'publishCorrection', 'release', 'unpublish'] as const;
type SiteAction = (typeof SITE_ACTIONS)[number];

function isSiteAction(action: WorkflowAction): action is SiteAction {
  return isOneOf(SITE_ACTIONS, action);
}

/** Who writes the site after an action: the server itself for the publishing ones. */
function publishingOf(action: WorkflowAction): Publishing {
  return isSiteAction(action) ? 'server' : 'none';
}

/** Who the scheduler is in the trail when it releases a story at its time. */
export const SCHEDULER_ACTOR: Actor = {
  id: '',
  login: '',
  name: 'Newsroom server (scheduled release)',
  role: 'editor',
};

/** A refusal of the site's publisher as the API answers it. */
function siteRefusal(error: UserError): NewsroomResult<never> {
  const reasons =
    error.details === undefined || error.details.length === 0 ? undefined : error.details;
  switch (error.code) {
    case 'refused':
    case 'not_published':
    case 'photo_file_missing':
    case 'invalid_photo':
    case 'invalid_path':
      return refusal('conflict', error.message, reasons);
    default:
      return refusal('internal', error.message, reasons);
  }
}

/** The server's own copy of the story, body included: what `decide` and the gate read. */
function storyWithBody(row: StoryRow, bodyState: Uint8Array | null): StoryWithBody {
  return { ...versionFieldsOfRow(row), id: row.id, body: bodyOfState(bodyState) };
}

/** The input `decide` reads, from the channel's input. */
function transitionInput(input: {
  note?: unknown;
  reason?: unknown;
  correctionNote?: unknown;
  scheduledAt?: unknown;
}): TransitionInput {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const scheduledAt = typeof input.scheduledAt === 'number' ? input.scheduledAt : undefined;
  return {
    ...(text(input.note) === undefined ? {} : { note: text(input.note) }),
    ...(text(input.reason) === undefined ? {} : { reason: text(input.reason) }),
    ...(text(input.correctionNote) === undefined
      ? {}
      : { correctionNote: text(input.correctionNote) }),
    ...(scheduledAt === undefined ? {} : { scheduledAt }),
  };
}

/** Where a transition's published times and path come from when the site changed. */
interface SiteChange {
  publishedPath?: string;
  firstPublishedAt?: number;
  lastPublishedAt?: number;
}

/**
 * The workflow on the server (issue 10, point 6; issue 11, point 2): `story:transition`. Every
 * transition runs under the site lock, one at a time across the newsroom's processes, so a
 * story's state cannot change between the site being written and the state being stored. The
 * publishing actions run the shared publisher on the server's own copy of the story and body
 * first (the gate again, photo files present), and the state moves only once the site has it.
 */
export function createWorkflow(context: StoryContext, site: ServerSite) {
  /** Role and ownership, then the state and requirements (the gate on the server's own copy). */
  async function check(
    actor: Actor,
    row: StoryRow,
    access: StoryAccess,
    action: WorkflowAction,
    input: TransitionInput,
  ): Promise<Verdict> {
    const role = mayTakeAction(actor, access, action);
    if (!role.allowed) return role;
    const story = storyWithBody(row, await context.documents.readState(row.id));
    const decision = decide(story, action, actor.role, input, {
      now: context.now(),
      profile: await context.profile(),
    });
    if (!decision.allowed)
      return {
        allowed: false,
        code: 'conflict',
        message: `${TRANSITIONS[action].label} was refused.`,
        reasons: decision.reasons,
      };
    return { allowed: true };
  }

  /** The answer to a replayed transition: what the recorded event did. */
  async function replayed(
    input: NewsroomRequest<'story:transition'>,
  ): Promise<NewsroomResult<NewsroomOutput<'story:transition'>> | null> {
    if (input.eventId === undefined) return null;
    const recorded = await context.store.db
      .selectFrom('story_events')
      .selectAll()
      .where('id', '=', input.eventId)
      .executeTakeFirst();
    if (recorded === undefined) return null;
    if (recorded.story_id !== input.id || recorded.action !== input.action)
      return refusal('conflict', `An event with the id ${input.eventId} exists already.`);
    const row = await selectStory(context.store.db, input.id);
    if (row === undefined) return noSuchStory(input.id);
    return success({
      state: row.state as StoryWithBody['state'],
      story: storyOfRow(row),
      event: {
        id: recorded.id,
        storyId: recorded.story_id,
        at: recorded.at,
        actor: recorded.actor,
        actorLogin: recorded.actor_login,
        role: recorded.role,
        action: recorded.action,
        from: recorded.from_state as StoryWithBody['state'],
        to: recorded.to_state as StoryWithBody['state'],
        note: recorded.note,
      },
      // The first answer may never have arrived: say again who wrote the site.
      publishing: publishingOf(input.action),
    });
  }

  /** Runs the publisher for a site action; the published path and times it answered. */
  async function changeSite(
    actor: Actor,
    story: StoryWithBody,
    action: SiteAction,
    input: TransitionInput,
  ): Promise<NewsroomResult<SiteChange>> {
    if (action === 'unpublish') {
      const outcome = await site.unpublish({ story, reason: input.reason ?? '', role: actor.role });
      return outcome.ok ? success({}) : siteRefusal(outcome.error);
    }
    const outcome = await site.publish({ story, action, input, role: actor.role });
    if (!outcome.ok) return siteRefusal(outcome.error);
    return success({
      publishedPath: outcome.value.path,
      firstPublishedAt: outcome.value.firstPublishedAt,
      lastPublishedAt: outcome.value.lastPublishedAt,
    });
  }

  /** One transition, under the site lock. */
  async function transitionNow(
    actor: Actor,
    input: NewsroomRequest<'story:transition'>,
    isClient: boolean,
  ): Promise<NewsroomResult<NewsroomOutput<'story:transition'>>> {
    const replay = await replayed(input);
    if (replay !== null) return replay;
    // Read before the transaction: on the embedded store it holds the one connection.
    const bodyState = await context.documents.readState(input.id);
    const profile = await context.profile();
    const before = await selectStory(context.store.db, input.id);
    if (before === undefined) return noSuchStory(input.id);
    const story = storyWithBody(before, bodyState);
    let siteChange: SiteChange = {};
    if (isSiteAction(input.action)) {
      if (isClient) {
        const allowed = mayTakeAction(actor, accessOf(before), input.action);
        if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      }
      const decision = decide(story, input.action, actor.role, transitionInput(input), {
        now: context.now(),
        profile,
      });
      if (!decision.allowed)
        return refusal(
          'conflict',
          `${TRANSITIONS[input.action].label} was refused.`,
          decision.reasons,
        );
      const changed = await changeSite(actor, story, input.action, transitionInput(input));
      if (!changed.ok) return changed;
      siteChange = changed.value;
    }
    return writeStory(context, input.id, async (trx, row, seq, at) => {
      if (isClient) enforce(mayTakeAction(actor, accessOf(row), input.action));
      // Transitions take turns under the site lock: only a bug or another program moves the state.
      if (row.state !== before.state)
        throw new Refused(
          refusal('conflict', 'The story changed state meanwhile; nothing was done. Try again.'),
        );
      const decision = decide(story, input.action, actor.role, transitionInput(input), {
        now: at,
        profile,
      });
      if (!decision.allowed)
        throw new Refused(
          refusal('conflict', `${TRANSITIONS[input.action].label} was refused.`, decision.reasons),
        );
      const { next } = decision;
      await trx
        .updateTable('stories')
        .set({
          state: next.state,
          state_before_spike: next.stateBeforeSpike,
          scheduled_at: next.scheduledAt,
          correction_note: next.correctionNote,
          ...(siteChange.publishedPath === undefined
            ? {}
            : { published_path: siteChange.publishedPath }),
          ...(siteChange.firstPublishedAt === undefined
            ? {}
            : { first_published_at: siteChange.firstPublishedAt }),
          ...(siteChange.lastPublishedAt === undefined
            ? {}
            : { last_published_at: siteChange.lastPublishedAt }),
          updated_at: at,
          change_seq: seq,
        })
        .where('id', '=', row.id)
        .execute();
      const event = {
        id: input.eventId ?? newId(at),
        story_id: row.id,
        at,
        actor: actor.name,
        actor_login: actor.login,
        role: actor.role,
        action: input.action,
        from_state: row.state,
        to_state: next.state,
        note: decision.note,
      };
      await trx.insertInto('story_events').values(event).execute();
      const updated = await rereadStory(trx, row.id);
      // As on the workstation: a version at every transition, labelled with what happened.
      await trx
        .insertInto('story_versions')
        .values({
          id: newId(at),
          story_id: row.id,
          created_at: at,
          author: actor.name,
          reason: 'transition',
          label: `${STATE_LABELS[story.state]} → ${STATE_LABELS[next.state]}: ${TRANSITIONS[input.action].pastTense} by ${actor.name}`,
          fields: JSON.stringify(versionFieldsOfRow(updated)),
          body_state: Buffer.from(bodyState ?? Y.encodeStateAsUpdate(new Y.Doc())),
        })
        .execute();
      return {
        state: next.state,
        story: storyOfRow(updated),
        event: {
          id: event.id,
          storyId: event.story_id,
          at,
          actor: event.actor,
          actorLogin: event.actor_login,
          role: event.role,
          action: event.action,
          from: story.state,
          to: next.state,
          note: event.note,
        },
        publishing: publishingOf(input.action),
      };
    });
  }

  return {
    /**
     * The 403 and 409 a transition would meet, read from an input that did not validate (the
     * refusal order puts them before 400): null when none applies.
     */
    async precheck(
      actor: Actor,
      raw: Record<string, unknown>,
    ): Promise<NewsroomResult<never> | null> {
      if (typeof raw.id !== 'string') return null;
      const action = Object.hasOwn(TRANSITIONS, String(raw.action))
        ? (raw.action as WorkflowAction)
        : null;
      if (action === null) return null;
      const row = await selectStory(context.store.db, raw.id);
      if (row === undefined) return null;
      const verdict = await check(actor, row, accessOf(row), action, transitionInput(raw));
      return verdict.allowed ? null : refusal(verdict.code, verdict.message, verdict.reasons);
    },

    transition(
      actor: Actor,
      input: NewsroomRequest<'story:transition'>,
    ): Promise<NewsroomResult<NewsroomOutput<'story:transition'>>> {
      return site.serially(() => transitionNow(actor, input, true));
    },

    /**
     * The scheduler's release of a story whose time has come: the same path as a person's
     * transition, without the role check (`release` is refused to clients). Answers null when the
     * story is not (or no longer) due: another process released it, or it was unscheduled.
     */
    async release(
      storyId: string,
    ): Promise<NewsroomResult<NewsroomOutput<'story:transition'>> | null> {
      return site.serially(async () => {
        const row = await selectStory(context.store.db, storyId);
        if (row === undefined || row.state !== 'scheduled') return null;
        if (row.scheduled_at === null || row.scheduled_at > context.now()) return null;
        return transitionNow(SCHEDULER_ACTOR, { id: storyId, action: 'release' }, false);
      });
    },
  };
}

/** The workflow service. */
export type Workflow = ReturnType<typeof createWorkflow>;
