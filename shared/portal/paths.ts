import { isValidSlug, SLUG_PATTERN, slugify } from '../text/slug';
import { type PortalProfile, SECTION_ID_PATTERN } from './profile';
import { formatDate } from './time';

/** The site path of the home page. */
export const HOME_PATH = 'index.html';
/** The site path of the RSS feed. */
export const FEED_PATH = 'feed.xml';
/** The site path of the sitemap. */
export const SITEMAP_PATH = 'sitemap.xml';

/** The site path of a section's front page (the newest stories). */
export function sectionIndexPath(sectionId: string): string {
  return `${sectionId}/index.html`;
}

/** The site path of a section's archive page; pages are numbered from the oldest, so they rarely change. */
export function sectionPagePath(sectionId: string, page: number): string {
  return `${sectionId}/page-${page}.html`;
}

/** The site path of a photo rendition copied next to the pages. */
export function mediaPath(photoId: string, renditionName: string, mimeType: string): string {
  return `media/${photoId}/${renditionName}.${extensionFor(mimeType)}`;
}

function extensionFor(mimeType: string): string {
  switch (mimeType) {
    case 'image/webp':
      return 'webp';
    case 'image/png':
      return 'png';
    case 'image/avif':
      return 'avif';
    default:
      return 'jpg';
  }
}

/** The slug a story's URL is made from: its slugline if valid, else its headline, else `story`. */
export function storyUrlSlug(story: { slug: string; headline: string }): string {
  if (isValidSlug(story.slug)) return story.slug;
  const fromHeadline = slugify(story.headline);
  return fromHeadline === '' ? 'story' : fromHeadline;
}

/**
 * The path a story would get if first published at `at`: `<section>/<YYYY>/<MM>/<DD>/<slug>.html`,
 * the date in the portal's time zone. `isTaken` lets the publisher avoid another story's path by
 * adding `-2`, `-3`, ...
 */
export function proposeArticlePath(
  story: { slug: string; headline: string; section: string },
  profile: PortalProfile,
  at: number,
  isTaken: (path: string) => boolean = () => false,
): string {
  const [year, month, day] = formatDate(at, profile.timeZone).split('-');
  const base = `${story.section}/${year}/${month}/${day}/${storyUrlSlug(story)}`;
  let candidate = `${base}.html`;
  for (let suffix = 2; isTaken(candidate); suffix += 1) candidate = `${base}-${suffix}.html`;
  return candidate;
}

const SLUG_SOURCE = SLUG_PATTERN.source.replace(/^\^|\$$/g, '');
const ARTICLE_PATH_PATTERN = new RegExp(
  `^${SECTION_ID_PATTERN.source.replace(/^\^|\$$/g, '')}/\\d{4}/\\d{2}/\\d{2}/${SLUG_SOURCE}\\.html$`,
);

/**
 * Whether a site path has the form every article path has: `<section id>/YYYY/MM/DD/<slug>.html`,
 * nothing but lower-case letters, digits, hyphens and those slashes. No such path can name a
 * scheme, a query, a fragment, a section page or a photo file.
 */
export function isArticlePath(sitePath: string): boolean {
  return ARTICLE_PATH_PATTERN.test(sitePath);
}

const PLAIN_PATH = /^[A-Za-z0-9._~/-]*$/;

/**
 * A site path as a URL path: each segment percent-encoded, so no path or section id can become a
 * scheme (`javascript:…`), a query or a fragment in a link.
 */
export function encodeSitePath(path: string): string {
  return PLAIN_PATH.test(path) ? path : path.split('/').map(encodeURIComponent).join('/');
}

/** A link from one page of the site to another, relative so the site works from any folder. */
export function relativeHref(fromPath: string, toPath: string): string {
  const depth = fromPath.split('/').length - 1;
  return `${'../'.repeat(depth)}${encodeSitePath(toPath)}`;
}

/** The public URL of a site path on the portal. */
export function absoluteUrl(profile: PortalProfile, path: string): string {
  return `${profile.baseUrl.replace(/\/+$/, '')}/${encodeSitePath(path)}`;
}

/**
 * Makes an image URL absolute for Open Graph and JSON-LD: absolute URLs stay, root-relative ones
 * join the portal's origin, page-relative ones resolve against the page.
 */
export function absoluteImageUrl(profile: PortalProfile, pagePath: string, url: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return url;
  const base = profile.baseUrl.replace(/\/+$/, '');
  if (url.startsWith('/')) return `${base.replace(/^(https?:\/\/[^/]+).*$/, '$1')}${url}`;
  const segments = pagePath.split('/').slice(0, -1);
  for (const part of url.split('/')) {
    if (part === '..') segments.pop();
    else if (part !== '.') segments.push(part);
  }
  return `${base}/${segments.join('/')}`;
}
