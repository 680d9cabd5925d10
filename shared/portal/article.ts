import { assertNever } from '../result';
import { type BlockElement, type BodyText, type InlineNode, isAllowedUrl } from '../story/body';
import type { PhotoRef, StoryWithBody } from '../story/story';
import { attribute, escapeHtml, jsonForScript } from './escape';
import { ARTICLE_IMAGE, type ImageUrl, renderImage } from './images';
import { renderBreadcrumb, renderPage } from './layout';
import { absoluteImageUrl, absoluteUrl } from './paths';
import { findSection, type PortalProfile } from './profile';
import { renderRail } from './rail';
import { type ArticleSummary, describeStory, type PortalPhoto } from './summary';
import { formatDate, formatIsoInZone } from './time';

/** Everything besides the story that an article page is made from. */
export interface ArticleContext {
  profile: PortalProfile;
  /** The article's site path (fixed at first publication; proposed for a preview). */
  path: string;
  /** The render time: stands in for publication times the story does not have yet. */
  now: number;
  /** The portal view of every photo the story uses; a missing one renders its caption only. */
  photos: ReadonlyMap<string, PortalPhoto>;
  /** Recently published stories, newest first; the rail picks its sections' items from them. */
  recent: readonly ArticleSummary[];
  imageUrl: ImageUrl;
}

function renderText(leaf: BodyText): string {
  let html = escapeHtml(leaf.text).replace(/\n/g, '<br>');
  if (leaf.bold) html = `<strong>${html}</strong>`;
  if (leaf.italic) html = `<em>${html}</em>`;
  if (leaf.underline) html = `<u>${html}</u>`;
  if (leaf.strikethrough) html = `<s>${html}</s>`;
  return html;
}

function renderInline(nodes: readonly InlineNode[]): string {
  return nodes
    .map((node) => {
      if (!('type' in node)) return renderText(node);
      const text = node.children.map(renderText).join('');
      // A link whose URL is not allow-listed keeps its words and loses the link.
      return isAllowedUrl(node.url) ? `<a${attribute('href', node.url)}>${text}</a>` : text;
    })
    .join('');
}

function hasText(nodes: readonly InlineNode[]): boolean {
  return nodes.some((node) => ('type' in node ? hasText(node.children) : node.text.trim() !== ''));
}

function renderFigure(
  ref: Pick<PhotoRef, 'photoId' | 'caption' | 'credit' | 'altText'>,
  context: ArticleContext,
): string {
  const photo = context.photos.get(ref.photoId);
  const image =
    photo === undefined ? '' : renderImage(photo, ref.altText, ARTICLE_IMAGE, context.imageUrl);
  const caption = [
    ref.caption.trim() === '' ? '' : escapeHtml(ref.caption.trim()),
    ref.credit.trim() === '' ? '' : `<span class="credit">${escapeHtml(ref.credit.trim())}</span>`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  const figcaption = caption === '' ? '' : `<figcaption>${caption}</figcaption>`;
  if (image === '' && figcaption === '') return '';
  return `<figure>${image}${figcaption}</figure>`;
}

function renderBlock(block: BlockElement, context: ArticleContext): string {
  switch (block.type) {
    case 'paragraph':
      return hasText(block.children) ? `<p>${renderInline(block.children)}</p>` : '';
    case 'heading':
      return hasText(block.children)
        ? `<h${block.level}>${renderInline(block.children)}</h${block.level}>`
        : '';
    case 'block-quote':
      return hasText(block.children)
        ? `<blockquote><p>${renderInline(block.children)}</p></blockquote>`
        : '';
    case 'bulleted-list':
    case 'numbered-list': {
      const items = block.children
        .filter((item) => hasText(item.children))
        .map((item) => `<li>${renderInline(item.children)}</li>`);
      const tag = block.type === 'bulleted-list' ? 'ul' : 'ol';
      return items.length === 0 ? '' : `<${tag}>${items.join('')}</${tag}>`;
    }
    case 'figure':
      return renderFigure(block, context);
    default:
      return assertNever(block);
  }
}

/** The body of a story as HTML: every text escaped, only allow-listed links kept. */
export function renderBody(body: readonly BlockElement[], context: ArticleContext): string {
  return body
    .map((block) => renderBlock(block, context))
    .filter((html) => html !== '')
    .join('\n');
}

/** People named in a byline, without the leading `By`. */
export function bylineNames(byline: string): string[] {
  return byline
    .replace(/^\s*by\s+/i, '')
    .split(/\s*(?:,|;|\band\b)\s*/i)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function sourceLine(story: StoryWithBody, profile: PortalProfile): string {
  const source = (story.source.trim() === '' ? profile.sourceLine : story.source.trim()).replace(
    /^\((.*)\)$/,
    '$1',
  );
  return source === '' ? '' : `(${source})`;
}

function storyImageUrls(story: StoryWithBody, context: ArticleContext): string[] {
  const ids = [
    ...(story.leadPhoto === null ? [] : [story.leadPhoto.photoId]),
    ...story.body.flatMap((block) => (block.type === 'figure' ? [block.photoId] : [])),
  ];
  return [...new Set(ids)].flatMap((id) => {
    const photo = context.photos.get(id);
    const largest = photo?.renditions.at(-1);
    return largest === undefined
      ? []
      : [absoluteImageUrl(context.profile, context.path, context.imageUrl(id, largest.name))];
  });
}

function renderHeadExtra(story: StoryWithBody, context: ArticleContext): string[] {
  const { profile, path } = context;
  const url = absoluteUrl(profile, path);
  const published = formatIsoInZone(story.firstPublishedAt ?? context.now, profile.timeZone);
  const modified = formatIsoInZone(story.lastPublishedAt ?? context.now, profile.timeZone);
  const description = describeStory(story);
  const images = storyImageUrls(story, context);
  const sectionName = findSection(profile, story.section)?.name ?? '';
  const authors = bylineNames(story.byline);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.headline,
    ...(story.subheadline.trim() === '' ? {} : { alternativeHeadline: story.subheadline }),
    description,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: published,
    dateModified: modified,
    inLanguage: story.language,
    ...(sectionName === '' ? {} : { articleSection: sectionName }),
    ...(story.keywords.length === 0 ? {} : { keywords: story.keywords }),
    ...(images.length === 0 ? {} : { image: images }),
    ...(authors.length === 0
      ? {}
      : { author: authors.map((name) => ({ '@type': 'Person', name })) }),
    publisher: { '@type': 'Organization', name: profile.sourceLine || profile.siteName },
  };
  function meta(kind: 'name' | 'property', key: string, content: string): string {
    return `<meta ${kind}="${escapeHtml(key)}" content="${escapeHtml(content)}">`;
  }
  const lead = story.leadPhoto === null ? undefined : context.photos.get(story.leadPhoto.photoId);
  const leadRendition =
    lead?.renditions.find((rendition) => rendition.width >= 1024) ?? lead?.renditions.at(-1);
  return [
    ...(story.keywords.length === 0 ? [] : [meta('name', 'keywords', story.keywords.join(', '))]),
    meta('property', 'og:type', 'article'),
    meta('property', 'og:site_name', profile.siteName),
    meta('property', 'og:title', story.headline),
    meta('property', 'og:description', description),
    meta('property', 'og:url', url),
    ...(lead === undefined || leadRendition === undefined || story.leadPhoto === null
      ? images.slice(0, 1).map((image) => meta('property', 'og:image', image))
      : [
          meta(
            'property',
            'og:image',
            absoluteImageUrl(profile, path, context.imageUrl(lead.id, leadRendition.name)),
          ),
          meta('property', 'og:image:width', String(leadRendition.width)),
          meta('property', 'og:image:height', String(leadRendition.height)),
          meta('property', 'og:image:alt', story.leadPhoto.altText),
        ]),
    meta('property', 'article:published_time', published),
    meta('property', 'article:modified_time', modified),
    ...(sectionName === '' ? [] : [meta('property', 'article:section', sectionName)]),
    ...story.keywords.map((keyword) => meta('property', 'article:tag', keyword)),
    meta('name', 'twitter:card', images.length === 0 ? 'summary' : 'summary_large_image'),
    `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`,
  ];
}

/** The headline a page shows; an empty one (a fresh draft in preview) gets a placeholder. */
export function displayHeadline(headline: string): string {
  return headline.trim() === '' ? 'Untitled story' : headline;
}

/**
 * The article page of the portal, as the seed page lays it out: breadcrumb, headline,
 * subheadline, `Updated : YYYY-MM-DD`, source line, byline, dateline, correction note, lead photo,
 * body with captioned figures, and the rail of recent Videos and Photos.
 */
export function renderArticlePage(story: StoryWithBody, context: ArticleContext): string {
  const { profile } = context;
  const updatedAt = story.lastPublishedAt ?? context.now;
  const headline = displayHeadline(story.headline);
  const source = sourceLine(story, profile);
  const metaLines = [
    `<p class="updated">Updated : <time datetime="${escapeHtml(formatIsoInZone(updatedAt, profile.timeZone))}">${escapeHtml(formatDate(updatedAt, profile.timeZone))}</time></p>`,
    source === '' ? '' : `<p class="source">${escapeHtml(source)}</p>`,
    story.byline.trim() === '' ? '' : `<p class="byline">${escapeHtml(story.byline.trim())}</p>`,
    story.dateline.trim() === ''
      ? ''
      : `<p class="dateline">${escapeHtml(story.dateline.trim())}</p>`,
  ].filter((line) => line !== '');
  const correction =
    story.correctionNote.trim() === ''
      ? ''
      : `<aside class="correction" aria-labelledby="correction-title"><h2 id="correction-title">Correction</h2><p>${escapeHtml(story.correctionNote.trim())}</p></aside>`;
  const lead = story.leadPhoto === null ? '' : renderFigure(story.leadPhoto, context);
  const main = [
    renderBreadcrumb(profile, context.path, findSection(profile, story.section)?.id ?? null, true),
    '<article>',
    '<header class="article-header">',
    `<h1>${escapeHtml(headline)}</h1>`,
    story.subheadline.trim() === ''
      ? ''
      : `<p class="subheadline">${escapeHtml(story.subheadline.trim())}</p>`,
    `<div class="article-meta">${metaLines.join('')}</div>`,
    '</header>',
    correction,
    lead,
    `<div class="article-body">\n${renderBody(story.body, context)}\n</div>`,
    '</article>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return renderPage({
    profile,
    path: context.path,
    language: story.language,
    head: {
      title: headline,
      description: describeStory(story),
      canonicalUrl: absoluteUrl(profile, context.path),
      extra: renderHeadExtra(story, context),
    },
    currentSectionId: findSection(profile, story.section)?.id ?? null,
    main,
    rail: renderRail(profile, context.path, context.recent, story.id, context.imageUrl),
  });
}
