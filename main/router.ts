import type { z } from 'zod';
import {
  type ChannelName,
  type ChannelOutput,
  type Contract,
  contract,
} from '../shared/api/contract';
import { fail, type Result } from '../shared/result';

/** The service function behind each channel; it receives the already-validated argument. */
export type Handlers = {
  [K in ChannelName]: (input: z.output<Contract[K]['input']>) => Promise<Result<ChannelOutput<K>>>;
};

/** Dispatches calls from either transport: validates the argument, calls the service, checks the result. */
export interface Router {
  call(channel: string, input: unknown): Promise<Result<unknown>>;
}

function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(contract, name);
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
}

/** Builds the router over a complete set of handlers (the compiler checks none is missing). */
export function createRouter(
  handlers: Handlers,
  onError: (error: unknown) => void = console.error,
): Router {
  async function call(channel: string, input: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel))
      return fail('unknown_channel', `There is no API channel named "${channel}".`);
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return fail(
        'invalid_input',
        'The request was refused: some values are not valid.',
        describeIssues(parsed.error),
      );
    }
    const handler = handlers[channel] as (value: unknown) => Promise<Result<unknown>>;
    try {
      const result = await handler(parsed.data);
      if (!result.ok) return result;
      const checked = spec.output.safeParse(result.value);
      if (!checked.success) {
        onError(
          new Error(
            `${channel} returned a value outside its schema: ${describeIssues(checked.error).join('; ')}`,
          ),
        );
        return fail(
          'internal',
          'The workstation produced an unexpected answer. Nothing was changed by this message.',
        );
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      onError(error);
      const message = error instanceof Error ? error.message : String(error);
      return fail('internal', `Something went wrong in the workstation: ${message}`);
    }
  }
  return { call };
}
