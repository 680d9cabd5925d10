import { describe, expect, it } from 'vitest';
import { ROLES } from '../settings/settings';
import { STORY_STATES } from '../story/story';
import { mayCreateStories, mayReassign, ownedEditRule } from './ownership';
import { editRule } from './permissions';

describe('the ownership rule', () => {
  it('leaves the edit table as it is for owners, editors and the photo desk', () => {
    const mismatches = STORY_STATES.flatMap((state) =>
      ROLES.flatMap((role) => {
        const cases = role === 'reporter' ? [true] : [true, false];
        return cases
          .filter(
            (isOwner) =>
              JSON.stringify(ownedEditRule(state, role, isOwner, 'Li Wei')) !==
              JSON.stringify(editRule(state, role)),
          )
          .map((isOwner) => `${state} ${role} ${isOwner}`);
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it('gives a reporter nothing on someone else’s story, whatever its state, and says whose it is', () => {
    expect(
      new Set(
        STORY_STATES.map((state) =>
          JSON.stringify(ownedEditRule(state, 'reporter', false, 'Li Wei')),
        ),
      ),
    ).toEqual(
      new Set([
        JSON.stringify({
          fields: false,
          body: false,
          photos: false,
          why: 'This story belongs to Li Wei: you can read it but not change it.',
        }),
      ]),
    );
  });

  it('lets editors reassign, and reporters and editors create', () => {
    expect(ROLES.map((role) => [role, mayReassign(role), mayCreateStories(role)])).toEqual([
      ['reporter', false, true],
      ['editor', true, true],
      ['photo_desk', false, false],
    ]);
  });
});
