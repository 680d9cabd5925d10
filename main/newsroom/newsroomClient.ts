import { z } from 'zod';
import { OFFLINE_CODE } from '../../shared/api/gateway';
import {
  NEWSROOM_PATHS,
  newsroomChannels,
  newsroomErrorSchema,
  type NewsroomChannelName,
  type NewsroomInput,
  type NewsroomOutput,
} from '../../shared/api/newsroom';
import { fail, ok, type Result } from '../../shared/result';

/** The largest answer read from the server (a `stories:changes` page, a story body as base64). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** How long one call may take before the server counts as unreachable. */
const CALL_TIMEOUT_MS = 30_000;

/** Why an answer could not be used: too big, not JSON, or outside the contract. */
class UnusableAnswer extends Error {}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
}

/** Reads a response body as text, refusing (and cancelling) past `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new UnusableAnswer(`The server's answer is larger than ${limit} bytes.`);
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new UnusableAnswer(`The server's answer is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const answerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: newsroomErrorSchema }),
]);

/** A call's outcome: the value, or a refusal (the server's code and reasons as `details`). */
export type NewsroomCallResult<T> = Result<T>;

/** The newsroom API as main calls it: one typed function for every channel. */
export interface NewsroomClient {
  /** The server's origin. */
  readonly serverUrl: string;
  call<K extends NewsroomChannelName>(
    channel: K,
    input: NewsroomInput<K>,
    token: string | null,
  ): Promise<NewsroomCallResult<NewsroomOutput<K>>>;
  /** Like `call`, for a channel named at run time (the renderer's pass-through). */
  callUnchecked(
    channel: NewsroomChannelName,
    input: unknown,
    token: string | null,
  ): Promise<Result<unknown>>;
}

/**
 * The typed client of one newsroom server: every input validated against `shared/api/newsroom.ts`
 * before it leaves, every answer validated against the channel's output schema (a server of a
 * different build that answers outside the contract is refused, not trusted), answers capped in
 * size while read. A server that cannot be reached answers `offline`.
 */
export function createNewsroomClient(
  serverUrl: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): NewsroomClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;

  async function callUnchecked(
    channel: NewsroomChannelName,
    input: unknown,
    token: string | null,
  ): Promise<Result<unknown>> {
    const spec = newsroomChannels[channel];
    const parsedInput = spec.input.safeParse(input);
    if (!parsedInput.success)
      return fail(
        'invalid_input',
        'The request was refused: some values are not valid.',
        describeIssues(parsedInput.error),
      );
    let response: Response;
    try {
      response = await doFetch(`${serverUrl}${NEWSROOM_PATHS.api}${channel}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(parsedInput.data),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const why = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return fail(
        OFFLINE_CODE,
        `The newsroom server at ${serverUrl} cannot be reached (${why instanceof Error ? why.message : String(why)}).`,
      );
    }
    let answer: z.infer<typeof answerSchema>;
    try {
      const text = await readCapped(response, MAX_ANSWER_BYTES);
      const parsed = answerSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new UnusableAnswer(describeIssues(parsed.error).join('; '));
      answer = parsed.data;
    } catch (error) {
      // A proxy's error page, a cut connection, or a server that is not a newsroom server.
      if (
        response.status >= 500 ||
        !(error instanceof UnusableAnswer || error instanceof SyntaxError)
      )
        return fail(
          OFFLINE_CODE,
          `The newsroom server at ${serverUrl} did not answer properly (HTTP ${response.status}).`,
        );
      return fail(
        'unexpected_answer',
        `The newsroom server at ${serverUrl} answered something this workstation cannot read (HTTP ${response.status}).`,
      );
    }
    if (!answer.ok) {
      const { code, message, reasons } = answer.error;
      return fail(code, message, reasons);
    }
    const value = spec.output.safeParse(answer.value);
    if (!value.success)
      return fail(
        'unexpected_answer',
        `The newsroom server's answer to ${channel} does not match this workstation's contract.`,
        describeIssues(value.error),
      );
    return ok(value.data);
  }

  return {
    serverUrl,
    callUnchecked,
    call: (channel, input, token) =>
      // The value was checked against this channel's output schema just above.
      callUnchecked(channel, input, token) as Promise<
        NewsroomCallResult<NewsroomOutput<typeof channel>>
      >,
  };
}
