import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isNodeError } from '../../../main/services/common/errors';
import { generationDirectory } from '../../../main/services/portal/siteStore';
import { readCounters } from '../../store/counters';
import type { Store } from '../../store/store';
import {
  connectS3,
  connectSftp,
  siteFolderOf,
  TargetConfigurationError,
  type TargetConnection,
} from './drivers';
import { forEachLimited } from '../../../main/services/common/concurrency';
import { compareUploadOrder, linksOfPage, orderUploads, uploadWaves } from './uploadOrder';
import { addressOf, pendingDeletions, pendingUploads, type TargetRow } from './targets';

/** How long a process's claim on a target lasts unless renewed (it renews a third of the way). */
export const DEFAULT_LEASE_MS = 15_000;
/** How often each process looks for work when nothing pokes it. */
export const DEFAULT_OUTBOX_INTERVAL_MS = 1000;
/** How long a connection to a target stays open after a pass, for the next generation. */
const IDLE_CONNECTION_MS = 30_000;
/** Retry delays: doubling from the first, capped. */
export const DEFAULT_BACKOFF = { firstMs: 1000, maxMs: 30_000 } as const;

/** The outbox of the publish targets, in one server process. */
export interface Outbox {
  /** Looks for work now (a new generation, a new target). */
  poke(): void;
  /** Resolves when no upload of this process is under way. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The delay before attempt number `failures + 1`. */
export function backoffDelay(
  failures: number,
  backoff: { firstMs: number; maxMs: number } = DEFAULT_BACKOFF,
): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Takes every secret of the environment out of a message (S3 keys, a database password): an error
 * from a library may quote what it was given, and these messages reach logs and `targets:status`.
 */
export function redactSecrets(message: string, environment: NodeJS.ProcessEnv): string {
  const secrets = [
    environment.AWS_ACCESS_KEY_ID,
    environment.AWS_SECRET_ACCESS_KEY,
    environment.AWS_SESSION_TOKEN,
  ].filter((secret): secret is string => secret !== undefined && secret.length >= 4);
  let redacted = message;
  for (const secret of secrets) redacted = redacted.split(secret).join('***');
  return redacted.replace(/(\w+:\/\/[^:/\s@]*:)[^@\s]*@/g, '$1***@').slice(0, 1000);
}

/** The fields of a target that, with the site generation, say it has nothing new to do. */
const SETTLED_FIELDS = ['created_at', 'url', 'endpoint', 'region', 'identity_file'] as const;
type SettledFields = Pick<TargetRow, (typeof SETTLED_FIELDS)[number]>;

/** The site folders a target's row says a pass that did not finish put files in. */
function unfinishedFolders(row: TargetRow): string[] {
  if (row.put_folders === null) return [];
  const folders: unknown = JSON.parse(row.put_folders);
  if (!Array.isArray(folders)) return [];
  return folders.filter((folder): folder is string => typeof folder === 'string');
}

/** The site moved on while a pass read a generation that is gone now: start again at once. */
class GenerationGone extends Error {}

/** The lease was lost (this process stalled): another process carries on. */
class LeaseLost extends Error {}

/**
 * The durable outbox of the publish targets (issue 11, point 4). What each target must hold is
 * the store's record of the newest site generation (`site_files`); what it holds is
 * `target_files`, updated after every file put or deleted, so a process killed mid-upload resumes
 * where it stopped and a target that was down catches up on everything at once. One process at a
 * time uploads to a target (a lease in the store, renewed while it works and expiring if the
 * process dies). Each pass uploads in an order that never lets a reader follow a link to a file
 * the target lacks (see uploadOrder.ts), deletions last; a failed pass is retried with backoff.
 */
export function startOutbox(options: {
  store: Store;
  publishDir: string;
  /** The portal's base URL (absolute links in pages are resolved against it). */
  baseUrl: () => Promise<string>;
  now: () => number;
  log: (line: string) => void;
  environment: NodeJS.ProcessEnv;
  intervalMs?: number;
  leaseMs?: number;
  backoff?: { firstMs: number; maxMs: number };
}): Outbox {
  const { db } = options.store;
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const active = new Map<string, Promise<void>>();
  let isStopped = false;
  let looking: Promise<void> | null = null;
  let again = false;
  /**
   * Per target, when this process last found it with nothing to do: the site generation count and
   * the target as it was then (`settledKey`). A target removed and added again is another one.
   */
  const settledAt = new Map<string, string>();
  /** The targets this process has cleared of what cut-short puts left (a failed pass: again). */
  const cleared = new Set<string>();

  function describe(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return redactSecrets(message, options.environment);
  }

  /** Open connections kept between passes, by target (and the address they were made for). */
  const open = new Map<
    string,
    { connection: TargetConnection; key: string; idle: NodeJS.Timeout | null }
  >();

  function connectionKey(row: TargetRow): string {
    return JSON.stringify([row.url, row.endpoint, row.region, row.identity_file, row.host_key]);
  }

  /** What settles a target: a site generation, and the target's address as it was added. */
  function settledKey(site: number, row: SettledFields): string {
    return JSON.stringify([
      site,
      row.created_at,
      row.url,
      row.endpoint,
      row.region,
      row.identity_file,
    ]);
  }

  /** Records a pass that left the target holding the site: no failure, no retry due. */
  async function succeeded(name: string): Promise<void> {
    await db
      .updateTable('targets')
      .set({
        failures: 0,
        last_error: null,
        next_attempt_at: null,
        last_success_at: options.now(),
        put_folders: null,
      })
      .where('name', '=', name)
      .execute();
  }

  /**
   * Records in the target's row, before a pass puts anything, the site folders its puts write in:
   * a put cut short (the connection lost, the process killed) may leave its temporary file there,
   * and the next pass, in whichever process, clears them even if none of their files is pending any
   * more. Replaces the record of an earlier pass, whose folders have just been cleared; only while
   * this process holds the lease.
   */
  async function recordFolders(name: string, folders: ReadonlySet<string>): Promise<void> {
    const updated = await db
      .updateTable('targets')
      .set({ put_folders: folders.size === 0 ? null : JSON.stringify([...folders].sort()) })
      .where('name', '=', name)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new LeaseLost();
  }

  async function drop(name: string): Promise<void> {
    const held = open.get(name);
    if (held === undefined) return;
    open.delete(name);
    if (held.idle !== null) clearTimeout(held.idle);
    await held.connection.close();
  }

  /** The target's open connection, or a new one. */
  async function connectionFor(row: TargetRow): Promise<TargetConnection> {
    const held = open.get(row.name);
    if (held !== undefined && held.key === connectionKey(row)) {
      if (held.idle !== null) clearTimeout(held.idle);
      held.idle = null;
      return held.connection;
    }
    await drop(row.name);
    const connection = await connect(row);
    open.set(row.name, { connection, key: connectionKey(row), idle: null });
    return connection;
  }

  /** Keeps a connection open a while after a pass; a failed one is closed at once. */
  function release(name: string, isHealthy: boolean): Promise<void> {
    const held = open.get(name);
    if (held === undefined) return Promise.resolve();
    if (!isHealthy || isStopped) return drop(name);
    held.idle = setTimeout(() => void drop(name), IDLE_CONNECTION_MS);
    held.idle.unref();
    return Promise.resolve();
  }

  async function connect(row: TargetRow): Promise<TargetConnection> {
    const address = addressOf(row);
    if (address.kind === 's3')
      return connectS3(address, {
        endpoint: row.endpoint,
        region: row.region,
        environment: options.environment,
      });
    if (row.identity_file === null)
      throw new TargetConfigurationError('This SFTP target has no key file: add it again.');
    return connectSftp(address, row.identity_file, {
      pinned: row.host_key,
      async record(fingerprint) {
        await db
          .updateTable('targets')
          .set({ host_key: fingerprint })
          .where('name', '=', row.name)
          .where('host_key', 'is', null)
          .execute();
        const stored = await db
          .selectFrom('targets')
          .select('host_key')
          .where('name', '=', row.name)
          .executeTakeFirst();
        return stored?.host_key ?? fingerprint;
      },
    });
  }

  /** Claims a target for this process unless another holds it or its retry time has not come. */
  async function claim(name: string): Promise<TargetRow | null> {
    const at = options.now();
    const claimed = await db
      .updateTable('targets')
      .set({ lease_owner: owner, lease_until: at + leaseMs, last_attempt_at: at })
      .where('name', '=', name)
      .where((eb) =>
        eb.and([
          eb.or([
            eb('lease_owner', 'is', null),
            eb('lease_owner', '=', owner),
            eb('lease_until', '<', at),
          ]),
          eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    return (
      (await db.selectFrom('targets').selectAll().where('name', '=', name).executeTakeFirst()) ??
      null
    );
  }

  async function renew(name: string): Promise<boolean> {
    const renewed = await db
      .updateTable('targets')
      .set({ lease_until: options.now() + leaseMs })
      .where('name', '=', name)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(renewed.numUpdatedRows) === 1;
  }

  /** What a pass works from: one generation and the files the target lacks or must lose. */
  async function snapshot(name: string) {
    return db.transaction().execute(async (trx) => {
      const generation = await trx
        .selectFrom('site_generations')
        .select('id')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        generation: generation?.id ?? null,
        uploads: await pendingUploads(trx, name),
        deletions: await pendingDeletions(trx, name),
      };
    });
  }

  /** The links of the pages among `paths` (only pages link). */
  async function pageLinks(
    directory: string,
    paths: readonly string[],
  ): Promise<Map<string, string[]>> {
    const baseUrl = await options.baseUrl();
    const links = new Map<string, string[]>();
    for (const sitePath of paths) {
      if (!/\.(html|xml)$/.test(sitePath)) continue;
      let content: string;
      try {
        content = await readFile(path.join(directory, ...sitePath.split('/')), 'utf8');
      } catch (error) {
        if (isNodeError(error, 'ENOENT')) throw new GenerationGone();
        throw error;
      }
      links.set(sitePath, linksOfPage(sitePath, content, baseUrl));
    }
    return links;
  }

  /**
   * One pass over a claimed target: everything the newest generation needs, in order. Answers
   * whether the target was left holding the generation the pass started from.
   */
  async function pass(row: TargetRow): Promise<boolean> {
    const name = row.name;
    let isLeaseLost = false;
    const renewal = setInterval(() => {
      renew(name).then(
        (isHeld) => {
          if (!isHeld) isLeaseLost = true;
        },
        () => undefined,
      );
    }, leaseMs / 3);
    renewal.unref();
    let isConnected = false;
    let isHealthy = false;
    let isAgain = false;
    try {
      const work = await snapshot(name);
      if (work.generation === null) return true;
      const unfinished = unfinishedFolders(row);
      if (work.uploads.length === 0 && work.deletions.length === 0 && unfinished.length === 0) {
        // What a failed pass left to do is no longer published: the target holds the site.
        if (row.failures > 0) await succeeded(name);
        return true;
      }
      const directory = generationDirectory(options.publishDir, work.generation);
      const byPath = new Map(work.uploads.map((file) => [file.path, file]));
      const links = await pageLinks(
        directory,
        work.uploads.map((file) => file.path),
      );
      const order = orderUploads(
        work.uploads.map((file) => file.path),
        (sitePath) => links.get(sitePath) ?? [],
        (sitePath) => byPath.get(sitePath)?.isOnTarget ?? true,
      );
      const connection = await connectionFor(row);
      isConnected = true;
      // A put cut short (the pass failed, or an earlier process died) may have left its temporary
      // file in a folder an unfinished pass recorded (whether or not a file of it is still pending),
      // or, for a pass of a version that kept no record, in a folder of a file still pending. No put
      // of ours is under way while we hold the lease.
      const putFolders = new Set(work.uploads.map((file) => siteFolderOf(file.path)));
      if (row.failures > 0 || unfinished.length > 0 || !cleared.has(name)) {
        await connection.clearLeftovers([
          ...new Set([...unfinished, ...putFolders, ...work.deletions.map(siteFolderOf)]),
        ]);
        cleared.add(name);
      }
      await recordFolders(name, putFolders);
      const dependsOn = (sitePath: string) =>
        (links.get(sitePath) ?? []).filter((link) => byPath.get(link)?.isOnTarget === false);
      for (const wave of uploadWaves(order, dependsOn)) {
        if (isStopped) return false;
        if (isLeaseLost) throw new LeaseLost();
        await forEachLimited(wave, connection.concurrency, async (sitePath) => {
          const file = byPath.get(sitePath);
          if (file === undefined || isStopped) return;
          try {
            await connection.put(sitePath, path.join(directory, ...sitePath.split('/')), file.size);
          } catch (error) {
            if (isNodeError(error, 'ENOENT')) throw new GenerationGone();
            throw error;
          }
          await db
            .insertInto('target_files')
            .values({ target_name: name, path: sitePath, sha256: file.sha256, size: file.size })
            .onConflict((conflict) =>
              conflict
                .columns(['target_name', 'path'])
                .doUpdateSet({ sha256: file.sha256, size: file.size }),
            )
            .execute();
        });
      }
      // Deletions last, pages before the photos they used.
      for (const sitePath of [...work.deletions].sort(compareUploadOrder).reverse()) {
        if (isStopped) return false;
        if (isLeaseLost) throw new LeaseLost();
        await (await connectionFor(row)).remove(sitePath);
        await db
          .deleteFrom('target_files')
          .where('target_name', '=', name)
          .where('path', '=', sitePath)
          .execute();
      }
      await succeeded(name);
      isHealthy = true;
      const latest = await snapshot(name);
      if (latest.generation !== work.generation) isAgain = true;
      return true;
    } catch (error) {
      if (error instanceof GenerationGone) {
        isHealthy = true;
        isAgain = true;
        return false;
      }
      if (error instanceof LeaseLost) {
        options.log(`Publish target ${name}: another process took over the upload.`);
        return false;
      }
      const failures = row.failures + 1;
      const delay = backoffDelay(failures, options.backoff);
      const message = describe(error);
      await db
        .updateTable('targets')
        .set({ failures, last_error: message, next_attempt_at: options.now() + delay })
        .where('name', '=', name)
        .execute()
        .catch(() => undefined);
      options.log(
        `Publish target ${name} failed (attempt ${failures}): ${message} Retrying in ${Math.round(delay / 1000)} s.`,
      );
      return false;
    } finally {
      clearInterval(renewal);
      if (isConnected) await release(name, isHealthy);
      await db
        .updateTable('targets')
        .set({ lease_owner: null, lease_until: null })
        .where('name', '=', name)
        .where('lease_owner', '=', owner)
        .execute()
        .catch(() => undefined);
      if (isAgain) again = true;
    }
  }

  async function lookOnce(): Promise<void> {
    const { site } = await readCounters(db);
    const rows = await db
      .selectFrom('targets')
      .select(['name', 'failures', ...SETTLED_FIELDS])
      .execute();
    for (const listed of rows) {
      const { name } = listed;
      if (isStopped || active.has(name)) continue;
      // Nothing new since this target was last found current: no need to claim it.
      if (listed.failures === 0 && settledAt.get(name) === settledKey(site, listed)) continue;
      const row = await claim(name);
      if (row === null) continue;
      const running = pass(row)
        .then((isCurrent) => {
          if (isCurrent) settledAt.set(name, settledKey(site, row));
          else settledAt.delete(name);
        })
        .catch((error: unknown) =>
          options.log(`Publish target ${name}: the outbox failed: ${describe(error)}`),
        )
        .finally(() => {
          active.delete(name);
          if (again) poke();
        });
      active.set(name, running);
    }
  }

  function poke(): void {
    if (isStopped) return;
    if (looking !== null) {
      again = true;
      return;
    }
    again = false;
    looking = lookOnce()
      .catch((error: unknown) => options.log(`The publish outbox failed: ${describe(error)}`))
      .finally(() => {
        looking = null;
        if (again) poke();
      });
  }

  const timer = setInterval(poke, options.intervalMs ?? DEFAULT_OUTBOX_INTERVAL_MS);
  timer.unref();
  poke();

  return {
    poke,
    async idle() {
      while (looking !== null || active.size > 0) {
        await looking;
        await Promise.all([...active.values()]);
      }
    },
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await looking;
      await Promise.all([...active.values()]);
      await Promise.all([...open.keys()].map(drop));
    },
  };
}
