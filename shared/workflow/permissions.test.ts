import { describe, expect, it } from 'vitest';
import { ROLES } from '../settings/settings';
import { STORY_STATES } from '../story/story';
import { editRule } from './permissions';

/** Written out by hand: f = fields, b = body, p = photos and figures; - = withheld. */
const EXPECTED: Record<string, string> = {
  'draft reporter': 'fbp',
  'draft editor': 'fbp',
  'draft photo_desk': '--p',
  'submitted reporter': '---',
  'submitted editor': 'fbp',
  'submitted photo_desk': '--p',
  'in_edit reporter': '---',
  'in_edit editor': 'fbp',
  'in_edit photo_desk': '--p',
  'returned reporter': 'fbp',
  'returned editor': 'fbp',
  'returned photo_desk': '--p',
  'approved reporter': '---',
  'approved editor': 'fbp',
  'approved photo_desk': '--p',
  'scheduled reporter': '---',
  'scheduled editor': '---',
  'scheduled photo_desk': '---',
  'published reporter': '---',
  'published editor': 'fbp',
  'published photo_desk': '---',
  'unpublished reporter': '---',
  'unpublished editor': 'fbp',
  'unpublished photo_desk': '---',
  'spiked reporter': '---',
  'spiked editor': '---',
  'spiked photo_desk': '---',
};

describe('the edit table', () => {
  it('gives every state and role exactly the rights of the issue', () => {
    const actual: Record<string, string> = {};
    for (const state of STORY_STATES)
      for (const role of ROLES) {
        const rule = editRule(state, role);
        actual[`${state} ${role}`] =
          `${rule.fields ? 'f' : '-'}${rule.body ? 'b' : '-'}${rule.photos ? 'p' : '-'}`;
      }
    expect(actual).toEqual(EXPECTED);
  });

  it('says why whenever something is withheld, and says nothing when all is allowed', () => {
    const mismatched = STORY_STATES.flatMap((state) =>
      ROLES.filter((role) => {
        const rule = editRule(state, role);
        const isWithheld = !rule.fields || !rule.body || !rule.photos;
        return isWithheld !== (rule.why !== null);
      }).map((role) => `${state} ${role}`),
    );
    expect(mismatched).toEqual([]);
  });

  it('tells a reporter that a submitted story must be withdrawn to be changed', () => {
    expect(editRule('submitted', 'reporter')).toEqual({
      fields: false,
      body: false,
      photos: false,
      why: 'Submitted to the desk: withdraw it to make changes.',
    });
  });

  it('tells a reporter the desk holds a story in edit', () => {
    expect(editRule('in_edit', 'reporter')).toEqual({
      fields: false,
      body: false,
      photos: false,
      why: 'The desk holds this story; you can read it but not change it.',
    });
  });
});
