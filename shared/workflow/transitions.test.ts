import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../portal/profile';
import { ROLES, type Role } from '../settings/settings';
import {
  blankStoryFields,
  newDraft,
  STORY_STATES,
  type StoryState,
  type StoryWithBody,
} from '../story/story';
import { decide, availableActions, type TransitionInput } from './decide';
import {
  isPublishingAction,
  transitionRule,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
} from './transitions';

const NOW = Date.UTC(2026, 10, 26, 10, 0);

const CONTEXT = { now: NOW, profile: DEFAULT_PORTAL_PROFILE };

/**
 * The decision expected when `action` is allowed from the state `from`: the story's workflow fields
 * next (those not given cleared) and the note for the trail.
 */
function allowed(
  action: WorkflowAction,
  from: StoryState,
  next: {
    state: StoryState;
    stateBeforeSpike?: StoryState;
    scheduledAt?: number;
    correctionNote?: string;
  },
  note = '',
) {
  return {
    allowed: true,
    action,
    from,
    next: { stateBeforeSpike: null, scheduledAt: null, correctionNote: '', ...next },
    note,
  };
}

function buildStory(overrides: Partial<StoryWithBody> = {}): StoryWithBody {
  return {
    ...blankStoryFields({
      slug: 'wuxi-iot-partnership',
      headline: 'Wuxi reaps strong partnership to push forward IoT industry',
      byline: 'Staff reporter',
      section: 'news',
      source: 'chinadaily.com.cn',
      leadPhoto: {
        photoId: 'a'.repeat(64),
        caption: 'The signing ceremony in Nanjing on Feb 28.',
        credit: '[Photo provided to China Daily]',
        altText: 'Officials sign an agreement at a long table.',
      },
    }),
    ...newDraft('Li Wei', NOW - 3_600_000),
    id: '019ac0de-0000-7000-8000-000000000001',
    updatedAt: NOW - 60_000,
    wordCount: 20,
    body: [
      {
        type: 'paragraph',
        children: [{ text: 'The city of Wuxi entered into a strategic partnership on Feb 28.' }],
      },
    ],
    ...overrides,
  };
}

/**
 * Written out by hand from issue 5 (not derived from the table): every allowed (state, action,
 * role) and where it leads. Everything else must be refused.
 */
const EXPECTED_ALLOWED: Record<string, StoryState> = {
  'draft submit reporter': 'submitted',
  'returned submit reporter': 'submitted',
  'submitted withdraw reporter': 'draft',
  'submitted startEditing editor': 'in_edit',
  'submitted return editor': 'returned',
  'in_edit return editor': 'returned',
  'submitted approve editor': 'approved',
  'in_edit approve editor': 'approved',
  'approved publish editor': 'published',
  'approved schedule editor': 'scheduled',
  'scheduled unschedule editor': 'approved',
  'published publishCorrection editor': 'published',
  'published unpublish editor': 'unpublished',
  'draft spike editor': 'spiked',
  'submitted spike editor': 'spiked',
  'in_edit spike editor': 'spiked',
  'returned spike editor': 'spiked',
  'approved spike editor': 'spiked',
  'scheduled spike editor': 'spiked',
  'unpublished spike editor': 'spiked',
  'spiked restore editor': 'in_edit',
  'scheduled release reporter': 'published',
  'scheduled release editor': 'published',
  'scheduled release photo_desk': 'published',
};

/** The input each action's dialog would supply, valid. */
const VALID_INPUT: Record<WorkflowAction, TransitionInput> = {
  submit: {},
  withdraw: {},
  startEditing: {},
  return: { note: 'Add a quote from CETC.' },
  approve: {},
  publish: {},
  schedule: { scheduledAt: NOW + 3_600_000 },
  unschedule: {},
  publishCorrection: { correctionNote: 'The investment is 10 billion yuan, not 1 billion.' },
  unpublish: { reason: 'Legal asked for it to come down.' },
  spike: {},
  restore: {},
  release: {},
};

const COMBINATIONS = STORY_STATES.flatMap((state) =>
  WORKFLOW_ACTIONS.flatMap((action) => ROLES.map((role) => ({ state, action, role }))),
);

function key(state: StoryState, action: WorkflowAction, role: Role): string {
  return `${state} ${action} ${role}`;
}

describe('the transition table', () => {
  it('names publish, publish correction and release, and nothing else, as writing the portal', () => {
    expect(WORKFLOW_ACTIONS.filter(isPublishingAction)).toEqual([
      'publish',
      'publishCorrection',
      'release',
    ]);
  });

  it('covers every state, action and role: 9 × 13 × 3 combinations', () => {
    expect(COMBINATIONS.length).toBe(351);
  });

  it('allows exactly the transitions of the issue and refuses every other combination', () => {
    const allowed: Record<string, string> = {};
    for (const { state, action, role } of COMBINATIONS) {
      const verdict = transitionRule(state, action, role);
      if (verdict.allowed)
        allowed[key(state, action, role)] =
          verdict.to === 'stateBeforeSpike' ? 'in_edit' : verdict.to;
    }
    expect(allowed).toEqual(EXPECTED_ALLOWED);
  });

  it('gives every refused combination at least one reason naming the control', () => {
    const unexplained = COMBINATIONS.filter(({ state, action, role }) => {
      const verdict = transitionRule(state, action, role);
      return !verdict.allowed && verdict.reasons.length === 0;
    });
    expect(unexplained).toEqual([]);
  });

  it('refuses a reporter publishing a draft with both the role and the state reason', () => {
    expect(transitionRule('draft', 'publish', 'reporter')).toEqual({
      allowed: false,
      reasons: [
        'Publish: only an editor may do this; you work as a reporter.',
        'Publish: the story must be approved; it is draft.',
      ],
    });
  });

  it('refuses the photo desk submitting a story, naming who may', () => {
    expect(transitionRule('draft', 'submit', 'photo_desk')).toEqual({
      allowed: false,
      reasons: ['Submit to desk: only a reporter may do this; you work as a photo desk.'],
    });
  });

  it('refuses returning an approved story, naming the states it applies to', () => {
    expect(transitionRule('approved', 'return', 'editor')).toEqual({
      allowed: false,
      reasons: ['Return to reporter: the story must be submitted or in edit; it is approved.'],
    });
  });

  it('requires a note to return, a time to schedule, a reason to unpublish and a correction note', () => {
    expect(transitionRule('in_edit', 'return', 'editor')).toEqual({
      allowed: true,
      to: 'returned',
      requires: ['note'],
    });
    expect(transitionRule('approved', 'schedule', 'editor')).toEqual({
      allowed: true,
      to: 'scheduled',
      requires: ['publishGate', 'futureTime'],
    });
    expect(transitionRule('published', 'unpublish', 'editor')).toEqual({
      allowed: true,
      to: 'unpublished',
      requires: ['reason'],
    });
    expect(transitionRule('published', 'publishCorrection', 'editor')).toEqual({
      allowed: true,
      to: 'published',
      requires: ['publishGate', 'correctionNote'],
    });
  });
});

describe('decide, the one role check', () => {
  it('agrees with the table on every combination for a story that passes every check', () => {
    const outcomes: Record<string, string> = {};
    for (const { state, action, role } of COMBINATIONS) {
      const story = buildStory({
        state,
        stateBeforeSpike: state === 'spiked' ? 'in_edit' : null,
        scheduledAt: state === 'scheduled' ? NOW - 1000 : null,
      });
      const decision = decide(story, action, role, VALID_INPUT[action], CONTEXT);
      if (decision.allowed) outcomes[key(state, action, role)] = decision.next.state;
    }
    expect(outcomes).toEqual(EXPECTED_ALLOWED);
  });

  it('returns a story to the reporter with the note for the trail', () => {
    const decision = decide(
      buildStory({ state: 'in_edit' }),
      'return',
      'editor',
      { note: '  Add a quote from CETC.  ' },
      CONTEXT,
    );
    expect(decision).toEqual(
      allowed('return', 'in_edit', { state: 'returned' }, 'Add a quote from CETC.'),
    );
  });

  it('refuses to return a story without a note', () => {
    expect(
      decide(buildStory({ state: 'submitted' }), 'return', 'editor', { note: ' ' }, CONTEXT),
    ).toEqual({ allowed: false, reasons: ['Note for the reporter: say what to fix.'] });
  });

  it('schedules only in the future and keeps the time on the story', () => {
    const story = buildStory({ state: 'approved' });
    expect(decide(story, 'schedule', 'editor', { scheduledAt: NOW - 1 }, CONTEXT)).toEqual({
      allowed: false,
      reasons: ['Publish at: choose a time in the future.'],
    });
    expect(decide(story, 'schedule', 'editor', {}, CONTEXT)).toEqual({
      allowed: false,
      reasons: ['Publish at: choose a date and time.'],
    });
    expect(decide(story, 'schedule', 'editor', { scheduledAt: NOW + 60_000 }, CONTEXT)).toEqual(
      allowed('schedule', 'approved', { state: 'scheduled', scheduledAt: NOW + 60_000 }),
    );
  });

  it('releases a scheduled story only once its time has come', () => {
    expect(
      decide(
        buildStory({ state: 'scheduled', scheduledAt: NOW + 1 }),
        'release',
        'reporter',
        {},
        CONTEXT,
      ),
    ).toEqual({ allowed: false, reasons: ['Publish at: the scheduled time has not come yet.'] });
    expect(
      decide(
        buildStory({ state: 'scheduled', scheduledAt: NOW }),
        'release',
        'reporter',
        {},
        CONTEXT,
      ),
    ).toEqual(allowed('release', 'scheduled', { state: 'published' }));
  });

  it('spikes a story remembering its state and restores it there', () => {
    const spiked = decide(buildStory({ state: 'returned' }), 'spike', 'editor', {}, CONTEXT);
    expect(spiked).toEqual(
      allowed('spike', 'returned', { state: 'spiked', stateBeforeSpike: 'returned' }),
    );
    const restored = decide(
      buildStory({ state: 'spiked', stateBeforeSpike: 'returned' }),
      'restore',
      'editor',
      {},
      CONTEXT,
    );
    expect(restored).toEqual(allowed('restore', 'spiked', { state: 'returned' }));
  });

  it('brings a spiked scheduled story back approved, its time cleared', () => {
    const spiked = decide(
      buildStory({ state: 'scheduled', scheduledAt: NOW + 60_000 }),
      'spike',
      'editor',
      {},
      CONTEXT,
    );
    expect(spiked).toEqual(
      allowed('spike', 'scheduled', { state: 'spiked', stateBeforeSpike: 'approved' }),
    );
  });

  it('publishes a correction with its note, which stays on the story', () => {
    const decision = decide(
      buildStory({ state: 'published' }),
      'publishCorrection',
      'editor',
      { correctionNote: 'The investment is 10 billion yuan.' },
      CONTEXT,
    );
    expect(decision).toEqual(
      allowed(
        'publishCorrection',
        'published',
        { state: 'published', correctionNote: 'The investment is 10 billion yuan.' },
        'The investment is 10 billion yuan.',
      ),
    );
  });

  it('refuses to unpublish without a reason', () => {
    expect(decide(buildStory({ state: 'published' }), 'unpublish', 'editor', {}, CONTEXT)).toEqual({
      allowed: false,
      reasons: ['Reason: say why the story comes down.'],
    });
  });

  it('refuses to publish a story whose lead photo lacks alt text, saying so', () => {
    const story = buildStory({
      state: 'approved',
      leadPhoto: { photoId: 'b'.repeat(64), caption: 'Signing.', credit: 'CD', altText: '' },
    });
    expect(decide(story, 'publish', 'editor', {}, CONTEXT)).toEqual({
      allowed: false,
      reasons: ['Lead photo: add the alt text.'],
    });
  });

  it('offers each role only the buttons it may press in each state', () => {
    const offered: Record<string, string[]> = {};
    for (const state of STORY_STATES)
      for (const role of ROLES) {
        const actions = availableActions(state, role);
        if (actions.length > 0) offered[`${state} ${role}`] = actions;
      }
    expect(offered).toEqual({
      'draft reporter': ['submit'],
      'draft editor': ['spike'],
      'submitted reporter': ['withdraw'],
      'submitted editor': ['startEditing', 'return', 'approve', 'spike'],
      'in_edit editor': ['return', 'approve', 'spike'],
      'returned reporter': ['submit'],
      'returned editor': ['spike'],
      'approved editor': ['publish', 'schedule', 'spike'],
      'scheduled editor': ['unschedule', 'spike'],
      'published editor': ['publishCorrection', 'unpublish'],
      'unpublished editor': ['spike'],
      'spiked editor': ['restore'],
    });
  });
});
