import { displayHeadline } from './article';
import { type Html, html, joinHtml } from './markup';
import { ARTICLE_IMAGE, THUMBNAIL_IMAGE, type ImageUrl, renderImage } from './images';
import { renderBreadcrumb, renderPage } from './layout';
import { absoluteUrl, HOME_PATH, relativeHref, sectionIndexPath, sectionPagePath } from './paths';
import { findSection, type PortalProfile } from './profile';
import { RAIL_ITEMS_PER_SECTION, railItems, renderRail } from './rail';
import { type ArticleSummary, isInSection } from './summary';
import { formatDate, formatIsoInZone } from './time';

/** One page of a section's listing: its path, its stories (newest first) and its neighbours. */
export interface SectionPagePlan {
  sectionId: string;
  path: string;
  /** Null for the section's front page, else the archive page number (1 is the oldest). */
  pageNumber: number | null;
  items: ArticleSummary[];
  newerPath: string | null;
  olderPath: string | null;
}

/**
 * Lays out a section's listing. The front page (`index.html`) shows the newest stories; archive
 * pages are numbered from the oldest story, so publishing a new story changes only the front page
 * and the newest archive page or two, not every page of a big section.
 */
export function planSectionPages(
  sectionId: string,
  newestFirst: readonly ArticleSummary[],
  perPage: number,
): SectionPagePlan[] {
  const oldestFirst = newestFirst.filter((item) => isInSection(item, sectionId)).reverse();
  const count = oldestFirst.length;
  const pageCount = Math.ceil(count / perPage);
  const frontItems = oldestFirst.slice(Math.max(0, count - perPage)).reverse();
  const olderThanFront = count - perPage - 1;
  const front: SectionPagePlan = {
    sectionId,
    path: sectionIndexPath(sectionId),
    pageNumber: null,
    items: frontItems,
    newerPath: null,
    olderPath:
      olderThanFront < 0
        ? null
        : sectionPagePath(sectionId, Math.floor(olderThanFront / perPage) + 1),
  };
  const archive = Array.from({ length: pageCount > 1 ? pageCount : 0 }, (_, index) => {
    const pageNumber = index + 1;
    return {
      sectionId,
      path: sectionPagePath(sectionId, pageNumber),
      pageNumber,
      items: oldestFirst.slice(index * perPage, pageNumber * perPage).reverse(),
      newerPath:
        pageNumber === pageCount
          ? sectionIndexPath(sectionId)
          : sectionPagePath(sectionId, pageNumber + 1),
      olderPath: pageNumber === 1 ? null : sectionPagePath(sectionId, pageNumber - 1),
    } satisfies SectionPagePlan;
  });
  return [front, ...archive];
}

/** Everything besides the listed stories that an index page is made from. */
export interface IndexContext {
  profile: PortalProfile;
  imageUrl: ImageUrl;
  /** The story a preview highlights (`Your story`), or null when publishing. */
  highlightStoryId: string | null;
}

function dateLine(profile: PortalProfile, item: ArticleSummary): Html {
  return html`<p class="date"><time datetime="${formatIsoInZone(item.lastPublishedAt, profile.timeZone)}">${formatDate(item.lastPublishedAt, profile.timeZone)}</time></p>`;
}

const HIGHLIGHT = {
  className: html` class="preview-highlight"`,
  badge: html`<p class="preview-badge">Your story</p>`,
};

function highlight(
  context: IndexContext,
  item: ArticleSummary,
): { className: Html | null; badge: Html | null } {
  return context.highlightStoryId === item.storyId ? HIGHLIGHT : { className: null, badge: null };
}

function renderStoryList(
  items: readonly ArticleSummary[],
  path: string,
  headingLevel: 2 | 3,
  context: IndexContext,
): Html {
  const entries = items.map((item) => {
    const { className, badge } = highlight(context, item);
    const thumb =
      item.image !== null &&
      html`<div class="thumb">${renderImage(item.image.photo, '', THUMBNAIL_IMAGE, context.imageUrl)}</div>`;
    const description = item.description !== '' && html`<p>${item.description}</p>`;
    const link = html`<a href="${relativeHref(path, item.path)}">${displayHeadline(item.headline)}</a>`;
    const heading = headingLevel === 2 ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`;
    return html`<li${className}>${thumb}<div>${badge}${heading}${description}${dateLine(context.profile, item)}</div></li>`;
  });
  return html`<ul class="story-list">\n${joinHtml(entries, '\n')}\n</ul>`;
}

/** A page of a section's listing, with `Newer stories` / `Older stories` links. */
export function renderSectionPage(plan: SectionPagePlan, context: IndexContext): string {
  const { profile } = context;
  const section = findSection(profile, plan.sectionId);
  const name = section?.name ?? plan.sectionId;
  const title = plan.pageNumber === null ? name : `${name}: page ${plan.pageNumber}`;
  const hasLinks = plan.newerPath !== null || plan.olderPath !== null;
  const main = joinHtml(
    [
      renderBreadcrumb(profile, plan.path, section?.id ?? null, plan.pageNumber !== null),
      html`<h1>${title}</h1>`,
      plan.items.length === 0
        ? html`<p>No stories have been published in this section yet.</p>`
        : renderStoryList(plan.items, plan.path, 2, context),
      hasLinks &&
        html`<nav class="pagination" aria-label="Pages"><ul>${plan.newerPath !== null && html`<li><a href="${relativeHref(plan.path, plan.newerPath)}" rel="prev">Newer stories</a></li>`}${plan.olderPath !== null && html`<li><a href="${relativeHref(plan.path, plan.olderPath)}" rel="next">Older stories</a></li>`}</ul></nav>`,
    ],
    '\n',
  );
  return renderPage({
    profile,
    path: plan.path,
    language: profile.language,
    head: {
      title,
      description: `${name} from ${profile.siteName}`,
      canonicalUrl: absoluteUrl(profile, plan.path),
      extra: [],
    },
    currentSectionId: section?.id ?? null,
    main,
    rail: null,
  });
}

/** How many stories the home page lists under `Latest`, and under each section. */
export const HOME_LATEST_COUNT = 10;
/** How many stories each section block on the home page lists. */
export const HOME_SECTION_COUNT = 5;

/** Where each story sits on the home page. */
export interface HomePlan {
  lead: ArticleSummary | null;
  latest: ArticleSummary[];
  sections: Array<{ sectionId: string; name: string; items: ArticleSummary[] }>;
}

/** Lays out the home page from the published stories, newest first. */
export function planHome(profile: PortalProfile, newestFirst: readonly ArticleSummary[]): HomePlan {
  return {
    lead: newestFirst[0] ?? null,
    latest: newestFirst.slice(1, 1 + HOME_LATEST_COUNT),
    sections: profile.sections.flatMap((section) => {
      const items = newestFirst
        .filter((item) => isInSection(item, section.id))
        .slice(0, HOME_SECTION_COUNT);
      return items.length === 0 ? [] : [{ sectionId: section.id, name: section.name, items }];
    }),
  };
}

/**
 * The few stories the home page and the rail can show: all a preview needs to lay out the home
 * page exactly as publishing would (plus the previewed story itself).
 */
export function homeCandidates(
  profile: PortalProfile,
  newestFirst: readonly ArticleSummary[],
): ArticleSummary[] {
  const plan = planHome(profile, newestFirst);
  const rail = railItems(profile, newestFirst, null).flatMap((group) => group.items);
  const wanted = new Set(
    [
      ...(plan.lead === null ? [] : [plan.lead]),
      ...plan.latest,
      ...plan.sections.flatMap((section) => section.items),
      ...rail,
    ].map((item) => item.storyId),
  );
  // One more per section and rail, so a story the preview adds can push another out correctly.
  const spare = [
    ...profile.sections.map((section) => section.id),
    ...profile.railSectionIds,
  ].flatMap((sectionId) =>
    newestFirst
      .filter((item) => isInSection(item, sectionId))
      .slice(0, Math.max(HOME_SECTION_COUNT, RAIL_ITEMS_PER_SECTION) + 1),
  );
  for (const item of [...newestFirst.slice(0, HOME_LATEST_COUNT + 2), ...spare])
    wanted.add(item.storyId);
  return newestFirst.filter((item) => wanted.has(item.storyId));
}

/** The home page: the lead story, the latest stories, a block per section, and the rail. */
export function renderHomePage(
  plan: HomePlan,
  context: IndexContext & { recent: readonly ArticleSummary[] },
): string {
  const { profile } = context;
  const path = HOME_PATH;
  const parts: Html[] = [html`<h1>${profile.siteName} news</h1>`];
  if (plan.lead === null) parts.push(html`<p>No stories have been published yet.</p>`);
  else {
    const lead = plan.lead;
    const { className, badge } = highlight(context, lead);
    const image =
      lead.image !== null &&
      renderImage(lead.image.photo, lead.image.altText, ARTICLE_IMAGE, context.imageUrl);
    const description = lead.description !== '' && html`<p>${lead.description}</p>`;
    parts.push(
      html`<section class="lead-story" aria-labelledby="lead-story"><div${className}>${image}${badge}<h2 id="lead-story"><a href="${relativeHref(path, lead.path)}">${displayHeadline(lead.headline)}</a></h2>${description}${dateLine(profile, lead)}</div></section>`,
    );
  }
  if (plan.latest.length > 0) {
    parts.push(
      html`<section aria-labelledby="latest"><h2 id="latest">Latest</h2>\n${renderStoryList(plan.latest, path, 3, context)}\n</section>`,
    );
  }
  for (const block of plan.sections) {
    const headingId = `section-${block.sectionId.replace(/[^a-z0-9]+/g, '-')}`;
    const items = block.items.map((item) => {
      const { className, badge } = highlight(context, item);
      return html`<li${className}>${badge}<a href="${relativeHref(path, item.path)}">${displayHeadline(item.headline)}</a></li>`;
    });
    parts.push(
      html`<section class="section-block" aria-labelledby="${headingId}"><h2 id="${headingId}"><a href="${relativeHref(path, sectionIndexPath(block.sectionId))}">${block.name}</a></h2><ul>${items}</ul></section>`,
    );
  }
  return renderPage({
    profile,
    path,
    language: profile.language,
    head: {
      title: profile.sourceLine,
      description: `News from ${profile.siteName}, presented by ${profile.sourceLine}`,
      canonicalUrl: absoluteUrl(profile, ''),
      extra: [],
    },
    currentSectionId: null,
    main: joinHtml(parts, '\n'),
    rail: renderRail(profile, path, context.recent, null, context.imageUrl),
  });
}
