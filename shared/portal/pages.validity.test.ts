import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { renderFeed, renderSitemap } from './feeds';
import { planHome, planSectionPages, renderHomePage, renderSectionPage } from './indexPages';
import { DEFAULT_PORTAL_PROFILE } from './profile';
import { ATTACK_STRINGS } from '../../tests/support/portal/attacks';
import { renderAttackPages } from '../../tests/support/portal/attackSite';
import { renderWuxiGoldenPages, siteImageUrl } from '../../tests/support/portal/goldenPages';
import { renderSchemeSite } from '../../tests/support/portal/schemeSite';
import { buildSummary } from '../../tests/support/portal/wuxi';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

async function errorsOf(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) =>
    result.messages
      .filter((message) => message.severity === 2)
      .map(
        (message) => `${message.ruleId} at ${message.line}:${message.column}: ${message.message}`,
      ),
  );
}

function emptySitePages(): { home: string; section: string } {
  const profile = DEFAULT_PORTAL_PROFILE;
  const [front] = planSectionPages('culture', [], profile.articlesPerPage);
  if (front === undefined) throw new Error('a section always has a front page');
  return {
    home: renderHomePage(planHome(profile, []), {
      profile,
      imageUrl: siteImageUrl('index.html'),
      highlightStoryId: null,
      recent: [],
    }),
    section: renderSectionPage(front, {
      profile,
      imageUrl: siteImageUrl(front.path),
      highlightStoryId: null,
    }),
  };
}

function paginatedPages(): string[] {
  const profile = { ...DEFAULT_PORTAL_PROFILE, articlesPerPage: 2 };
  const items = Array.from({ length: 5 }, (_, index) =>
    buildSummary({
      storyId: `s${index}`,
      path: `news/sports/2017/03/0${index + 1}/s${index}.html`,
      section: 'news/sports',
      headline: `Match ${index}`,
      firstPublishedAt: 1_000 * (5 - index),
    }),
  );
  return planSectionPages('news/sports', items, 2).map((plan) =>
    renderSectionPage(plan, { profile, imageUrl: siteImageUrl(plan.path), highlightStoryId: null }),
  );
}

describe('html-validate', () => {
  it('finds no error in the Wuxi article, section and home pages', async () => {
    const pages = renderWuxiGoldenPages();
    expect({
      article: await errorsOf(pages.article),
      section: await errorsOf(pages.section),
      home: await errorsOf(pages.home),
    }).toEqual({ article: [], section: [], home: [] });
  });

  it('finds no error in the pages of an empty site or a paginated section', async () => {
    const empty = emptySitePages();
    const paginated = await Promise.all(paginatedPages().map(errorsOf));
    expect({
      home: await errorsOf(empty.home),
      section: await errorsOf(empty.section),
      paginated,
    }).toEqual({ home: [], section: [], paginated: [[], [], [], []] });
  });

  it('finds no error in the pages of a site whose paths and section ids read as schemes', async () => {
    const problems: string[] = [];
    for (const [name, page] of Object.entries(renderSchemeSite().html)) {
      for (const error of await errorsOf(page.html)) problems.push(`${name}: ${error}`);
    }
    expect(problems).toEqual([]);
  });

  it(`finds no error in any page built around each of the ${ATTACK_STRINGS.length} attack strings`, async () => {
    const problems: string[] = [];
    for (const [index, attack] of ATTACK_STRINGS.entries()) {
      const pages = renderAttackPages(attack, index);
      for (const [name, html] of Object.entries(pages.html)) {
        for (const error of await errorsOf(html))
          problems.push(`${JSON.stringify(attack)} ${name}: ${error}`);
      }
    }
    expect(problems).toEqual([]);
  }, 90_000);
});

describe('feed and sitemap', () => {
  it('list the stories with absolute URLs, and give recent ones the Google News block', () => {
    const profile = DEFAULT_PORTAL_PROFILE;
    const now = Date.UTC(2017, 2, 3, 2, 0, 0);
    const items = [
      buildSummary({
        storyId: 'new',
        path: 'news/2017/03/03/new.html',
        headline: 'New & notable',
        keywords: ['Wuxi'],
        firstPublishedAt: now,
        lastPublishedAt: now,
      }),
      buildSummary({
        storyId: 'old',
        path: 'news/2017/01/01/old.html',
        headline: 'Old',
        firstPublishedAt: now - 10 * 86_400_000,
        lastPublishedAt: now - 10 * 86_400_000,
      }),
    ];
    expect(renderSitemap(profile, items, now)).toEqual(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url>
<loc>https://wuxi.chinadaily.com.cn/news/2017/03/03/new.html</loc>
<lastmod>2017-03-03T10:00:00+08:00</lastmod>
<news:news>
<news:publication><news:name>Wuxi</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2017-03-03T10:00:00+08:00</news:publication_date>
<news:title>New &amp; notable</news:title>
<news:keywords>Wuxi</news:keywords>
</news:news>
</url>
<url>
<loc>https://wuxi.chinadaily.com.cn/news/2017/01/01/old.html</loc>
<lastmod>2017-02-21T10:00:00+08:00</lastmod>
</url>
</urlset>
`);
    expect(renderFeed(profile, items.slice(0, 1), now))
      .toEqual(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Wuxi</title>
<link>https://wuxi.chinadaily.com.cn/</link>
<description>News from Wuxi, presented by chinadaily.com.cn</description>
<language>en</language>
<lastBuildDate>Fri, 03 Mar 2017 02:00:00 GMT</lastBuildDate>
<atom:link href="https://wuxi.chinadaily.com.cn/feed.xml" rel="self" type="application/rss+xml"/>
<item>
<title>New &amp; notable</title>
<link>https://wuxi.chinadaily.com.cn/news/2017/03/03/new.html</link>
<guid isPermaLink="true">https://wuxi.chinadaily.com.cn/news/2017/03/03/new.html</guid>
<pubDate>Fri, 03 Mar 2017 02:00:00 GMT</pubDate>
<description>What happened.</description>
<category>News</category>
</item>
</channel>
</rss>
`);
  });
});
