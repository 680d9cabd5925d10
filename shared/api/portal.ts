import { z } from 'zod';
import { articleSummarySchema, portalPhotoSchema } from '../portal/summary';
import { storyWithBodySchema } from '../story/schema';
import { transitionInputSchema } from '../workflow/decide';
import { PUBLISHING_ACTIONS } from '../workflow/transitions';
import { channel } from './channel';

/** What a publish did: where the story is, what was written, how long it took. */
export const publishOutcomeSchema = z.object({
  /** The story's public URL on the portal (profile base URL + path). */
  url: z.string(),
  /** The story's site path, fixed at first publication. */
  path: z.string(),
  /** The file readers get on this computer: `<publish folder>/current/<path>`. */
  localFile: z.string(),
  /** Site paths of the pages written (article, section pages, home, feed, sitemap). */
  pagesWritten: z.array(z.string()),
  /** Site paths of the photo files copied in. */
  filesCopied: z.array(z.string()),
  durationMs: z.number().min(0),
  firstPublishedAt: z.number(),
  lastPublishedAt: z.number(),
  /** True when the story was already on the site: a correction at the same URL. */
  isCorrection: z.boolean(),
});
export type PublishOutcome = z.infer<typeof publishOutcomeSchema>;

/** What an unpublish did. */
export const unpublishOutcomeSchema = z.object({
  path: z.string(),
  pagesWritten: z.array(z.string()),
  pagesRemoved: z.array(z.string()),
  durationMs: z.number().min(0),
});
export type UnpublishOutcome = z.infer<typeof unpublishOutcomeSchema>;

/** What a rebuild of the whole site from the archive did. */
export const rebuildOutcomeSchema = z.object({
  storyCount: z.number().int().min(0),
  pageCount: z.number().int().min(0),
  siteFolder: z.string(),
  durationMs: z.number().min(0),
});
export type RebuildOutcome = z.infer<typeof rebuildOutcomeSchema>;

/** What the preview needs of the published site to show a story as publishing would. */
export const portalContextSchema = z.object({
  /** The story's path if it was ever published (the URL it keeps), else null. */
  archivedPath: z.string().nullable(),
  firstPublishedAt: z.number().nullable(),
  /** The published stories the home page and the rail can show, newest first. */
  recent: z.array(articleSummarySchema),
  /** The portal view of the requested photos that are in the library. */
  photos: z.array(portalPhotoSchema),
});
export type PortalContext = z.infer<typeof portalContextSchema>;

/**
 * Portal channels: publishing, unpublishing, rebuilding, and what the preview reads. Publish and
 * unpublish carry the story as it is NOW plus the action and its input: main decides the
 * transition itself (role from its own settings, state, the publish gate) and derives every path.
 */
export const portalChannels = {
  'portal:publish': channel(
    z.object({
      story: storyWithBodySchema,
      action: z.enum(PUBLISHING_ACTIONS),
      input: transitionInputSchema,
    }),
    publishOutcomeSchema,
  ),
  'portal:unpublish': channel(
    z.object({ story: storyWithBodySchema, reason: z.string().max(2000) }),
    unpublishOutcomeSchema,
  ),
  'portal:rebuild': channel(z.undefined(), rebuildOutcomeSchema),
  'portal:context': channel(
    z.object({ storyId: z.string().min(1), photoIds: z.array(z.string().min(1)).max(500) }),
    portalContextSchema,
  ),
};
