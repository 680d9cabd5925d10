import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './useHashRoute';

describe('parseRoute', () => {
  it('reads every view and a story id', () => {
    expect(
      ['#/stories', '#/stories/abc-1', '#/desk', '#/photos', '#/settings', '', '#/nowhere'].map(
        parseRoute,
      ),
    ).toEqual([
      { view: 'stories' },
      { view: 'story', storyId: 'abc-1' },
      { view: 'desk' },
      { view: 'photos' },
      { view: 'settings' },
      { view: 'stories' },
      { view: 'stories' },
    ]);
  });

  it('round-trips a story route through its href', () => {
    expect(parseRoute(routeHref({ view: 'story', storyId: '0190-x' }))).toEqual({
      view: 'story',
      storyId: '0190-x',
    });
  });
});
