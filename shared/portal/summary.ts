import { z } from 'zod';
import type { Photo } from '../media/photo';
import { bodyToPlainText, figurePhotoIds, inlineText } from '../story/body';
import type { StoryWithBody } from '../story/story';

/** A rendition as the portal places it: its name (`w640`), size and file type. */
export const portalRenditionSchema = z.object({
  name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mimeType: z.string().min(1),
});
export type PortalRendition = z.infer<typeof portalRenditionSchema>;

/** What the portal needs of a library photo to place it: its size and its width renditions. */
export const portalPhotoSchema = z.object({
  id: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  renditions: z.array(portalRenditionSchema),
});
export type PortalPhoto = z.infer<typeof portalPhotoSchema>;

/** A published story as index pages, rails, the feed and the sitemap list it. */
export const articleSummarySchema = z.object({
  storyId: z.string().min(1),
  path: z.string().min(1),
  section: z.string(),
  headline: z.string(),
  subheadline: z.string(),
  description: z.string(),
  byline: z.string(),
  keywords: z.array(z.string()),
  language: z.string(),
  firstPublishedAt: z.number(),
  lastPublishedAt: z.number(),
  image: z.object({ photo: portalPhotoSchema, altText: z.string() }).nullable(),
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

const RENDITION_NAME = /^w\d+$/;

/**
 * The portal's view of a library photo: only the width renditions (`w320` …) serve pages, one per
 * actual width (the library gives a small photo several names at its own width; a `srcset` may
 * list each width once).
 */
export function toPortalPhoto(photo: Photo): PortalPhoto {
  const byWidth = new Map<number, PortalRendition>();
  const named = photo.renditions
    .filter((rendition) => RENDITION_NAME.test(rendition.name))
    .sort((left, right) => left.width - right.width || left.name.localeCompare(right.name));
  for (const { name, width, height, mimeType } of named) {
    if (!byWidth.has(width)) byWidth.set(width, { name, width, height, mimeType });
  }
  return {
    id: photo.id,
    width: photo.width,
    height: photo.height,
    renditions: [...byWidth.values()],
  };
}

/** Every photo a story shows: the lead photo first, then the body's figures. */
export function storyPhotoIds(story: StoryWithBody): string[] {
  const lead = story.leadPhoto === null ? [] : [story.leadPhoto.photoId];
  return [...new Set([...lead, ...figurePhotoIds(story.body)])];
}

const DESCRIPTION_LENGTH = 200;

/** The summary, or else the opening of the body cut at a word, for listings and meta tags. */
export function describeStory(story: StoryWithBody): string {
  if (story.summary.trim() !== '') return story.summary.trim();
  const firstParagraph = story.body.find(
    (block) => block.type === 'paragraph' && inlineText(block.children).trim() !== '',
  );
  const text = (
    firstParagraph === undefined ? bodyToPlainText(story.body) : bodyToPlainText([firstParagraph])
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= DESCRIPTION_LENGTH) return text;
  const cut = text.slice(0, DESCRIPTION_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 100 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * The summary a listing shows of a story: its thumbnail is the lead photo, else the first figure.
 * `photos` holds the portal view of each photo the story uses.
 */
export function summarizeStory(
  story: StoryWithBody,
  path: string,
  times: { firstPublishedAt: number; lastPublishedAt: number },
  photos: ReadonlyMap<string, PortalPhoto>,
): ArticleSummary {
  const firstFigure = story.body.find((block) => block.type === 'figure');
  const imageRef =
    story.leadPhoto !== null
      ? { photoId: story.leadPhoto.photoId, altText: story.leadPhoto.altText }
      : firstFigure?.type === 'figure'
        ? { photoId: firstFigure.photoId, altText: firstFigure.altText }
        : null;
  const photo = imageRef === null ? undefined : photos.get(imageRef.photoId);
  return {
    storyId: story.id,
    path,
    section: story.section,
    headline: story.headline,
    subheadline: story.subheadline,
    description: describeStory(story),
    byline: story.byline,
    keywords: story.keywords,
    language: story.language,
    firstPublishedAt: times.firstPublishedAt,
    lastPublishedAt: times.lastPublishedAt,
    image: imageRef === null || photo === undefined ? null : { photo, altText: imageRef.altText },
  };
}

/** Newest first by first publication (a correction does not move a story up), then by id. */
export function compareNewestFirst(left: ArticleSummary, right: ArticleSummary): number {
  if (left.firstPublishedAt !== right.firstPublishedAt)
    return right.firstPublishedAt - left.firstPublishedAt;
  return left.storyId < right.storyId ? 1 : left.storyId > right.storyId ? -1 : 0;
}

/** Whether a story belongs on a section's pages: its own section or one of its sub-sections. */
export function isInSection(summary: Pick<ArticleSummary, 'section'>, sectionId: string): boolean {
  return summary.section === sectionId || summary.section.startsWith(`${sectionId}/`);
}
