import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { NewsroomResult } from '../../shared/api/newsroom';
import { COMMAND_LINE_ACTOR, createAccounts, type AccountRecord } from '../accounts/accounts';
import { createProfileStore } from '../profile/profileStore';
import { openStore, type Store } from '../store/store';
import { parseOptions, required, STORE_OPTIONS, storeLocationOf, UsageError } from './arguments';
import { readPassword } from './password';

/** What a command prints: lines on standard output. */
export type Print = (line: string) => void;

const USER_USAGES = {
  add: 'user add --data-dir <dir> [--database-url <url>] --login <login> --name "<Full Name>" --role reporter|editor|photo_desk  (password on standard input)',
  list: 'user list --data-dir <dir> [--database-url <url>]',
  'set-role':
    'user set-role --data-dir <dir> [--database-url <url>] --login <login> --role reporter|editor|photo_desk',
  disable: 'user disable --data-dir <dir> [--database-url <url>] --login <login>',
  enable: 'user enable --data-dir <dir> [--database-url <url>] --login <login>',
  'reset-password':
    'user reset-password --data-dir <dir> [--database-url <url>] --login <login>  (password on standard input)',
  audit: 'user audit --data-dir <dir> [--database-url <url>] [--login <login>] [--limit <n>]',
} as const;

const BACKUP_USAGE =
  'backup --data-dir <dir> --to <new file>  (the embedded store; PostgreSQL: pg_dump)';

const PROFILE_USAGES = {
  set: 'profile set --data-dir <dir> [--database-url <url>] --file <profile.json>',
  show: 'profile show --data-dir <dir> [--database-url <url>]',
} as const;

/** One account as one tab-separated line: login, name, role, active|disabled. */
export function accountLine(account: AccountRecord): string {
  return [
    account.login,
    account.name,
    account.role,
    account.isDisabled ? 'disabled' : 'active',
  ].join('\t');
}

/** Tabs and line breaks in a value would break the one-line, tab-separated records. */
function cell(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

function unwrap<T>(result: NewsroomResult<T>): T {
  if (!result.ok)
    throw new UsageError(
      result.error.reasons?.length
        ? `${result.error.message} ${result.error.reasons.join(' ')}`
        : result.error.message,
    );
  return result.value;
}

/** Opens the store the options name, runs `work` on it, and closes it. */
export async function withStore<T>(
  values: Parameters<typeof storeLocationOf>[0],
  usage: string,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const location = storeLocationOf(values, usage);
  const store = await openStore(
    location.databaseUrl === undefined
      ? { dataDir: location.dataDir }
      : { databaseUrl: location.databaseUrl },
  );
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function isUserVerb(verb: string | undefined): verb is keyof typeof USER_USAGES {
  return verb !== undefined && Object.hasOwn(USER_USAGES, verb);
}

/**
 * `npm run server -- user …`: accounts, from the server's machine, whether or not the server runs
 * (the embedded store is shared through SQLite's WAL; PostgreSQL is shared anyway). The running
 * server hears of each change through the store within a second.
 */
export async function runUserCommand(args: string[], print: Print): Promise<void> {
  const [verb, ...rest] = args;
  if (!isUserVerb(verb))
    throw new UsageError(
      `Say what to do: npm run server -- ${Object.values(USER_USAGES).join(' | ')}`,
    );
  const usage = USER_USAGES[verb];
  const values = parseOptions(
    rest,
    {
      ...STORE_OPTIONS,
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      limit: { type: 'string' },
    },
    usage,
  );
  const allowed: Record<typeof verb, readonly string[]> = {
    add: ['login', 'name', 'role'],
    list: [],
    'set-role': ['login', 'role'],
    disable: ['login'],
    enable: ['login'],
    'reset-password': ['login'],
    audit: ['login', 'limit'],
  };
  const stray = ['login', 'name', 'role', 'limit'].filter(
    (name) => values[name as keyof typeof values] !== undefined && !allowed[verb].includes(name),
  );
  if (stray.length > 0)
    throw new UsageError(`--${stray[0]} does not go with user ${verb}. Usage: ${usage}`);
  // Read the password before opening the store: a mistake costs no migration or lock.
  const password = verb === 'add' || verb === 'reset-password' ? await readPassword() : '';
  await withStore(values, usage, async (store) => {
    const accounts = createAccounts({ store, sessionDays: 30 });
    function requiredLogin(): string {
      return required(values.login, 'login', usage);
    }
    /** Prints the one line of the account a change answers, or stops with its refusal. */
    async function printChanged(change: Promise<NewsroomResult<AccountRecord>>): Promise<void> {
      print(accountLine(unwrap(await change)));
    }
    switch (verb) {
      case 'add':
        await printChanged(
          accounts.add(
            {
              login: requiredLogin(),
              name: required(values.name, 'name', usage),
              role: required(values.role, 'role', usage),
              password,
            },
            COMMAND_LINE_ACTOR,
          ),
        );
        return;
      case 'list':
        for (const account of await accounts.list()) print(accountLine(account));
        return;
      case 'set-role':
        await printChanged(
          accounts.setRole(
            requiredLogin(),
            required(values.role, 'role', usage),
            COMMAND_LINE_ACTOR,
          ),
        );
        return;
      case 'disable':
      case 'enable':
        await printChanged(accounts[verb](requiredLogin(), COMMAND_LINE_ACTOR));
        return;
      case 'reset-password':
        await printChanged(accounts.resetPassword(requiredLogin(), password, COMMAND_LINE_ACTOR));
        return;
      case 'audit': {
        const limit = values.limit === undefined ? 1000 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError(`--limit is a whole number of entries. Usage: ${usage}`);
        const login = typeof values.login === 'string' ? values.login : undefined;
        for (const entry of await accounts.audit(
          login === undefined ? { limit } : { login, limit },
        ))
          print(
            [new Date(entry.at).toISOString(), entry.action, entry.login, entry.actor, entry.detail]
              .map(cell)
              .join('\t'),
          );
        return;
      }
    }
  });
}

/** `npm run server -- profile set --file <profile.json>` and `profile show`. */
export async function runProfileCommand(args: string[], print: Print): Promise<void> {
  const [verb, ...rest] = args;
  if (verb !== 'set' && verb !== 'show')
    throw new UsageError(
      `Say what to do: npm run server -- ${PROFILE_USAGES.set} | ${PROFILE_USAGES.show}`,
    );
  const usage = PROFILE_USAGES[verb];
  const values = parseOptions(
    rest,
    verb === 'set' ? { ...STORE_OPTIONS, file: { type: 'string' } } : STORE_OPTIONS,
    usage,
  );
  let candidate: unknown = null;
  if (verb === 'set') {
    const file = required((values as { file?: string }).file, 'file', usage);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      candidate = JSON.parse(text);
    } catch (error) {
      throw new UsageError(
        `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  await withStore(values, usage, async (store) => {
    const profiles = createProfileStore({ store });
    if (verb === 'show') {
      print(JSON.stringify((await profiles.get()).profile, null, 2));
      return;
    }
    const { profile } = unwrap(await profiles.set(candidate));
    const sections = profile.sections.reduce(
      (count, section) => count + 1 + section.children.length,
      0,
    );
    print(
      `Portal profile set: ${profile.siteName} (${profile.baseUrl}), ${sections} sections, ${profile.timeZone}.`,
    );
  });
}

/**
 * `npm run server -- backup --data-dir <dir> --to <file>`: a consistent copy of the embedded
 * store, made with SQLite's `VACUUM INTO` while the server may be running (it reads one snapshot;
 * writers carry on). PostgreSQL is backed up with its own pg_dump.
 */
export async function runBackupCommand(args: string[], print: Print): Promise<void> {
  const values = parseOptions(args, { ...STORE_OPTIONS, to: { type: 'string' } }, BACKUP_USAGE);
  const target = path.resolve(required(values.to, 'to', BACKUP_USAGE));
  if (existsSync(target)) throw new UsageError(`${target} exists already: name a new file.`);
  await withStore(values, BACKUP_USAGE, async (store) => {
    if (store.kind !== 'sqlite')
      throw new UsageError(
        'This newsroom is on PostgreSQL: back it up with pg_dump (see the README).',
      );
    await sql`vacuum into ${target}`.execute(store.db);
  });
  print(`Backed up the newsroom store to ${target}.`);
}
