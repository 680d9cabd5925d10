import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderArticlePage } from './article';
import { DEFAULT_PORTAL_PROFILE } from './profile';
import {
  renderWuxiGoldenPages,
  siteImageUrl,
  WUXI_PATH,
} from '../../tests/support/portal/goldenPages';
import { buildWuxiStory, wuxiPhotos, wuxiRail } from '../../tests/support/portal/wuxi';

function golden(name: string): string {
  return fileURLToPath(new URL(`./__golden__/${name}.html`, import.meta.url));
}

// UPDATE_GOLDEN=1 rewrites the files; the diff is then reviewed like code.
function expectGolden(name: string, html: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), html);
  expect(html).toEqual(readFileSync(golden(name), 'utf8'));
}

function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('the Wuxi golden pages', () => {
  const pages = renderWuxiGoldenPages();

  it('renders the article page exactly as reviewed', () => {
    expectGolden('wuxi-article', pages.article);
  });

  it('renders the News section page exactly as reviewed', () => {
    expectGolden('wuxi-section-news', pages.section);
  });

  it('renders the home page exactly as reviewed', () => {
    expectGolden('wuxi-home', pages.home);
  });

  it('shows the seed page’s breadcrumb, date line, source line, captions, rail and footer', () => {
    const text = textOf(pages.article);
    const captions = [...pages.article.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)].map(
      (match) => textOf(match[1] ?? ''),
    );
    expect({
      breadcrumb: /Home\s*>\s*News/.test(text),
      updated: text.includes('Updated : 2017-03-03'),
      source: text.includes('(chinadaily.com.cn)'),
      captionEndings: captions.map((caption) =>
        caption.endsWith('[Photo provided to China Daily]'),
      ),
      rail: ['Enjoy cherry blossoms at night in Wuxi', 'In pics: Cuipingshan Tourist Resort'].map(
        (title) => text.includes(title),
      ),
      footer: DEFAULT_PORTAL_PROFILE.footer.map((line) => text.includes(line)),
    }).toEqual({
      breadcrumb: true,
      updated: true,
      source: true,
      captionEndings: [true, true],
      rail: [true, true],
      footer: [true, true, true],
    });
  });

  it('links the section and home pages to the article', () => {
    expect({
      section: pages.section.includes('href="../news/2017/03/03/wuxi-iot-partnership.html"'),
      home: pages.home.includes('href="news/2017/03/03/wuxi-iot-partnership.html"'),
    }).toEqual({ section: true, home: true });
  });
});

describe('the article page', () => {
  const context = {
    profile: DEFAULT_PORTAL_PROFILE,
    path: WUXI_PATH,
    now: 0,
    photos: wuxiPhotos(),
    recent: wuxiRail(),
    imageUrl: siteImageUrl(WUXI_PATH),
  };

  it('shows a correction note when the story has one', () => {
    const html = renderArticlePage(
      buildWuxiStory({ correctionNote: 'An earlier version misstated the investment.' }),
      context,
    );
    expect(
      /<aside class="correction"[^>]*><h2[^>]*>Correction<\/h2><p>An earlier version misstated the investment.<\/p><\/aside>/.test(
        html,
      ),
    ).toBe(true);
  });

  it('keeps the words of a link whose URL is not http, https or mailto, and drops the link', () => {
    const html = renderArticlePage(
      buildWuxiStory({
        body: [
          {
            type: 'paragraph',
            children: [
              { text: 'See ' },
              { type: 'link', url: 'javascript:alert(1)', children: [{ text: 'this' }] },
              { text: ' and ' },
              {
                type: 'link',
                url: 'https://example.com/?a=1&b=2',
                children: [{ text: 'that', bold: true }],
              },
            ],
          },
        ],
      }),
      context,
    );
    const body = /<div class="article-body">\n([\s\S]*?)\n<\/div>/.exec(html)?.[1];
    expect(body).toEqual(
      '<p>See this and <a href="https://example.com/?a=1&amp;b=2"><strong>that</strong></a></p>',
    );
  });

  it('renders every body element and mark of the story model', () => {
    const html = renderArticlePage(
      buildWuxiStory({
        body: [
          { type: 'heading', level: 2, children: [{ text: 'Deal' }] },
          { type: 'heading', level: 3, children: [{ text: 'Terms' }] },
          { type: 'block-quote', children: [{ text: 'Quoted', italic: true }] },
          {
            type: 'bulleted-list',
            children: [{ type: 'list-item', children: [{ text: 'one', underline: true }] }],
          },
          {
            type: 'numbered-list',
            children: [{ type: 'list-item', children: [{ text: 'two', strikethrough: true }] }],
          },
          { type: 'paragraph', children: [{ text: '' }] },
        ],
      }),
      context,
    );
    const body = /<div class="article-body">\n([\s\S]*?)\n<\/div>/.exec(html)?.[1];
    expect(body).toEqual(
      [
        '<h2>Deal</h2>',
        '<h3>Terms</h3>',
        '<blockquote><p><em>Quoted</em></p></blockquote>',
        '<ul><li><u>one</u></li></ul>',
        '<ol><li><s>two</s></li></ol>',
      ].join('\n'),
    );
  });
});
