import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/settings/settings';
import { STORY_STATES } from '../../shared/story/story';
import { MANUAL_ACTIONS } from '../../shared/workflow/transitions';
import {
  bodyAccess,
  mayCreate,
  mayEditFields,
  mayEditFigures,
  mayTakeAction,
  type Actor,
  type StoryAccess,
} from './policy';

const OWNER = 'owner-id';
const actors: Record<string, Actor> = {
  owner: { id: OWNER, login: 'li.wei', name: 'Li Wei', role: 'reporter' },
  otherReporter: { id: 'other-id', login: 'zhao', name: 'Zhao Min', role: 'reporter' },
  editor: { id: 'editor-id', login: 'wang', name: 'Wang Fang', role: 'editor' },
  photoDesk: { id: 'photo-id', login: 'chen', name: 'Chen Jing', role: 'photo_desk' },
};

function story(state: StoryAccess['state']): StoryAccess {
  return { state, ownerId: OWNER, ownerName: 'Li Wei' };
}

function code(verdict: ReturnType<typeof mayCreate>): string {
  return verdict.allowed ? 'ok' : verdict.code;
}

describe('the policy', () => {
  it('gives a reporter nothing on someone else’s story, and says whose it is', () => {
    expect(mayEditFields(actors.otherReporter as Actor, story('draft'), ['headline'])).toEqual({
      allowed: false,
      code: 'forbidden',
      message: 'This story belongs to Li Wei: you can read it but not change it.',
      reasons: ['This story belongs to Li Wei: you can read it but not change it.'],
    });
  });

  it('tells 403 (never allowed) from 409 (not in this state) for every role, state and kind of edit', () => {
    const table: Record<string, string> = {};
    for (const [name, actor] of Object.entries(actors))
      for (const state of STORY_STATES)
        table[`${name} ${state}`] = [
          code(mayEditFields(actor, story(state), ['headline'])),
          code(mayEditFields(actor, story(state), ['leadPhoto'])),
          code(mayEditFigures(actor, story(state))),
          bodyAccess(actor, story(state)),
        ].join(' ');
    expect(table).toEqual({
      'owner draft': 'ok ok ok write',
      'owner submitted': 'conflict conflict conflict read',
      'owner in_edit': 'conflict conflict conflict read',
      'owner returned': 'ok ok ok write',
      'owner approved': 'conflict conflict conflict read',
      'owner scheduled': 'conflict conflict conflict read',
      'owner published': 'conflict conflict conflict read',
      'owner unpublished': 'conflict conflict conflict read',
      'owner spiked': 'conflict conflict conflict read',
      ...Object.fromEntries(
        STORY_STATES.map((state) => [
          `otherReporter ${state}`,
          'forbidden forbidden forbidden read',
        ]),
      ),
      'editor draft': 'ok ok ok write',
      'editor submitted': 'ok ok ok write',
      'editor in_edit': 'ok ok ok write',
      'editor returned': 'ok ok ok write',
      'editor approved': 'ok ok ok write',
      'editor scheduled': 'conflict conflict conflict read',
      'editor published': 'ok ok ok write',
      'editor unpublished': 'ok ok ok write',
      'editor spiked': 'conflict conflict conflict read',
      'photoDesk draft': 'forbidden ok ok read',
      'photoDesk submitted': 'forbidden ok ok read',
      'photoDesk in_edit': 'forbidden ok ok read',
      'photoDesk returned': 'forbidden ok ok read',
      'photoDesk approved': 'forbidden ok ok read',
      'photoDesk scheduled': 'forbidden conflict conflict read',
      'photoDesk published': 'forbidden conflict conflict read',
      'photoDesk unpublished': 'forbidden conflict conflict read',
      'photoDesk spiked': 'forbidden conflict conflict read',
    });
  });

  it('lets each role take only its actions, a reporter only on their own stories, and nobody release', () => {
    const allowed: Record<string, string[]> = {};
    for (const [name, actor] of Object.entries(actors))
      allowed[name] = [...MANUAL_ACTIONS, 'release' as const].filter(
        (action) => mayTakeAction(actor, story('draft'), action).allowed,
      );
    const reporterActions = ['submit', 'withdraw'];
    expect(allowed).toEqual({
      owner: reporterActions,
      otherReporter: [],
      // The desk's: every action a person takes but the reporter's two.
      editor: MANUAL_ACTIONS.filter((action) => !reporterActions.includes(action)),
      photoDesk: [],
    });
    expect(ROLES.map((role) => code(mayCreate({ ...(actors.editor as Actor), role })))).toEqual([
      'ok',
      'ok',
      'forbidden',
    ]);
  });
});
