import { renderFeed, renderSitemap } from '../../../shared/portal/feeds';
import { renderPreview } from '../../../shared/portal/preview';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import type { StoryWithBody } from '../../../shared/story/story';
import { renderSiteAround } from './goldenPages';
import { buildWuxiStory, WUXI_PHOTO_IDS, WUXI_PUBLISHED_AT, wuxiPhotos, wuxiRail } from './wuxi';

/** A story with one attack string in every field, caption, credit, alt text, link and body text. */
export function buildAttackStory(attack: string, index: number): StoryWithBody {
  const text = [{ text: attack }];
  return buildWuxiStory({
    id: `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    slug: attack.slice(0, 80),
    headline: attack,
    subheadline: attack,
    byline: attack,
    dateline: attack,
    section: 'news',
    source: attack,
    summary: attack,
    keywords: [attack, `${attack} 2`],
    correctionNote: attack,
    leadPhoto: {
      photoId: WUXI_PHOTO_IDS.signing,
      caption: attack,
      credit: attack,
      altText: attack,
    },
    body: [
      { type: 'heading', level: 2, children: text },
      {
        type: 'paragraph',
        children: [
          { text: attack, bold: true },
          { type: 'link', url: attack, children: text },
          { type: 'link', url: `https://example.com/?q=${attack}`, children: text },
        ],
      },
      { type: 'block-quote', children: text },
      { type: 'bulleted-list', children: [{ type: 'list-item', children: text }] },
      { type: 'numbered-list', children: [{ type: 'list-item', children: text }] },
      {
        type: 'figure',
        photoId: WUXI_PHOTO_IDS.symposium,
        caption: attack,
        credit: attack,
        altText: attack,
        children: [{ text: '' }],
      },
    ],
  });
}

/** Every page the portal makes, for one attack story: published and previewed. */
export interface AttackPages {
  attack: string;
  html: Record<'article' | 'preview' | 'previewHome' | 'section' | 'home', string>;
  xml: Record<'feed' | 'sitemap', string>;
}

/** Renders the whole site around one attack story, the way the publisher and the preview do. */
export function renderAttackPages(attack: string, index: number): AttackPages {
  const profile = DEFAULT_PORTAL_PROFILE;
  const story = buildAttackStory(attack, index);
  const path = `news/2017/03/03/attack-${index}.html`;
  const photos = wuxiPhotos();
  const rail = wuxiRail().map((item) => ({ ...item, headline: attack }));
  const { summaries, article, section, home } = renderSiteAround(story, path, rail);
  const preview = renderPreview(story, {
    profile,
    now: WUXI_PUBLISHED_AT,
    archivedPath: path,
    recent: rail,
    photos,
    imageUrl: (photoId, name) => `/media/${photoId}/${name}?token=${encodeURIComponent(attack)}`,
  });
  return {
    attack,
    html: {
      article,
      preview: preview.articleHtml,
      previewHome: preview.homeHtml,
      section,
      home,
    },
    xml: {
      feed: renderFeed(profile, summaries, WUXI_PUBLISHED_AT),
      sitemap: renderSitemap(profile, summaries, WUXI_PUBLISHED_AT),
    },
  };
}
