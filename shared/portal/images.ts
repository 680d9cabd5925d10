import { attribute, type Html, html } from './markup';
import type { PortalPhoto, PortalRendition } from './summary';

/** The URL of a photo file: a library URL in the preview, a site path in the published portal. */
export type ImageUrl = (photoId: string, renditionName: string) => string;

/** How large an image is drawn, for `sizes` and for the width of its `src`. */
export interface ImageLayout {
  /** The rendition width preferred for `src` (browsers without srcset; crawlers). */
  preferredWidth: number;
  /** The largest rendition worth offering in `srcset`. */
  maxWidth: number;
  sizes: string;
  /** Whether the browser may wait until the image nears the viewport. */
  isLazy: boolean;
}

/** A photo in the article column: full column width. */
export const ARTICLE_IMAGE: ImageLayout = {
  preferredWidth: 1024,
  maxWidth: 1600,
  sizes: '(min-width: 860px) 44rem, 100vw',
  isLazy: false,
};

/** A thumbnail in a rail or list. */
export const THUMBNAIL_IMAGE: ImageLayout = {
  preferredWidth: 320,
  maxWidth: 640,
  sizes: '(min-width: 860px) 18rem, 7.5rem',
  isLazy: true,
};

function chooseRenditions(photo: PortalPhoto, layout: ImageLayout): PortalRendition[] {
  const offered = photo.renditions.filter((rendition) => rendition.width <= layout.maxWidth);
  if (offered.length > 0) return offered;
  const smallest = photo.renditions[0];
  return smallest === undefined ? [] : [smallest];
}

/**
 * A responsive `<img>`: `srcset` lists the width renditions, `src` is the preferred one, and
 * width/height are that rendition's so the page does not jump while it loads. A photo with no
 * renditions falls back to its original.
 */
export function renderImage(
  photo: PortalPhoto,
  altText: string,
  layout: ImageLayout,
  imageUrl: ImageUrl,
): Html {
  const renditions = chooseRenditions(photo, layout);
  const preferred =
    renditions.find((rendition) => rendition.width >= layout.preferredWidth) ?? renditions.at(-1);
  if (preferred === undefined) {
    return html`<img src="${imageUrl(photo.id, 'original')}" width="${photo.width}" height="${photo.height}" alt="${altText}">`;
  }
  const srcset = renditions
    .map((rendition) => `${imageUrl(photo.id, rendition.name)} ${rendition.width}w`)
    .join(', ');
  return html`<img src="${imageUrl(photo.id, preferred.name)}" srcset="${srcset}" sizes="${layout.sizes}" width="${preferred.width}" height="${preferred.height}" alt="${altText}"${attribute('loading', layout.isLazy ? 'lazy' : null)}>`;
}
