import { describe, expect, it } from 'vitest';
import { renderWuxiGoldenPages, WUXI_PATH } from '../../../tests/support/portal/goldenPages';
import { localReferences } from '../../../tests/support/publishing/site';
import { kindOf, linksOfPage, orderUploads, sitePathOfLink, uploadWaves } from './uploadOrder';

const BASE = 'https://wuxi.chinadaily.com.cn';

describe('the order files reach a target in', () => {
  it('names each kind of site file', () => {
    expect(
      [
        'media/abc/w640.jpg',
        'news/2026/11/30/metro.html',
        'ninjs/019ac0de.json',
        'news/index.html',
        'news/sports/page-2.html',
        'index.html',
        'feed.xml',
        'sitemap.xml',
      ].map(kindOf),
    ).toEqual(['photo', 'article', 'ninjs', 'section', 'section', 'home', 'feed', 'sitemap']);
  });

  it('resolves links as a browser does: relative, absolute on the portal, folders, and off the site', () => {
    const page = 'news/2026/11/30/metro.html';
    expect(
      [
        '../../../../media/abc/w640.jpg',
        '../../../index.html',
        `${BASE}/business/index.html`,
        `${BASE}/`,
        'https://example.com/news/index.html',
        'mailto:desk@example.com',
        '#top',
        '../../../../news/2026/11/30/caf%C3%A9.html',
      ].map((link) => sitePathOfLink(page, link, BASE)),
    ).toEqual([
      'media/abc/w640.jpg',
      'news/index.html',
      'business/index.html',
      'index.html',
      null,
      null,
      null,
      'news/2026/11/30/café.html',
    ]);
  });

  it('reads every link and image of a rendered article page', () => {
    const { article } = renderWuxiGoldenPages();
    const links = linksOfPage(WUXI_PATH, article, BASE);
    // Every relative reference a plain reading finds, plus the page's absolute ones (og:image).
    expect(links).toEqual(
      expect.arrayContaining([...new Set(localReferences(WUXI_PATH, article))]),
    );
    expect(links).toEqual(expect.arrayContaining(['index.html', 'news/index.html']));
    expect(links.filter((link) => link.startsWith('http') || link.includes('..'))).toEqual([]);
  });

  it('reads the feed’s and the sitemap’s links', () => {
    const sitemap = `<?xml version="1.0"?><urlset><url><loc>${BASE}/news/2026/11/30/a.html</loc></url><url><loc>${BASE}/index.html</loc></url></urlset>`;
    expect(linksOfPage('sitemap.xml', sitemap, BASE)).toEqual([
      'news/2026/11/30/a.html',
      'index.html',
    ]);
  });

  it('puts photos first, then articles in link order, section pages, home, feed and sitemap', () => {
    const links: Record<string, string[]> = {
      'news/2026/11/30/b.html': ['news/2026/11/30/a.html', 'media/2/w640.jpg', 'news/index.html'],
      'news/2026/11/30/a.html': ['media/1/w640.jpg', 'news/index.html'],
      'news/index.html': ['news/2026/11/30/a.html', 'news/2026/11/30/b.html'],
      'index.html': ['news/index.html', 'news/2026/11/30/b.html'],
    };
    const pending = [
      'sitemap.xml',
      'index.html',
      'news/index.html',
      'feed.xml',
      'news/2026/11/30/b.html',
      'news/2026/11/30/a.html',
      'media/2/w640.jpg',
      'media/1/w640.jpg',
    ];
    // The target has an older news/index.html: linking to it is fine before its new version.
    const order = orderUploads(
      pending,
      (sitePath) => links[sitePath] ?? [],
      (sitePath) => sitePath === 'news/index.html',
    );
    expect(order).toEqual([
      'media/1/w640.jpg',
      'media/2/w640.jpg',
      'news/2026/11/30/a.html',
      'news/2026/11/30/b.html',
      'news/index.html',
      'index.html',
      'feed.xml',
      'sitemap.xml',
    ]);
    expect(
      uploadWaves(order, (sitePath) =>
        (links[sitePath] ?? []).filter((link) => link !== 'news/index.html'),
      ),
    ).toEqual([
      ['media/1/w640.jpg', 'media/2/w640.jpg'],
      ['news/2026/11/30/a.html'],
      ['news/2026/11/30/b.html'],
      ['news/index.html'],
      ['index.html'],
      ['feed.xml'],
      ['sitemap.xml'],
    ]);
  });

  it('orders a chain of thousands of articles, each linking the one before, without recursion', () => {
    const articles = Array.from(
      { length: 5000 },
      (_, index) => `news/2026/11/30/story-${String(index).padStart(4, '0')}.html`,
    );
    const reversed = [...articles].reverse();
    const order = orderUploads(
      reversed,
      (sitePath) => {
        const index = articles.indexOf(sitePath);
        return index > 0 ? [articles[index - 1] ?? ''] : [];
      },
      () => false,
    );
    expect(order).toEqual(articles);
  });

  it('breaks a cycle of files new to the target in kind order', () => {
    const links: Record<string, string[]> = {
      'news/index.html': ['news/page-1.html'],
      'news/page-1.html': ['news/index.html'],
    };
    expect(
      orderUploads(
        ['news/page-1.html', 'news/index.html'],
        (sitePath) => links[sitePath] ?? [],
        () => false,
      ),
    ).toEqual(['news/page-1.html', 'news/index.html']);
  });
});
