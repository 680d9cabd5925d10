import type { ChannelOutput } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import type { StoryWithBody } from '../../shared/story/story';
import { call } from '../api/client';

/** What main reports after writing a story's page: its URL, path and publication times. */
export type PublishOutcome = ChannelOutput<'portal:publish'>;

/**
 * Writes the story's page to the portal through main. Publishing is idempotent at the same URL,
 * so calling it again after a crash between publishing and recording the transition repairs it.
 */
export function publishStory(story: StoryWithBody): Promise<Result<PublishOutcome>> {
  return call('portal:publish', { story });
}

/** Takes the story's page off the portal through main. */
export function unpublishStory(
  storyId: string,
  reason: string,
): Promise<Result<ChannelOutput<'portal:unpublish'>>> {
  return call('portal:unpublish', { storyId, reason });
}
