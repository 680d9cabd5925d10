import type { z } from 'zod';

/** One API channel: the schema of its argument and of its result value. */
export interface ChannelSpec<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  input: Input;
  output: Output;
}

/** Declares a channel; `satisfies`-checked by the contract. */
export function channel<Input extends z.ZodType, Output extends z.ZodType>(
  input: Input,
  output: Output,
): ChannelSpec<Input, Output> {
  return { input, output };
}

/** Channel names are `noun:verb`, lower camel case on both sides. */
export const CHANNEL_NAME_PATTERN = /^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/;
