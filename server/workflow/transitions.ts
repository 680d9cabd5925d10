import * as Y from 'yjs';
import type { PUBLISHING_BY } from '../../shared/api/newsroom';
import {
  type NewsroomOutput,
  type NewsroomRequest,
  type NewsroomResult,
} from '../../shared/api/newsroom';
import { STATE_LABELS, type StoryWithBody } from '../../shared/story/story';
import { decide, type TransitionInput } from '../../shared/workflow/decide';
import { TRANSITIONS, type WorkflowAction } from '../../shared/workflow/transitions';
import { newId } from '../ids';
import { refusal } from '../outcome';
import { mayTakeAction, type Actor, type StoryAccess, type Verdict } from '../policy/policy';
import { bodyOfState } from '../stories/storyBody';
import { storyOfRow, versionFieldsOfRow, type StoryRow } from '../stories/storyRecords';
import {
  accessOf,
  enforce,
  Refused,
  selectStory,
  writeStory,
  type StoryContext,
} from '../stories/storyWrites';

type Publishing = (typeof PUBLISHING_BY)[number];

/**
 * Who writes the site after an action. Until the server publishes (issue 11) the workstation
 * that asked does, as it does standalone; moving it here changes this answer, not the channel.
 */
function publishingOf(action: WorkflowAction): Publishing {
  switch (action) {
    case 'publish':
    case 'publishCorrection':
    case 'release':
    case 'unpublish':
      return 'workstation';
    default:
      return 'none';
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

/** The workflow on the server (issue 10, point 6): `story:transition`. */
export function createWorkflow(context: StoryContext) {
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

    async transition(
      actor: Actor,
      input: NewsroomRequest<'story:transition'>,
    ): Promise<NewsroomResult<NewsroomOutput<'story:transition'>>> {
      // Read before the transaction: on the embedded store it holds the one connection.
      const bodyState = await context.documents.readState(input.id);
      const profile = await context.profile();
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        if (input.eventId !== undefined) {
          // A replay from an outbox: the transition happened already; answer what it did.
          const recorded = await trx
            .selectFrom('story_events')
            .selectAll()
            .where('id', '=', input.eventId)
            .executeTakeFirst();
          if (recorded !== undefined) {
            if (recorded.story_id !== row.id || recorded.action !== input.action)
              throw new Refused(
                refusal('conflict', `An event with the id ${input.eventId} exists already.`),
              );
            return {
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
              // The first answer may never have arrived: say again who writes the site (a
              // workstation's publish is idempotent at the story's URL).
              publishing: publishingOf(input.action),
            };
          }
        }
        const access = accessOf(row);
        enforce(mayTakeAction(actor, access, input.action));
        const story = storyWithBody(row, bodyState);
        const decision = decide(story, input.action, actor.role, transitionInput(input), {
          now: at,
          profile,
        });
        if (!decision.allowed)
          throw new Refused(
            refusal(
              'conflict',
              `${TRANSITIONS[input.action].label} was refused.`,
              decision.reasons,
            ),
          );
        const { next } = decision;
        await trx
          .updateTable('stories')
          .set({
            state: next.state,
            state_before_spike: next.stateBeforeSpike,
            scheduled_at: next.scheduledAt,
            correction_note: next.correctionNote,
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
        const updated = await selectStory(trx, row.id);
        if (updated === undefined) throw new Error('The story vanished inside its transaction.');
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
    },
  };
}

/** The workflow service. */
export type Workflow = ReturnType<typeof createWorkflow>;
