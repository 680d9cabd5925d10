import type { ChannelOutput } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import type { StoryWithBody } from '../../shared/story/story';
import type { TransitionInput } from '../../shared/workflow/decide';
import type { PublishingAction } from '../../shared/workflow/transitions';
import { call } from '../api/client';

/** What main reports after writing a story's page: its URL, path and publication times. */
export type PublishOutcome = ChannelOutput<'portal:publish'>;

/**
 * Asks main to take a publishing action on the story as it is now: main decides it again itself
 * (its own role setting, the state, the publish gate) and writes the page at the path it derives.
 * Publishing is idempotent at the same URL, so calling it again after a crash between publishing
 * and recording the transition repairs it.
 */
export function publishStory(
  story: StoryWithBody,
  action: PublishingAction,
  input: TransitionInput,
): Promise<Result<PublishOutcome>> {
  return call('portal:publish', { story, action, input });
}

/** Asks main to take the story (as it is now) off the portal; main decides it again itself. */
export function unpublishStory(
  story: StoryWithBody,
  reason: string,
): Promise<Result<ChannelOutput<'portal:unpublish'>>> {
  return call('portal:unpublish', { story, reason });
}
