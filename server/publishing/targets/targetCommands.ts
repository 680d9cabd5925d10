import { UsageError, parseOptions, required, STORE_OPTIONS } from '../../cli/arguments';
import { withStore, type Print } from '../../cli/adminCommands';
import { TargetAddressError } from './targetUrl';
import { createTargets, pendingCount, statusOf, type TargetRow } from './targets';

const TARGET_USAGES = {
  add: 'target add --data-dir <dir> [--database-url <url>] --name <name> --url sftp://<user>@<host>:<port>/<path> --identity-file <key> [--host-key SHA256:…]  |  --url s3://<bucket>/<prefix> [--endpoint <url>] [--region us-east-1]',
  list: 'target list --data-dir <dir> [--database-url <url>]',
  remove: 'target remove --data-dir <dir> [--database-url <url>] --name <name>',
} as const;

function isTargetVerb(verb: string | undefined): verb is keyof typeof TARGET_USAGES {
  return verb !== undefined && Object.hasOwn(TARGET_USAGES, verb);
}

/** What `target list` says of where a target is and how it is reached (never a secret). */
function detailOf(row: TargetRow): string {
  if (row.url.startsWith('sftp:'))
    return row.host_key === null
      ? 'host key: recorded at first contact'
      : `host key ${row.host_key}`;
  return [
    row.endpoint === null ? 'AWS S3' : `endpoint ${row.endpoint}`,
    `region ${row.region ?? 'us-east-1'}`,
  ].join(', ');
}

/**
 * `npm run server -- target …` (NEWSROOM.md, "Publishing from the server"): adds, lists and
 * removes publish targets, whether or not the server runs (a running server's outbox finds a new
 * target within a second and copies the whole site to it). One tab-separated line per target:
 * name, address, state, files pending, how it is reached.
 */
export async function runTargetCommand(args: string[], print: Print): Promise<void> {
  const [verb, ...rest] = args;
  if (!isTargetVerb(verb))
    throw new UsageError(
      `Say what to do: npm run server -- ${Object.values(TARGET_USAGES).join(' | ')}`,
    );
  const usage = TARGET_USAGES[verb];
  const values = parseOptions(
    rest,
    {
      ...STORE_OPTIONS,
      name: { type: 'string' },
      url: { type: 'string' },
      'identity-file': { type: 'string' },
      'host-key': { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
    },
    usage,
  );
  const allowed: Record<typeof verb, readonly string[]> = {
    add: ['name', 'url', 'identity-file', 'host-key', 'endpoint', 'region'],
    list: [],
    remove: ['name'],
  };
  const stray = Object.keys(values).filter(
    (key) => !(key in STORE_OPTIONS) && !allowed[verb].includes(key),
  );
  if (stray.length > 0)
    throw new UsageError(`--${stray[0]} does not go with target ${verb}. Usage: ${usage}`);
  await withStore(values, usage, async (store) => {
    const targets = createTargets(store, Date.now);
    switch (verb) {
      case 'add': {
        try {
          const row = await targets.add({
            name: required(values.name, 'name', usage),
            url: required(values.url, 'url', usage),
            ...(values['identity-file'] === undefined
              ? {}
              : { identityFile: values['identity-file'] }),
            ...(values['host-key'] === undefined ? {} : { hostKey: values['host-key'] }),
            ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
            ...(values.region === undefined ? {} : { region: values.region }),
          });
          print([row.name, row.url, 'pending', '-', detailOf(row)].join('\t'));
        } catch (error) {
          if (error instanceof TargetAddressError) throw new UsageError(error.message);
          throw error;
        }
        return;
      }
      case 'list': {
        for (const row of await targets.list()) {
          const status = statusOf(row, await pendingCount(store.db, row.name));
          print(
            [row.name, row.url, status.state, String(status.pending), detailOf(row)].join('\t'),
          );
        }
        return;
      }
      case 'remove': {
        const name = required(values.name, 'name', usage);
        if (!(await targets.remove(name)))
          throw new UsageError(`There is no target named ${name}.`);
        print(`${name}\tremoved`);
        return;
      }
    }
  });
}
