import { renderFeed, renderSitemap } from '../../../shared/portal/feeds';
import { planSectionPages } from '../../../shared/portal/indexPages';
import { proposeArticlePath } from '../../../shared/portal/paths';
import { renderPreview } from '../../../shared/portal/preview';
import { DEFAULT_PORTAL_PROFILE, type PortalProfile } from '../../../shared/portal/profile';
import { compareNewestFirst, summarizeStory } from '../../../shared/portal/summary';
import { renderSiteArticle, renderSiteHome, renderSiteSection } from './goldenPages';
import { buildWuxiStory, WUXI_PHOTO_IDS, WUXI_PUBLISHED_AT, wuxiPhotos } from './wuxi';

/** The red team's article path: on the home page it was a link that ran script. */
export const SCHEME_PATH = 'javascript:alert(document.domain)-x.html';
/** A section id that reads as a URL with a scheme, as a hand-edited profile could hold. */
export const SCHEME_SECTION_ID = 'javascript:alert(document.domain)';
/** A path with the characters that end a URL's path: query, fragment, quote. */
export const PUNCTUATED_PATH = 'news/2017/03/03/a?b#c"d.html';

/** The Wuxi profile with the scheme section first, and its sub-section in the rail. */
export function schemeProfile(): PortalProfile {
  return {
    ...DEFAULT_PORTAL_PROFILE,
    articlesPerPage: 1,
    sections: [
      {
        id: SCHEME_SECTION_ID,
        name: 'Scheme section',
        children: [{ id: `${SCHEME_SECTION_ID}/x`, name: 'Scheme sub-section' }],
      },
      ...DEFAULT_PORTAL_PROFILE.sections,
    ],
    railSectionIds: [`${SCHEME_SECTION_ID}/x`, ...DEFAULT_PORTAL_PROFILE.railSectionIds],
  };
}

/** One page of the scheme site: where it sits, and its HTML. */
export interface SitePage {
  path: string;
  html: string;
}

/**
 * Every kind of page the portal makes, around stories published at the red team's paths and in the
 * scheme section: articles, preview (article and home), section front and archive pages, home, and
 * the feed and sitemap.
 */
export function renderSchemeSite(): {
  html: Record<string, SitePage>;
  xml: Record<'feed' | 'sitemap', string>;
} {
  const profile = schemeProfile();
  const photos = wuxiPhotos();
  const leadPhoto = {
    photoId: WUXI_PHOTO_IDS.signing,
    caption: 'Caption',
    credit: 'Credit',
    altText: 'Alt text',
  };
  const inScheme = buildWuxiStory({ section: SCHEME_SECTION_ID, leadPhoto });
  const inChild = buildWuxiStory({
    id: '01900000-0000-7000-8000-000000000002',
    slug: 'child-story',
    section: `${SCHEME_SECTION_ID}/x`,
    leadPhoto,
  });
  const punctuated = buildWuxiStory({ id: '01900000-0000-7000-8000-000000000003', leadPhoto });
  const childPath = proposeArticlePath(inChild, profile, WUXI_PUBLISHED_AT);
  const published = [
    { story: inScheme, path: SCHEME_PATH, at: WUXI_PUBLISHED_AT },
    { story: inChild, path: childPath, at: WUXI_PUBLISHED_AT - 60_000 },
    { story: punctuated, path: PUNCTUATED_PATH, at: WUXI_PUBLISHED_AT - 120_000 },
  ];
  const summaries = published
    .map(({ story, path, at }) =>
      summarizeStory(story, path, { firstPublishedAt: at, lastPublishedAt: at }, photos),
    )
    .sort(compareNewestFirst);
  const pages: Record<string, SitePage> = {};
  for (const { story, path } of published) {
    pages[`article ${path}`] = {
      path,
      html: renderSiteArticle(story, { profile, path, photos, recent: summaries }),
    };
  }
  for (const sectionId of [SCHEME_SECTION_ID, `${SCHEME_SECTION_ID}/x`]) {
    for (const plan of planSectionPages(sectionId, summaries, profile.articlesPerPage)) {
      pages[`section ${plan.path}`] = {
        path: plan.path,
        html: renderSiteSection(plan, profile),
      };
    }
  }
  pages.home = {
    path: 'index.html',
    html: renderSiteHome(profile, summaries),
  };
  const draft = buildWuxiStory({
    id: '01900000-0000-7000-8000-000000000004',
    section: SCHEME_SECTION_ID,
    state: 'draft',
    firstPublishedAt: null,
    lastPublishedAt: null,
  });
  const preview = renderPreview(draft, {
    profile,
    now: WUXI_PUBLISHED_AT,
    archivedPath: null,
    recent: summaries,
    photos,
    imageUrl: (photoId, name) => `/media/${photoId}/${name}`,
  });
  pages.preview = { path: preview.path, html: preview.articleHtml };
  pages['preview home'] = { path: 'index.html', html: preview.homeHtml };
  return {
    html: pages,
    xml: {
      feed: renderFeed(profile, summaries, WUXI_PUBLISHED_AT),
      sitemap: renderSitemap(profile, summaries, WUXI_PUBLISHED_AT),
    },
  };
}
