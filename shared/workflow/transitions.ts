import { isOneOf } from '../oneOf';
import { ROLES, ROLE_LABELS, type Role } from '../settings/settings';
import { STATE_LABELS, STORY_STATES, type StoryState } from '../story/story';

/** Every workflow action, in the order the workflow bar shows them. */
export const WORKFLOW_ACTIONS = [
  'submit',
  'withdraw',
  'startEditing',
  'return',
  'approve',
  'publish',
  'schedule',
  'unschedule',
  'publishCorrection',
  'unpublish',
  'spike',
  'restore',
  'release',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/**
 * What must hold, besides role and state, for an action to go through:
 * - `publishGate`: the story passes the publish gate (see publishGate.ts);
 * - `note`: a note for the reporter; `reason`: why it is taken down;
 * - `correctionNote`: the correction shown on the page;
 * - `futureTime`: a publication time later than now; `due`: the scheduled time has come.
 */
export const REQUIREMENTS = [
  'publishGate',
  'note',
  'reason',
  'correctionNote',
  'futureTime',
  'due',
] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/** Where an action leads: a state, or back to the state a spiked story left. */
export type TransitionTarget = StoryState | 'stateBeforeSpike';

/** One row of the transition table. */
export interface TransitionRule {
  /** The accessible name of the control that takes it (UI.md). */
  label: string;
  from: readonly StoryState[];
  to: TransitionTarget;
  roles: readonly Role[];
  requires: readonly Requirement[];
  /** How the trail names what happened, e.g. "returned to the reporter". */
  pastTense: string;
}

const NOT_PUBLISHED = STORY_STATES.filter((state) => state !== 'published' && state !== 'spiked');

/**
 * The transition table (DESIGN.md, Workflow; issue 5): from which states, to which, by which roles,
 * with what must hold. `release` is the scheduler publishing a scheduled story at its time: the
 * editor decided when scheduling it, so any workstation that is running at that time carries it out.
 * `unschedule` takes a scheduled story back to approved, the one way to change it before it goes
 * out (a scheduled story is frozen so that what passed the gate is what gets published).
 */
export const TRANSITIONS = {
  submit: {
    label: 'Submit to desk',
    from: ['draft', 'returned'],
    to: 'submitted',
    roles: ['reporter'],
    requires: [],
    pastTense: 'submitted to the desk',
  },
  withdraw: {
    label: 'Withdraw',
    from: ['submitted'],
    to: 'draft',
    roles: ['reporter'],
    requires: [],
    pastTense: 'withdrew from the desk',
  },
  startEditing: {
    label: 'Start editing',
    from: ['submitted'],
    to: 'in_edit',
    roles: ['editor'],
    requires: [],
    pastTense: 'started editing',
  },
  return: {
    label: 'Return to reporter',
    from: ['submitted', 'in_edit'],
    to: 'returned',
    roles: ['editor'],
    requires: ['note'],
    pastTense: 'returned to the reporter',
  },
  approve: {
    label: 'Approve',
    from: ['submitted', 'in_edit'],
    to: 'approved',
    roles: ['editor'],
    requires: [],
    pastTense: 'approved',
  },
  publish: {
    label: 'Publish',
    from: ['approved'],
    to: 'published',
    roles: ['editor'],
    requires: ['publishGate'],
    pastTense: 'published',
  },
  schedule: {
    label: 'Schedule',
    from: ['approved'],
    to: 'scheduled',
    roles: ['editor'],
    requires: ['publishGate', 'futureTime'],
    pastTense: 'scheduled',
  },
  unschedule: {
    label: 'Unschedule',
    from: ['scheduled'],
    to: 'approved',
    roles: ['editor'],
    requires: [],
    pastTense: 'unscheduled',
  },
  publishCorrection: {
    label: 'Publish correction',
    from: ['published'],
    to: 'published',
    roles: ['editor'],
    requires: ['publishGate', 'correctionNote'],
    pastTense: 'published a correction',
  },
  unpublish: {
    label: 'Unpublish',
    from: ['published'],
    to: 'unpublished',
    roles: ['editor'],
    requires: ['reason'],
    pastTense: 'unpublished',
  },
  spike: {
    label: 'Spike',
    from: NOT_PUBLISHED,
    to: 'spiked',
    roles: ['editor'],
    requires: [],
    pastTense: 'spiked',
  },
  restore: {
    label: 'Restore',
    from: ['spiked'],
    to: 'stateBeforeSpike',
    roles: ['editor'],
    requires: [],
    pastTense: 'restored',
  },
  release: {
    label: 'Publish at the scheduled time',
    from: ['scheduled'],
    to: 'published',
    roles: ROLES,
    requires: ['publishGate', 'due'],
    pastTense: 'published at the scheduled time',
  },
} as const satisfies Record<WorkflowAction, TransitionRule>;

/** The actions that write the story's page to the portal. */
export const PUBLISHING_ACTIONS = ['publish', 'publishCorrection', 'release'] as const;
export type PublishingAction = (typeof PUBLISHING_ACTIONS)[number];

/** Whether an action writes the story's page to the portal. */
export function isPublishingAction(action: WorkflowAction): action is PublishingAction {
  return isOneOf(PUBLISHING_ACTIONS, action);
}

/** The actions people take with a button; `release` is the scheduler's alone. */
export const MANUAL_ACTIONS = WORKFLOW_ACTIONS.filter((action) => action !== 'release');

/** The answer of the table for one (state, action, role), before looking at the story itself. */
export type RuleVerdict =
  | { allowed: true; to: TransitionTarget; requires: readonly Requirement[] }
  | { allowed: false; reasons: string[] };

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function listOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** Looks up (state, action, role) in the table: allowed with what must hold, or every reason not. */
export function transitionRule(state: StoryState, action: WorkflowAction, role: Role): RuleVerdict {
  const rule: TransitionRule = TRANSITIONS[action];
  const reasons: string[] = [];
  if (!rule.roles.includes(role)) {
    const who = listOr(rule.roles.map((allowed) => article(ROLE_LABELS[allowed].toLowerCase())));
    reasons.push(
      `${rule.label}: only ${who} may do this; you work as ${article(ROLE_LABELS[role].toLowerCase())}.`,
    );
  }
  if (!rule.from.includes(state)) {
    const states = listOr(rule.from.map((from) => STATE_LABELS[from].toLowerCase()));
    reasons.push(
      `${rule.label}: the story must be ${states}; it is ${STATE_LABELS[state].toLowerCase()}.`,
    );
  }
  return reasons.length === 0
    ? { allowed: true, to: rule.to, requires: rule.requires }
    : { allowed: false, reasons };
}
