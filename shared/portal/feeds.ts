import { displayHeadline } from './article';
import { joinXml, xml } from './markup';
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
    return joinXml(
      [
        xml`<item>`,
        xml`<title>${displayHeadline(item.headline)}</title>`,
        xml`<link>${url}</link>`,
        xml`<guid isPermaLink="true">${url}</guid>`,
        xml`<pubDate>${formatRfc822(item.firstPublishedAt)}</pubDate>`,
        item.description !== '' && xml`<description>${item.description}</description>`,
        category !== undefined && xml`<category>${category}</category>`,
        xml`</item>`,
      ],
      '\n',
    );
  });
  const newest = newestFirst.reduce((latest, item) => Math.max(latest, item.lastPublishedAt), 0);
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${profile.siteName}</title>
<link>${absoluteUrl(profile, '')}</link>
<description>${`News from ${profile.siteName}, presented by ${profile.sourceLine}`}</description>
<language>${profile.language}</language>
<lastBuildDate>${formatRfc822(newest === 0 ? now : newest)}</lastBuildDate>
<atom:link href="${absoluteUrl(profile, FEED_PATH)}" rel="self" type="application/rss+xml"/>
${joinXml(items, '\n')}
</channel>
</rss>
`.text;
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
    const keywords =
      item.keywords.length > 0 && xml`<news:keywords>${item.keywords.join(', ')}</news:keywords>\n`;
    const news =
      isRecent &&
      xml`
<news:news>
<news:publication><news:name>${profile.siteName}</news:name><news:language>${item.language}</news:language></news:publication>
<news:publication_date>${formatIsoInZone(item.firstPublishedAt, profile.timeZone)}</news:publication_date>
<news:title>${displayHeadline(item.headline)}</news:title>
${keywords}</news:news>`;
    return xml`<url>
<loc>${absoluteUrl(profile, item.path)}</loc>
<lastmod>${formatIsoInZone(item.lastPublishedAt, profile.timeZone)}</lastmod>${news}
</url>`;
  });
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${joinXml(urls, '\n')}
</urlset>
`.text;
}
