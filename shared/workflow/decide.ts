import { z } from 'zod';
import type { PortalProfile } from '../portal/profile';
import type { Role } from '../settings/settings';
import type { Story, StoryState, StoryWithBody } from '../story/story';
import { assertNever } from '../result';
import { publishGate } from './publishGate';
import {
  MANUAL_ACTIONS,
  TRANSITIONS,
  transitionRule,
  type Requirement,
  type WorkflowAction,
} from './transitions';

/** What a person supplies with an action: the note, reason, correction or time its dialog asks for. */
export interface TransitionInput {
  /** Return to reporter: what to fix. Optional elsewhere (kept in the trail). */
  note?: string;
  /** Unpublish: why it comes down. */
  reason?: string;
  /** Publish correction: the correction shown on the page. */
  correctionNote?: string;
  /** Schedule: when to publish (epoch ms). */
  scheduledAt?: number;
}

/** A transition's input as it crosses an API: the same fields, each bounded. */
export const transitionInputSchema = z
  .object({
    note: z.string().max(5000).optional(),
    reason: z.string().max(2000).optional(),
    correctionNote: z.string().max(5000).optional(),
    scheduledAt: z.number().finite().optional(),
  })
  .strict() satisfies z.ZodType<TransitionInput>;

/** What decide needs from around the story: the time now and the portal profile. */
export interface DecideContext {
  now: number;
  profile: PortalProfile;
}

/** The workflow fields a transition sets on a story. */
export type StoryStatePatch = Pick<
  Story,
  'state' | 'stateBeforeSpike' | 'scheduledAt' | 'correctionNote'
>;

/** The answer of the role check: the story's next workflow fields and the trail's note, or why not. */
export type Decision =
  | { allowed: true; action: WorkflowAction; from: StoryState; next: StoryStatePatch; note: string }
  | { allowed: false; reasons: string[] };

function requirementReasons(
  requirement: Requirement,
  story: StoryWithBody,
  input: TransitionInput,
  context: DecideContext,
): string[] {
  switch (requirement) {
    case 'publishGate':
      return publishGate({ fields: story, body: story.body }, context.profile);
    case 'note':
      return (input.note ?? '').trim() === '' ? ['Note for the reporter: say what to fix.'] : [];
    case 'reason':
      return (input.reason ?? '').trim() === '' ? ['Reason: say why the story comes down.'] : [];
    case 'correctionNote':
      return (input.correctionNote ?? '').trim() === ''
        ? ['Correction note: say what was corrected.']
        : [];
    case 'futureTime':
      if (input.scheduledAt === undefined || !Number.isFinite(input.scheduledAt))
        return ['Publish at: choose a date and time.'];
      return input.scheduledAt <= context.now ? ['Publish at: choose a time in the future.'] : [];
    case 'due':
      return story.scheduledAt !== null && story.scheduledAt <= context.now
        ? []
        : ['Publish at: the scheduled time has not come yet.'];
    default:
      return assertNever(requirement);
  }
}

/**
 * The state Restore returns a spiked story to. A scheduled story comes back approved, its time
 * cleared, so that restoring it never publishes it by surprise once its time has passed.
 */
function spikedFrom(state: StoryState): StoryState {
  return state === 'scheduled' ? 'approved' : state;
}

function nextState(story: Story, action: WorkflowAction, input: TransitionInput): StoryStatePatch {
  const to = TRANSITIONS[action].to;
  const state: StoryState = to === 'stateBeforeSpike' ? (story.stateBeforeSpike ?? 'draft') : to;
  return {
    state,
    stateBeforeSpike: action === 'spike' ? spikedFrom(story.state) : null,
    scheduledAt:
      action === 'schedule'
        ? (input.scheduledAt ?? null)
        : state === 'scheduled'
          ? story.scheduledAt
          : null,
    correctionNote:
      action === 'publishCorrection' ? (input.correctionNote ?? '').trim() : story.correctionNote,
  };
}

function trailNote(action: WorkflowAction, input: TransitionInput): string {
  switch (action) {
    case 'unpublish':
      return (input.reason ?? '').trim();
    case 'publishCorrection':
      return (input.correctionNote ?? '').trim();
    default:
      return (input.note ?? '').trim();
  }
}

/**
 * The one role check of the newsroom: may this role take this action on this story now, with this
 * input? Allowed gives the story's next workflow fields; refused gives every reason at once. The
 * workstation calls it before every transition; a newsroom server will call it to enforce the same.
 */
export function decide(
  story: StoryWithBody,
  action: WorkflowAction,
  role: Role,
  input: TransitionInput,
  context: DecideContext,
): Decision {
  const verdict = transitionRule(story.state, action, role);
  if (!verdict.allowed) return verdict;
  const reasons = verdict.requires.flatMap((requirement) =>
    requirementReasons(requirement, story, input, context),
  );
  if (reasons.length > 0) return { allowed: false, reasons };
  return {
    allowed: true,
    action,
    from: story.state,
    next: nextState(story, action, input),
    note: trailNote(action, input),
  };
}

/** The actions a role may be offered on a story in this state (before the story's content is checked). */
export function availableActions(state: StoryState, role: Role): WorkflowAction[] {
  return MANUAL_ACTIONS.filter((action) => transitionRule(state, action, role).allowed);
}
