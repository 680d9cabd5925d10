import path from 'node:path';
import type { PhotoSource } from '../../../main/services/portal/photoFiles';
import { createPublisher, type Publisher } from '../../../main/services/portal/publisher';
import { DEFAULT_PORTAL_PROFILE, type PortalProfile } from '../../../shared/portal/profile';
import type { StoryWithBody } from '../../../shared/story/story';

/** A publisher over `<data dir>/archive` and (by default) `<data dir>/portal`, as a workstation opens one. */
export function openTestPublisher(
  dataDir: string,
  photos: PhotoSource,
  options: { siteFolder?: string; profile?: PortalProfile; now?: () => number } = {},
): Publisher {
  return createPublisher({
    archiveDirectory: path.join(dataDir, 'archive'),
    siteFolder: () => options.siteFolder ?? path.join(dataDir, 'portal'),
    profile: () => options.profile ?? DEFAULT_PORTAL_PROFILE,
    photos,
    now: options.now ?? Date.now,
  });
}

/** A photo source with no photos, for stories without any. */
export const NO_PHOTOS: PhotoSource = {
  getPhoto: async () => null,
  resolveFile: async () => null,
};

/** Publishes a story for the first time as an editor would: approved, then `publish`. */
export function publishAsEditor(publisher: Publisher, story: StoryWithBody) {
  return publisher.publish({
    story: { ...story, state: 'approved' },
    action: 'publish',
    input: {},
    role: 'editor',
  });
}

/** Republishes a published story with a correction note, as an editor would. */
export function correctAsEditor(
  publisher: Publisher,
  story: StoryWithBody,
  correctionNote: string,
) {
  return publisher.publish({
    story: { ...story, state: 'published' },
    action: 'publishCorrection',
    input: { correctionNote },
    role: 'editor',
  });
}

/** Takes a published story down as an editor would. */
export function unpublishAsEditor(publisher: Publisher, story: StoryWithBody, reason: string) {
  return publisher.unpublish({ story: { ...story, state: 'published' }, reason, role: 'editor' });
}

/** The answer of a transition the workflow rules refuse: the action's label and every reason. */
export function refusedWith(label: string, details: string[]) {
  return { ok: false, error: { code: 'refused', message: `${label} was refused.`, details } };
}
