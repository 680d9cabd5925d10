import { renderArticlePage } from '../../../shared/portal/article';
import {
  planHome,
  planSectionPages,
  renderHomePage,
  renderSectionPage,
  type SectionPagePlan,
} from '../../../shared/portal/indexPages';
import { mediaPath, relativeHref } from '../../../shared/portal/paths';
import { DEFAULT_PORTAL_PROFILE, type PortalProfile } from '../../../shared/portal/profile';
import {
  type ArticleSummary,
  compareNewestFirst,
  type PortalPhoto,
  summarizeStory,
} from '../../../shared/portal/summary';
import type { StoryWithBody } from '../../../shared/story/story';
import { buildWuxiStory, WUXI_PUBLISHED_AT, wuxiPhotos, wuxiRail } from './wuxi';

/** The Wuxi story's path on the portal. */
export const WUXI_PATH = 'news/2017/03/03/wuxi-iot-partnership.html';

/** A site-relative image URL from a page, as the publisher writes it. */
export function siteImageUrl(pagePath: string): (photoId: string, name: string) => string {
  return (photoId, name) => relativeHref(pagePath, mediaPath(photoId, name, 'image/webp'));
}

/** An article page as publishing renders it at the Wuxi story's time, with site image URLs. */
export function renderSiteArticle(
  story: StoryWithBody,
  site: {
    profile: PortalProfile;
    path: string;
    photos: ReadonlyMap<string, PortalPhoto>;
    recent: readonly ArticleSummary[];
  },
): string {
  return renderArticlePage(story, {
    ...site,
    now: WUXI_PUBLISHED_AT,
    imageUrl: siteImageUrl(site.path),
  });
}

/** A section page as publishing renders it. */
export function renderSiteSection(plan: SectionPagePlan, profile: PortalProfile): string {
  return renderSectionPage(plan, {
    profile,
    imageUrl: siteImageUrl(plan.path),
    highlightStoryId: null,
  });
}

/** The home page as publishing renders it, from the published stories, newest first. */
export function renderSiteHome(
  profile: PortalProfile,
  newestFirst: readonly ArticleSummary[],
): string {
  return renderHomePage(planHome(profile, newestFirst), {
    profile,
    imageUrl: siteImageUrl('index.html'),
    highlightStoryId: null,
    recent: newestFirst,
  });
}

/**
 * The site pages around one story published on the default profile beside a rail of others: its
 * article page, the News front page and the home page, and the summaries (newest first) they list.
 */
export function renderSiteAround(
  story: StoryWithBody,
  path: string,
  rail: ArticleSummary[],
): { summaries: ArticleSummary[]; article: string; section: string; home: string } {
  const profile = DEFAULT_PORTAL_PROFILE;
  const photos = wuxiPhotos();
  const summaries = [
    summarizeStory(
      story,
      path,
      { firstPublishedAt: WUXI_PUBLISHED_AT, lastPublishedAt: WUXI_PUBLISHED_AT },
      photos,
    ),
    ...rail,
  ].sort(compareNewestFirst);
  const [front] = planSectionPages('news', summaries, profile.articlesPerPage);
  if (front === undefined) throw new Error('a section always has a front page');
  return {
    summaries,
    article: renderSiteArticle(story, { profile, path, photos, recent: summaries }),
    section: renderSiteSection(front, profile),
    home: renderSiteHome(profile, summaries),
  };
}

/**
 * The three pages the golden files hold, for the Wuxi story with the seed's rail: its article
 * page, the News front page and the home page, rendered as publishing renders them.
 */
export function renderWuxiGoldenPages(): { article: string; section: string; home: string } {
  const { article, section, home } = renderSiteAround(buildWuxiStory(), WUXI_PATH, wuxiRail());
  return { article, section, home };
}
