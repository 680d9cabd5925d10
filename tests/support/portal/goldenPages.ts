import { renderArticlePage } from '../../../shared/portal/article';
import {
  planHome,
  planSectionPages,
  renderHomePage,
  renderSectionPage,
} from '../../../shared/portal/indexPages';
import { mediaPath, relativeHref } from '../../../shared/portal/paths';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import { compareNewestFirst, summarizeStory } from '../../../shared/portal/summary';
import { buildWuxiStory, WUXI_PUBLISHED_AT, wuxiPhotos, wuxiRail } from './wuxi';

/** The Wuxi story's path on the portal. */
export const WUXI_PATH = 'news/2017/03/03/wuxi-iot-partnership.html';

/** A site-relative image URL from a page, as the publisher writes it. */
export function siteImageUrl(pagePath: string): (photoId: string, name: string) => string {
  return (photoId, name) => relativeHref(pagePath, mediaPath(photoId, name, 'image/webp'));
}

/**
 * The three pages the golden files hold, for the Wuxi story with the seed's rail: its article
 * page, the News front page and the home page, rendered as publishing renders them.
 */
export function renderWuxiGoldenPages(): { article: string; section: string; home: string } {
  const profile = DEFAULT_PORTAL_PROFILE;
  const story = buildWuxiStory();
  const photos = wuxiPhotos();
  const rail = wuxiRail();
  const summaries = [
    summarizeStory(
      story,
      WUXI_PATH,
      { firstPublishedAt: WUXI_PUBLISHED_AT, lastPublishedAt: WUXI_PUBLISHED_AT },
      photos,
    ),
    ...rail,
  ].sort(compareNewestFirst);
  const article = renderArticlePage(story, {
    profile,
    path: WUXI_PATH,
    now: WUXI_PUBLISHED_AT,
    photos,
    recent: summaries,
    imageUrl: siteImageUrl(WUXI_PATH),
  });
  const [front] = planSectionPages('news', summaries, profile.articlesPerPage);
  if (front === undefined) throw new Error('a section always has a front page');
  const section = renderSectionPage(front, {
    profile,
    imageUrl: siteImageUrl(front.path),
    highlightStoryId: null,
  });
  const home = renderHomePage(planHome(profile, summaries), {
    profile,
    imageUrl: siteImageUrl('index.html'),
    highlightStoryId: null,
    recent: summaries,
  });
  return { article, section, home };
}
