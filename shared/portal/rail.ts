import { type Html, html, joinHtml } from './markup';
import { THUMBNAIL_IMAGE, type ImageUrl, renderImage } from './images';
import { relativeHref, sectionIndexPath } from './paths';
import { findSection, type PortalProfile } from './profile';
import { type ArticleSummary, isInSection } from './summary';

/** How many items each rail section shows. */
export const RAIL_ITEMS_PER_SECTION = 4;

/** The rail's items per rail section (newest first), leaving out the page's own story. */
export function railItems(
  profile: PortalProfile,
  recent: readonly ArticleSummary[],
  excludeStoryId: string | null,
): Array<{ sectionId: string; name: string; items: ArticleSummary[] }> {
  return profile.railSectionIds.flatMap((sectionId) => {
    const section = findSection(profile, sectionId);
    if (section === undefined) return [];
    const items = recent
      .filter((summary) => summary.storyId !== excludeStoryId && isInSection(summary, sectionId))
      .slice(0, RAIL_ITEMS_PER_SECTION);
    return items.length === 0 ? [] : [{ sectionId, name: section.name, items }];
  });
}

/**
 * The few stories any article's rail can show: the newest of each rail section, one spare so an
 * article may leave itself out. Rendering many articles against this pool instead of the whole
 * archive gives the same rails at a fraction of the work.
 */
export function railPool(
  profile: PortalProfile,
  newestFirst: readonly ArticleSummary[],
): ArticleSummary[] {
  const wanted = new Set(
    profile.railSectionIds.flatMap((sectionId) =>
      newestFirst
        .filter((summary) => isInSection(summary, sectionId))
        .slice(0, RAIL_ITEMS_PER_SECTION + 1)
        .map((summary) => summary.storyId),
    ),
  );
  return newestFirst.filter((summary) => wanted.has(summary.storyId));
}

/** The rail of recent Videos and Photos items with thumbnails and captions; empty if none. */
export function renderRail(
  profile: PortalProfile,
  path: string,
  recent: readonly ArticleSummary[],
  excludeStoryId: string | null,
  imageUrl: ImageUrl,
): Html | null {
  const groups = railItems(profile, recent, excludeStoryId);
  if (groups.length === 0) return null;
  const sections = groups.map(({ sectionId, name, items }) => {
    const headingId = `rail-${sectionId.replace(/[^a-z0-9]+/g, '-')}`;
    const list = items.map((item) => {
      const image =
        item.image !== null && renderImage(item.image.photo, '', THUMBNAIL_IMAGE, imageUrl);
      return html`<li><a href="${relativeHref(path, item.path)}">${image}<span>${item.headline}</span></a></li>`;
    });
    return html`<section aria-labelledby="${headingId}"><h2 id="${headingId}"><a href="${relativeHref(path, sectionIndexPath(sectionId))}">${name}</a></h2><ul>${list}</ul></section>`;
  });
  const label = `Recent ${groups.map((group) => group.name).join(' and ')}`;
  return html`<aside class="rail" aria-label="${label}">\n${joinHtml(sections, '\n')}\n</aside>`;
}
