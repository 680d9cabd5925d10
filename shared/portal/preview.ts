import type { StoryWithBody } from '../story/story';
import { renderArticlePage } from './article';
import type { ImageUrl } from './images';
import { planHome, renderHomePage } from './indexPages';
import { proposeArticlePath } from './paths';
import type { PortalProfile } from './profile';
import {
  type ArticleSummary,
  compareNewestFirst,
  type PortalPhoto,
  summarizeStory,
} from './summary';

/** What the preview knows of the published site (from `portal:context`). */
export interface PreviewContext {
  profile: PortalProfile;
  now: number;
  /** The story's path in the archive, if it was ever published; else one is proposed. */
  archivedPath: string | null;
  /** The stories the home page and rail can show, newest first. */
  recent: readonly ArticleSummary[];
  photos: ReadonlyMap<string, PortalPhoto>;
  imageUrl: ImageUrl;
}

/** Where the previewed story would sit on the home page. */
export type HomePlacement =
  | { kind: 'lead' }
  | { kind: 'latest'; position: number }
  | { kind: 'section'; sectionName: string; position: number }
  | { kind: 'absent' };

/** The preview of a story: its article page, the home page with it, and where it sits there. */
export interface Preview {
  path: string;
  articleHtml: string;
  homeHtml: string;
  placement: HomePlacement;
}

/** A sentence for the preview's status line. */
export function describePlacement(placement: HomePlacement): string {
  switch (placement.kind) {
    case 'lead':
      return 'On the home page, this story would be the lead story.';
    case 'latest':
      return `On the home page, this story would be number ${placement.position} under Latest.`;
    case 'section':
      return `On the home page, this story would be number ${placement.position} under ${placement.sectionName}.`;
    case 'absent':
      return 'Newer stories fill the home page: this story would not be shown there.';
  }
}

/**
 * Renders what publishing this story now would produce: the same article HTML the publisher
 * writes (but for photo URLs), and the home page with the story placed and highlighted.
 */
export function renderPreview(story: StoryWithBody, context: PreviewContext): Preview {
  const { profile, now } = context;
  const path =
    context.archivedPath ??
    story.publishedPath ??
    proposeArticlePath(story, profile, story.firstPublishedAt ?? now);
  const firstPublishedAt = story.firstPublishedAt ?? now;
  const lastPublishedAt = story.lastPublishedAt ?? now;
  const articleHtml = renderArticlePage(story, {
    profile,
    path,
    now,
    photos: context.photos,
    recent: context.recent,
    imageUrl: context.imageUrl,
  });
  const summary = summarizeStory(
    story,
    path,
    { firstPublishedAt, lastPublishedAt },
    context.photos,
  );
  const withStory = [...context.recent.filter((item) => item.storyId !== story.id), summary].sort(
    compareNewestFirst,
  );
  const plan = planHome(profile, withStory);
  const homeHtml = renderHomePage(plan, {
    profile,
    imageUrl: context.imageUrl,
    highlightStoryId: story.id,
    recent: withStory,
  });
  return { path, articleHtml, homeHtml, placement: placeOf(plan, story.id) };
}

function placeOf(plan: ReturnType<typeof planHome>, storyId: string): HomePlacement {
  if (plan.lead?.storyId === storyId) return { kind: 'lead' };
  const latest = plan.latest.findIndex((item) => item.storyId === storyId);
  if (latest >= 0) return { kind: 'latest', position: latest + 1 };
  for (const section of plan.sections) {
    const index = section.items.findIndex((item) => item.storyId === storyId);
    if (index >= 0) return { kind: 'section', sectionName: section.name, position: index + 1 };
  }
  return { kind: 'absent' };
}
