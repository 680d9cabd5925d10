import { OFFLINE_CODE } from '../../shared/api/gateway';
import {
  newsroomChannels,
  type NewsroomChannelName,
  type NewsroomInput,
  type NewsroomOutput,
} from '../../shared/api/newsroom';
import { fail, ok, type Result } from '../../shared/result';
import { call } from '../api/client';

/** Whether a failed call may succeed later unchanged (no network, main out of reach). */
export function isOfflineFailure(error: { code: string }): boolean {
  return error.code === OFFLINE_CODE || error.code === 'unreachable';
}

/**
 * Calls one channel of the newsroom server through main (which adds the session token). The
 * value is checked again here against the channel's output schema: the renderer trusts main no
 * more than main trusts the server. When main cannot be reached the answer is `offline` too.
 */
export async function newsroomCall<K extends NewsroomChannelName>(
  channel: K,
  input: NewsroomInput<K>,
): Promise<Result<NewsroomOutput<K>>> {
  const answer = await call('newsroom:call', { channel, input });
  if (!answer.ok)
    return answer.error.code === 'unreachable' ? fail(OFFLINE_CODE, answer.error.message) : answer;
  const spec = newsroomChannels[channel];
  const parsed = spec.output.safeParse(answer.value);
  if (!parsed.success)
    return fail(
      'unexpected_answer',
      `The newsroom's answer to ${channel} does not match this workstation's contract.`,
    );
  // Checked just above against this very channel's output schema.
  return ok(parsed.data as NewsroomOutput<K>);
}
