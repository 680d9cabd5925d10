import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { TargetStatus } from '../../../shared/api/newsroomPublishing';
import type { Database, TargetTable } from '../../store/schema';
import type { Store } from '../../store/store';
import {
  isHostKeyFingerprint,
  parseEndpoint,
  parseTargetUrl,
  TargetAddressError,
  type TargetAddress,
} from './targetUrl';

/** A target's name: what `target remove` and the Desk call it. */
export const TARGET_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A publish target as the store keeps it. */
export type TargetRow = Selectable<TargetTable>;

/** What `target add` asks for. */
export interface NewTarget {
  name: string;
  url: string;
  identityFile?: string;
  hostKey?: string;
  endpoint?: string;
  region?: string;
}

/** The parsed address of a stored target. */
export function addressOf(row: TargetRow): TargetAddress {
  return parseTargetUrl(row.url);
}

type Reader = Kysely<Database> | Transaction<Database>;

/** The files a target lacks or holds in another version: to upload, with their content hash. */
export async function pendingUploads(
  db: Reader,
  name: string,
): Promise<Array<{ path: string; sha256: string; size: number; isOnTarget: boolean }>> {
  const rows = await db
    .selectFrom('site_files as s')
    .leftJoin('target_files as t', (join) =>
      join.onRef('t.path', '=', 's.path').on('t.target_name', '=', name),
    )
    .select(['s.path', 's.sha256', 's.size', 't.sha256 as held'])
    .where((eb) => eb.or([eb('t.sha256', 'is', null), eb('t.sha256', '!=', eb.ref('s.sha256'))]))
    .execute();
  return rows.map((row) => ({
    path: row.path,
    sha256: row.sha256,
    size: Number(row.size),
    isOnTarget: row.held !== null,
  }));
}

/** The files a target holds that the site no longer has: to delete. */
export async function pendingDeletions(db: Reader, name: string): Promise<string[]> {
  const rows = await db
    .selectFrom('target_files as t')
    .leftJoin('site_files as s', 's.path', 't.path')
    .select('t.path')
    .where('t.target_name', '=', name)
    .where('s.path', 'is', null)
    .execute();
  return rows.map((row) => row.path);
}

/** How many files a target still needs uploaded or deleted. */
export async function pendingCount(db: Reader, name: string): Promise<number> {
  const uploads = await db
    .selectFrom('site_files as s')
    .leftJoin('target_files as t', (join) =>
      join.onRef('t.path', '=', 's.path').on('t.target_name', '=', name),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.or([eb('t.sha256', 'is', null), eb('t.sha256', '!=', eb.ref('s.sha256'))]))
    .executeTakeFirstOrThrow();
  const deletions = await db
    .selectFrom('target_files as t')
    .leftJoin('site_files as s', 's.path', 't.path')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('t.target_name', '=', name)
    .where('s.path', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(uploads.count) + Number(deletions.count);
}

/** A target's row as `targets:status` tells it. */
export function statusOf(row: TargetRow, pending: number): TargetStatus {
  const state = pending === 0 ? 'current' : row.last_error === null ? 'pending' : 'failing';
  return {
    name: row.name,
    state,
    pending,
    ...(row.last_error === null || state === 'current' ? {} : { lastError: row.last_error }),
    ...(row.last_success_at === null ? {} : { lastSuccessAt: row.last_success_at }),
  };
}

/** The publish targets of a newsroom: added and removed on the command line. */
export function createTargets(store: Store, now: () => number) {
  const { db } = store;

  async function list(): Promise<TargetRow[]> {
    return db.selectFrom('targets').selectAll().orderBy('name').execute();
  }

  return {
    list,

    async get(name: string): Promise<TargetRow | null> {
      return (
        (await db.selectFrom('targets').selectAll().where('name', '=', name).executeTakeFirst()) ??
        null
      );
    },

    /** Checks a new target and stores it; the outbox then copies the whole site to it. */
    async add(target: NewTarget): Promise<TargetRow> {
      if (!TARGET_NAME_PATTERN.test(target.name))
        throw new TargetAddressError(
          'A target name is 1–64 lower-case letters, digits, ".", "-" or "_".',
        );
      const address = parseTargetUrl(target.url);
      let identityFile: string | null = null;
      let hostKey: string | null = null;
      let endpoint: string | null = null;
      let region: string | null = null;
      if (address.kind === 'sftp') {
        if (target.endpoint !== undefined || target.region !== undefined)
          throw new TargetAddressError('--endpoint and --region are for s3:// targets.');
        if (target.identityFile === undefined)
          throw new TargetAddressError(
            'An sftp:// target needs --identity-file <private key file>.',
          );
        identityFile = path.resolve(target.identityFile);
        try {
          await access(identityFile, constants.R_OK);
        } catch {
          throw new TargetAddressError(`The key file ${identityFile} cannot be read.`);
        }
        if (target.hostKey !== undefined) {
          if (!isHostKeyFingerprint(target.hostKey))
            throw new TargetAddressError(
              '--host-key is a fingerprint as `ssh-keygen -l` prints it: SHA256: and 43 characters.',
            );
          hostKey = target.hostKey;
        }
      } else {
        if (target.identityFile !== undefined || target.hostKey !== undefined)
          throw new TargetAddressError('--identity-file and --host-key are for sftp:// targets.');
        endpoint = target.endpoint === undefined ? null : parseEndpoint(target.endpoint);
        region = target.region ?? null;
        if (region !== null && !/^[a-z0-9-]{1,40}$/.test(region))
          throw new TargetAddressError(`"${region}" is not a region name (e.g. us-east-1).`);
      }
      const existing = await db
        .selectFrom('targets')
        .select('name')
        .where('name', '=', target.name)
        .executeTakeFirst();
      if (existing !== undefined)
        throw new TargetAddressError(
          `There is a target named ${target.name} already: remove it first, or choose another name.`,
        );
      const row: TargetRow = {
        name: target.name,
        url: target.url,
        endpoint,
        region,
        identity_file: identityFile,
        host_key: hostKey,
        created_at: now(),
        lease_owner: null,
        lease_until: null,
        last_error: null,
        last_attempt_at: null,
        last_success_at: null,
        failures: 0,
        next_attempt_at: null,
        put_folders: null,
      };
      await db.insertInto('targets').values(row).execute();
      return row;
    },

    /** Forgets a target and what it holds (the files on it stay where they are). */
    async remove(name: string): Promise<boolean> {
      const removed = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('target_files').where('target_name', '=', name).execute();
        return trx.deleteFrom('targets').where('name', '=', name).executeTakeFirst();
      });
      return Number(removed.numDeletedRows) > 0;
    },

    /** Every target and whether it holds the newest site. */
    async status(): Promise<TargetStatus[]> {
      const rows = await list();
      const statuses: TargetStatus[] = [];
      for (const row of rows) statuses.push(statusOf(row, await pendingCount(db, row.name)));
      return statuses;
    },
  };
}

/** The publish targets service. */
export type Targets = ReturnType<typeof createTargets>;
