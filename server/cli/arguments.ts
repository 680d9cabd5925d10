import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was typed: told in one line, exit status 1, no stack. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every command that opens the store takes. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const satisfies Options;

/** Parses `--name value` options strictly: an unknown option or a stray word is a UsageError. */
export function parseOptions<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message}. Usage: ${usage}`);
  }
}

/** A required option's value, or a UsageError naming it. */
export function required(value: string | boolean | undefined, name: string, usage: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required. Usage: ${usage}`);
  return value;
}

/** Where the store is: `--database-url` (or NEWSROOM_DATABASE_URL), else embedded in `--data-dir`. */
export function storeLocationOf(
  values: { 'data-dir'?: string | boolean; 'database-url'?: string | boolean },
  usage: string,
) {
  const dataDir = required(values['data-dir'], 'data-dir', usage);
  const fromOption = values['database-url'];
  const databaseUrl =
    typeof fromOption === 'string' && fromOption !== ''
      ? fromOption
      : process.env.NEWSROOM_DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('--database-url must be a postgres:// URL.');
  return { dataDir, databaseUrl };
}
