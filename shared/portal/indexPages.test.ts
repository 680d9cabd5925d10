import { describe, expect, it } from 'vitest';
import { homeCandidates, planSectionPages } from './indexPages';
import { DEFAULT_PORTAL_PROFILE } from './profile';
import { buildSummary } from '../../tests/support/portal/wuxi';

function stories(count: number, section = 'news') {
  return Array.from({ length: count }, (_, index) =>
    buildSummary({
      storyId: `s${String(count - index).padStart(2, '0')}`,
      path: `${section}/s${count - index}.html`,
      section,
      firstPublishedAt: (count - index) * 1000,
    }),
  );
}

function shape(plans: ReturnType<typeof planSectionPages>) {
  return plans.map((plan) => ({
    path: plan.path,
    items: plan.items.map((item) => item.storyId),
    newer: plan.newerPath,
    older: plan.olderPath,
  }));
}

describe('section pagination', () => {
  it('numbers archive pages from the oldest story, so a new story changes only the newest pages', () => {
    expect(shape(planSectionPages('news', stories(5), 2))).toEqual([
      { path: 'news/index.html', items: ['s05', 's04'], newer: null, older: 'news/page-2.html' },
      { path: 'news/page-1.html', items: ['s02', 's01'], newer: 'news/page-2.html', older: null },
      {
        path: 'news/page-2.html',
        items: ['s04', 's03'],
        newer: 'news/page-3.html',
        older: 'news/page-1.html',
      },
      {
        path: 'news/page-3.html',
        items: ['s05'],
        newer: 'news/index.html',
        older: 'news/page-2.html',
      },
    ]);
    const before = shape(planSectionPages('news', stories(5), 2));
    const after = shape(planSectionPages('news', stories(6), 2));
    expect(after.slice(1, 3)).toEqual(before.slice(1, 3));
  });

  it('lists sub-section stories on the parent section and has one page when few', () => {
    expect(shape(planSectionPages('news', stories(2, 'news/sports'), 20))).toEqual([
      { path: 'news/index.html', items: ['s02', 's01'], newer: null, older: null },
    ]);
  });
});

describe('home candidates', () => {
  it('keep only what the home page and the rail can show, plus a spare or two', () => {
    const candidates = homeCandidates(DEFAULT_PORTAL_PROFILE, stories(30));
    expect(candidates.map((item) => item.storyId)).toEqual(
      Array.from({ length: 12 }, (_, index) => `s${30 - index}`),
    );
  });
});
