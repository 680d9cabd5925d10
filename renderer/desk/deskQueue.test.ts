import { describe, expect, it } from 'vitest';
import { blankStoryFields, type Story } from '../../shared/story/story';
import { buildStory } from '../../tests/support/buildStory';
import { buildQueue, isInSection } from './deskQueue';

const T0 = Date.UTC(2026, 10, 26, 8, 0);

function buildDeskStory(overrides: Partial<Story> & Pick<Story, 'id'>): Story {
  return buildStory({
    ...blankStoryFields({ headline: overrides.id }),
    state: 'submitted',
    createdBy: 'Li Wei',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

function ids(groups: ReturnType<typeof buildQueue>): Record<string, string[]> {
  return Object.fromEntries(
    groups.map((group) => [group.state, group.items.map((item) => item.story.id)]),
  );
}

describe('the desk queue', () => {
  it('groups by state, every group present, ordered by urgency then by time in the state', () => {
    const stories = [
      buildDeskStory({ id: 'normal-new', urgency: 'normal' }),
      buildDeskStory({ id: 'normal-old', urgency: 'normal' }),
      buildDeskStory({ id: 'flash-new', urgency: 'flash' }),
      buildDeskStory({ id: 'low-old', urgency: 'low' }),
      buildDeskStory({ id: 'approved-urgent', state: 'approved', urgency: 'urgent' }),
      buildDeskStory({ id: 'returned', state: 'returned' }),
    ];
    const entered = new Map([
      ['normal-new', T0 + 30_000],
      ['normal-old', T0 + 10_000],
      ['flash-new', T0 + 40_000],
      ['low-old', T0 + 1_000],
    ]);
    expect(ids(buildQueue(stories, entered, ''))).toEqual({
      submitted: ['flash-new', 'normal-old', 'normal-new', 'low-old'],
      in_edit: [],
      approved: ['approved-urgent'],
      scheduled: [],
      returned: ['returned'],
    });
  });

  it('falls back to the creation time when the trail says nothing', () => {
    const queue = buildQueue([buildDeskStory({ id: 'a', createdAt: T0 - 5 })], new Map(), '');
    expect(queue[0]).toEqual({
      state: 'submitted',
      items: [{ story: buildDeskStory({ id: 'a', createdAt: T0 - 5 }), inStateSince: T0 - 5 }],
    });
  });

  it('filters by a section together with its sub-sections', () => {
    const stories = [
      buildDeskStory({ id: 'news', section: 'news' }),
      buildDeskStory({ id: 'sports', section: 'news/sports' }),
      buildDeskStory({ id: 'business', section: 'business' }),
      buildDeskStory({ id: 'newsletter', section: 'newsletter' }),
    ];
    expect(ids(buildQueue(stories, new Map(), 'news')).submitted).toEqual(['news', 'sports']);
    expect(ids(buildQueue(stories, new Map(), 'news/sports')).submitted).toEqual(['sports']);
  });

  it('matches sections by whole path segments', () => {
    expect([
      isInSection('news', ''),
      isInSection('news/sports', 'news'),
      isInSection('newsletter', 'news'),
      isInSection('news', 'news/sports'),
    ]).toEqual([true, true, false, false]);
  });
});
