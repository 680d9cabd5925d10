import { displayHeadline } from './article';
import { escapeXml } from './escape';
import { absoluteUrl, FEED_PATH } from './paths';
import { findSection, type PortalProfile } from './profile';
import type { ArticleSummary } from './summary';
import { formatIsoInZone, formatRfc822 } from './time';

/** How many stories the RSS feed carries. */
export const FEED_ITEM_COUNT = 50;
/** Google News lists only articles published in the last two days. */
export const NEWS_SITEMAP_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/** The RSS 2.0 feed of the newest stories. */
export function renderFeed(
  profile: PortalProfile,
  newestFirst: readonly ArticleSummary[],
  now: number,
): string {
  const items = newestFirst.slice(0, FEED_ITEM_COUNT).map((item) => {
    const url = absoluteUrl(profile, item.path);
    const category = findSection(profile, item.section)?.name;
    return [
      '<item>',
      `<title>${escapeXml(displayHeadline(item.headline))}</title>`,
      `<link>${escapeXml(url)}</link>`,
      `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
      `<pubDate>${formatRfc822(item.firstPublishedAt)}</pubDate>`,
      item.description === '' ? '' : `<description>${escapeXml(item.description)}</description>`,
      category === undefined ? '' : `<category>${escapeXml(category)}</category>`,
      '</item>',
    ]
      .filter((line) => line !== '')
      .join('\n');
  });
  const newest = newestFirst.reduce((latest, item) => Math.max(latest, item.lastPublishedAt), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${escapeXml(profile.siteName)}</title>
<link>${escapeXml(absoluteUrl(profile, ''))}</link>
<description>${escapeXml(`News from ${profile.siteName}, presented by ${profile.sourceLine}`)}</description>
<language>${escapeXml(profile.language)}</language>
<lastBuildDate>${formatRfc822(newest === 0 ? now : newest)}</lastBuildDate>
<atom:link href="${escapeXml(absoluteUrl(profile, FEED_PATH))}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
}

/**
 * `sitemap.xml` with the Google News extension: every published story, and for those published
 * in the last two days the `news:news` block Google News reads.
 */
export function renderSitemap(
  profile: PortalProfile,
  newestFirst: readonly ArticleSummary[],
  now: number,
): string {
  const urls = newestFirst.map((item) => {
    const isRecent = now - item.firstPublishedAt <= NEWS_SITEMAP_WINDOW_MS;
    const news = isRecent
      ? `
<news:news>
<news:publication><news:name>${escapeXml(profile.siteName)}</news:name><news:language>${escapeXml(item.language)}</news:language></news:publication>
<news:publication_date>${formatIsoInZone(item.firstPublishedAt, profile.timeZone)}</news:publication_date>
<news:title>${escapeXml(displayHeadline(item.headline))}</news:title>
${item.keywords.length === 0 ? '' : `<news:keywords>${escapeXml(item.keywords.join(', '))}</news:keywords>\n`}</news:news>`
      : '';
    return `<url>
<loc>${escapeXml(absoluteUrl(profile, item.path))}</loc>
<lastmod>${formatIsoInZone(item.lastPublishedAt, profile.timeZone)}</lastmod>${news}
</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls.join('\n')}
</urlset>
`;
}
