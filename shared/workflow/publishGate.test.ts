import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../portal/profile';
import type { Body } from '../story/body';
import { blankStoryFields, type StoryFields } from '../story/story';
import { publishGate } from './publishGate';

function buildFields(overrides: Partial<StoryFields> = {}): StoryFields {
  return blankStoryFields({
    slug: 'wuxi-iot-partnership',
    headline: 'Wuxi reaps strong partnership to push forward IoT industry',
    byline: 'Staff reporter',
    section: 'business/industries',
    leadPhoto: {
      photoId: 'a'.repeat(64),
      caption: 'The signing ceremony.',
      credit: '[Photo provided to China Daily]',
      altText: 'Officials sign an agreement.',
    },
    ...overrides,
  });
}

const BODY: Body = [
  { type: 'paragraph', children: [{ text: 'The city of Wuxi entered into a partnership.' }] },
  {
    type: 'figure',
    photoId: 'c'.repeat(64),
    caption: 'Officials exchange ideas at the symposium.',
    credit: '[Photo provided to China Daily]',
    altText: 'People around a conference table.',
    children: [{ text: '' }],
  },
];

describe('the publish gate', () => {
  it('lets a complete story through', () => {
    expect(publishGate({ fields: buildFields(), body: BODY }, DEFAULT_PORTAL_PROFILE)).toEqual([]);
  });

  it('lets a story without any photo through', () => {
    expect(
      publishGate(
        { fields: buildFields({ leadPhoto: null }), body: BODY.slice(0, 1) },
        DEFAULT_PORTAL_PROFILE,
      ),
    ).toEqual([]);
  });

  it('lists every reason at once, each naming the field to fix', () => {
    const fields = buildFields({
      headline: '  ',
      section: '',
      byline: '',
      slug: '',
      leadPhoto: { photoId: 'a'.repeat(64), caption: '', credit: '', altText: '' },
    });
    const body: Body = [
      { type: 'paragraph', children: [{ text: '' }] },
      {
        type: 'figure',
        photoId: 'c'.repeat(64),
        caption: 'A caption.',
        credit: '',
        altText: ' ',
        children: [{ text: '' }],
      },
      {
        type: 'figure',
        photoId: 'd'.repeat(64),
        caption: '',
        credit: 'CD',
        altText: 'Alt.',
        children: [{ text: '' }],
      },
    ];
    expect(publishGate({ fields, body }, DEFAULT_PORTAL_PROFILE)).toEqual([
      'Headline: write a headline.',
      'Section: choose a section.',
      'Byline: add the byline.',
      'Slug: add a slug.',
      'Lead photo: add the caption.',
      'Lead photo: add the credit.',
      'Lead photo: add the alt text.',
      'Figure 1: add the credit.',
      'Figure 1: add the alt text.',
      'Figure 2: add the caption.',
    ]);
  });

  it('counts a body of only empty blocks as empty, even though figures have captions', () => {
    const body: Body = [
      { type: 'paragraph', children: [{ text: ' ' }] },
      { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: '' }] }] },
    ];
    expect(publishGate({ fields: buildFields(), body }, DEFAULT_PORTAL_PROFILE)).toEqual([
      'Story body: write the story.',
    ]);
  });

  it('refuses a slug that is not URL-safe and a section not in the portal', () => {
    expect(
      publishGate(
        { fields: buildFields({ slug: 'Wuxi IoT!', section: 'sport' }), body: BODY },
        DEFAULT_PORTAL_PROFILE,
      ),
    ).toEqual([
      'Section: "sport" is not a section of the portal; choose another.',
      'Slug: "Wuxi IoT!" is not valid; use lower-case letters, digits and single hyphens.',
    ]);
  });
});
