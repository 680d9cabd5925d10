import { randomBytes } from 'node:crypto';
import type { UploadedStory } from '../../../shared/api/newsroom';
import { uuidv7 } from '../../../shared/ids';
import type { Body } from '../../../shared/story/body';
import { blankStoryFields } from '../../../shared/story/story';
import { stateOfBody } from '../../../server/stories/storyBody';

/**
 * A complete story as a workstation uploads it with `stories:upload` (an editor's keeps its
 * state): what tests that drive a server process use to put a story with a body on it.
 */
export function uploadedStory(options: {
  headline: string;
  slug: string;
  section?: string;
  state?: 'draft' | 'approved';
  body?: Body;
  at?: number;
}): UploadedStory {
  const at = options.at ?? Date.now();
  const body: Body = options.body ?? [
    { type: 'paragraph', children: [{ text: `${options.headline}, the city of Wuxi said.` }] },
  ];
  return {
    story: {
      ...blankStoryFields({
        headline: options.headline,
        slug: options.slug,
        byline: 'Li Wei',
        section: options.section ?? 'news',
      }),
      id: uuidv7(at, randomBytes(10)),
      state: options.state ?? 'approved',
      stateBeforeSpike: null,
      scheduledAt: null,
      publishedPath: null,
      correctionNote: '',
      createdBy: 'Li Wei',
      createdAt: at,
      updatedAt: at,
      firstPublishedAt: null,
      lastPublishedAt: null,
      wordCount: 8,
    },
    bodyState: Buffer.from(stateOfBody(body)).toString('base64'),
    trail: [],
    notes: [],
    versions: [],
  };
}
