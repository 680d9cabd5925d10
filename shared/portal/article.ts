import { assertNever } from '../result';
import { type BlockElement, type BodyText, type InlineNode, isAllowedUrl } from '../story/body';
import type { PhotoRef, StoryWithBody } from '../story/story';
import { type Html, html, type HtmlValue, joinHtml, jsonScript } from './markup';
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

const LINE_BREAK = html`<br>`;

function renderText(leaf: BodyText): HtmlValue {
  let text: HtmlValue = leaf.text.includes('\n')
    ? joinHtml(leaf.text.split('\n'), LINE_BREAK)
    : leaf.text;
  if (leaf.bold) text = html`<strong>${text}</strong>`;
  if (leaf.italic) text = html`<em>${text}</em>`;
  if (leaf.underline) text = html`<u>${text}</u>`;
  if (leaf.strikethrough) text = html`<s>${text}</s>`;
  return text;
}

function renderInline(nodes: readonly InlineNode[]): HtmlValue[] {
  return nodes.map((node) => {
    if (!('type' in node)) return renderText(node);
    const text = node.children.map(renderText);
    // A link whose URL is not allow-listed keeps its words and loses the link.
    return isAllowedUrl(node.url) ? html`<a href="${node.url}">${text}</a>` : text;
  });
}

function hasText(nodes: readonly InlineNode[]): boolean {
  return nodes.some((node) => ('type' in node ? hasText(node.children) : node.text.trim() !== ''));
}

function renderFigure(
  ref: Pick<PhotoRef, 'photoId' | 'caption' | 'credit' | 'altText'>,
  context: ArticleContext,
): Html | null {
  const photo = context.photos.get(ref.photoId);
  const image =
    photo === undefined ? null : renderImage(photo, ref.altText, ARTICLE_IMAGE, context.imageUrl);
  const caption = ref.caption.trim();
  const credit = ref.credit.trim();
  const figcaption =
    (caption !== '' || credit !== '') &&
    html`<figcaption>${joinHtml([caption !== '' && caption, credit !== '' && html`<span class="credit">${credit}</span>`], ' ')}</figcaption>`;
  if (image === null && figcaption === false) return null;
  return html`<figure>${image}${figcaption}</figure>`;
}

function renderList(tag: 'ul' | 'ol', items: Html[]): Html | null {
  if (items.length === 0) return null;
  return tag === 'ul' ? html`<ul>${items}</ul>` : html`<ol>${items}</ol>`;
}

function renderBlock(block: BlockElement, context: ArticleContext): Html | null {
  switch (block.type) {
    case 'paragraph':
      return hasText(block.children) ? html`<p>${renderInline(block.children)}</p>` : null;
    case 'heading': {
      if (!hasText(block.children)) return null;
      const inline = renderInline(block.children);
      return block.level === 2 ? html`<h2>${inline}</h2>` : html`<h3>${inline}</h3>`;
    }
    case 'block-quote':
      return hasText(block.children)
        ? html`<blockquote><p>${renderInline(block.children)}</p></blockquote>`
        : null;
    case 'bulleted-list':
    case 'numbered-list':
      return renderList(
        block.type === 'bulleted-list' ? 'ul' : 'ol',
        block.children
          .filter((item) => hasText(item.children))
          .map((item) => html`<li>${renderInline(item.children)}</li>`),
      );
    case 'figure':
      return renderFigure(block, context);
    default:
      return assertNever(block);
  }
}

/** The body of a story as HTML: every text escaped, only allow-listed links kept. */
export function renderBody(body: readonly BlockElement[], context: ArticleContext): Html {
  const blocks: Html[] = [];
  for (const block of body) {
    const rendered = renderBlock(block, context);
    if (rendered !== null) blocks.push(rendered);
  }
  return joinHtml(blocks, '\n');
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

function renderHeadExtra(story: StoryWithBody, context: ArticleContext): Html[] {
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
  function meta(kind: 'name' | 'property', key: string, content: string): Html {
    return kind === 'name'
      ? html`<meta name="${key}" content="${content}">`
      : html`<meta property="${key}" content="${content}">`;
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
    jsonScript(jsonLd),
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
  const byline = story.byline.trim();
  const dateline = story.dateline.trim();
  const subheadline = story.subheadline.trim();
  const correctionNote = story.correctionNote.trim();
  const metaLines = [
    html`<p class="updated">Updated : <time datetime="${formatIsoInZone(updatedAt, profile.timeZone)}">${formatDate(updatedAt, profile.timeZone)}</time></p>`,
    source !== '' && html`<p class="source">${source}</p>`,
    byline !== '' && html`<p class="byline">${byline}</p>`,
    dateline !== '' && html`<p class="dateline">${dateline}</p>`,
  ];
  const main = joinHtml(
    [
      renderBreadcrumb(
        profile,
        context.path,
        findSection(profile, story.section)?.id ?? null,
        true,
      ),
      html`<article>`,
      html`<header class="article-header">`,
      html`<h1>${headline}</h1>`,
      subheadline !== '' && html`<p class="subheadline">${subheadline}</p>`,
      html`<div class="article-meta">${metaLines}</div>`,
      html`</header>`,
      correctionNote !== '' &&
        html`<aside class="correction" aria-labelledby="correction-title"><h2 id="correction-title">Correction</h2><p>${correctionNote}</p></aside>`,
      story.leadPhoto !== null && renderFigure(story.leadPhoto, context),
      html`<div class="article-body">\n${renderBody(story.body, context)}\n</div>`,
      html`</article>`,
    ],
    '\n',
  );
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
