import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../store/counters';
import { openStore } from '../store/store';
import { PEOPLE } from '../testing/newsroomHarness';
import { addPeopleByCommand, signIn } from '../testing/serverProcesses';
import {
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../tests/support/newsroomServer';
import { approvedStory, newsroomValue as value } from '../../tests/support/newsroom/approvedStory';
import { startPostgres, type PostgresServer } from '../../tests/support/postgres';
import { siteFiles } from '../../tests/support/publishing/site';
import { startRedis, type RedisServer } from '../../tests/support/redis';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../../tests/support/s3';
import { startSshServer, type SshServer } from '../../tests/support/sshd';

/** The reporter, the editor and the photo desk of every test. */
const STAFF = [PEOPLE.reporter, PEOPLE.editor, PEOPLE.photoDesk];

/** Stories written, submitted and approved over the API and /collab, a few at a time. */
async function approvedStories(url: string, slugs: string[]): Promise<string[]> {
  const tokens = { reporter: await signIn(url, 'li.wei'), editor: await signIn(url, 'wang') };
  const ids: string[] = [];
  for (let start = 0; start < slugs.length; start += 4)
    ids.push(
      ...(await Promise.all(
        slugs
          .slice(start, start + 4)
          .map((slug) => approvedStory(url, tokens, { headline: `Story ${slug}`, slug })),
      )),
    );
  return ids;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Adds a target through `npm run server -- target add`: its name, its address, more options. */
function addTarget(store: string[], name: string, url: string, ...options: string[]) {
  return runNewsroomCommand(['target', 'add', ...store, '--name', name, '--url', url, ...options]);
}

describe('`npm run server -- target …`', () => {
  it('adds, lists and removes targets in tab-separated lines, refusing mistakes in one line', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-targets-cli-'));
    const ssh = await startSshServer();
    try {
      const store = ['--data-dir', dataDir];
      const added = await addTarget(
        store,
        'web1',
        ssh.url,
        '--identity-file',
        ssh.identityFile,
        '--host-key',
        ssh.hostKeyFingerprint,
      );
      const s3 = await addTarget(
        store,
        'cdn',
        's3://wuxi-portal/site',
        '--endpoint',
        'http://127.0.0.1:9000',
      );
      const listed = await runNewsroomCommand(['target', 'list', ...store]);
      const refused = await Promise.all([
        addTarget(store, 'x', 'sftp://a:b@h/p'),
        addTarget(store, 'web1', 's3://bucket'),
        runNewsroomCommand(['target', 'remove', ...store, '--name', 'nothing']),
      ]);
      const removed = await runNewsroomCommand(['target', 'remove', ...store, '--name', 'cdn']);
      expect([added, s3, listed, removed]).toEqual([
        {
          code: 0,
          stdout: `web1\t${ssh.url}\tpending\t-\thost key ${ssh.hostKeyFingerprint}\n`,
          stderr: '',
        },
        {
          code: 0,
          stdout:
            'cdn\ts3://wuxi-portal/site\tpending\t-\tendpoint http://127.0.0.1:9000, region us-east-1\n',
          stderr: '',
        },
        {
          code: 0,
          stdout: [
            'cdn\ts3://wuxi-portal/site\tcurrent\t0\tendpoint http://127.0.0.1:9000, region us-east-1',
            `web1\t${ssh.url}\tcurrent\t0\thost key ${ssh.hostKeyFingerprint}`,
            '',
          ].join('\n'),
          stderr: '',
        },
        { code: 0, stdout: 'cdn\tremoved\n', stderr: '' },
      ]);
      expect(refused).toEqual([
        {
          code: 1,
          stdout: '',
          stderr:
            'Put no password in the address: an SFTP target logs in with a key (--identity-file), an S3 target with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the server’s environment.\n',
        },
        {
          code: 1,
          stdout: '',
          stderr:
            'There is a target named web1 already: remove it first, or choose another name.\n',
        },
        { code: 1, stdout: '', stderr: 'There is no target named nothing.\n' },
      ]);
    } finally {
      await ssh.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the outbox survives kill -9', () => {
  let ssh: SshServer;
  let dataDir: string;
  let server: NewsroomServerProcess | null = null;
  beforeAll(async () => {
    ssh = await startSshServer();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-kill-'));
  }, 60_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await ssh.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes an upload where a kill -9 stopped it, sending no finished file again', async () => {
    const store = ['--data-dir', dataDir];
    await addPeopleByCommand(store, STAFF);
    server = await startNewsroomServer([...store, '--port', '0']);
    const editor = await signIn(server.url, 'wang');
    const ids = await approvedStories(
      server.url,
      Array.from({ length: 40 }, (_, index) => `story-${index + 1}`),
    );
    for (const id of ids)
      await value(server.url, 'story:transition', { id, action: 'publish' }, editor);
    await server.stop();
    const added = await addTarget(store, 'web1', ssh.url, '--identity-file', ssh.identityFile);
    expect(added.code).toBe(0);
    const observer = await openStore({ dataDir });
    try {
      const total = (await observer.db.selectFrom('site_files').select('path').execute()).length;
      server = await startNewsroomServer([...store, '--port', '0']);
      // Killed once some files are up and most are not.
      await until(
        'a tenth of the site on the target',
        async () =>
          (await observer.db.selectFrom('target_files').select('path').execute()).length >
          total / 10,
        60_000,
      );
      await server.stop('SIGKILL');
      const before = new Map(
        (await observer.db.selectFrom('target_files').select('path').execute()).map(
          ({ path: file }) => [file, statSync(path.join(ssh.root, file)).mtimeMs],
        ),
      );
      expect(before.size).toBeLessThan(total);
      server = await startNewsroomServer([...store, '--port', '0']);
      const token = await signIn(server.url, 'wang');
      await until(
        'the target current',
        async () => {
          const status = await value<Array<{ state: string }>>(
            server?.url ?? '',
            'targets:status',
            {},
            token,
          );
          return status.every((target) => target.state === 'current');
        },
        120_000,
      );
      const site = (await siteFiles(path.join(dataDir, 'portal', 'current'))).filter(
        (file) => !file.split('/').some((part) => part.startsWith('.')),
      );
      const onTarget = await siteFiles(ssh.root);
      expect(onTarget.filter((file) => !path.posix.basename(file).startsWith('.'))).toEqual(site);
      // What was up before the kill was not sent again.
      const resent = [...before].filter(
        ([file, mtime]) => statSync(path.join(ssh.root, file)).mtimeMs !== mtime,
      );
      expect(resent).toEqual([]);
      expect((await readCounters(observer.db)).site).toBeGreaterThan(0);
    } finally {
      await observer.close();
    }
  }, 300_000);
});

describe('two server processes on PostgreSQL with Redis, one data folder', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let s3: S3Server;
  let dataDir: string;
  let databaseUrl: string;
  let servers: NewsroomServerProcess[] = [];
  beforeAll(async () => {
    [postgres, redis, s3] = await Promise.all([startPostgres(), startRedis(), startS3Server()]);
    databaseUrl = await postgres.createDatabase('newsroom');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-two-'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([postgres.stop(), redis.stop(), s3.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): Promise<NewsroomServerProcess[]> {
    return Promise.all(
      [0, 1].map(() =>
        startNewsroomServer(
          [
            '--data-dir',
            dataDir,
            '--database-url',
            databaseUrl,
            '--redis-url',
            redis.url,
            '--port',
            '0',
          ],
          { env: { ...S3RVER_CREDENTIALS } },
        ),
      ),
    );
  }

  it('releases a story scheduled a minute ahead exactly once, and one whose time passed while both were down at their next start; each file reaches S3 once, a correction replaces it and an unpublish deletes last', async () => {
    const store = ['--data-dir', dataDir, '--database-url', databaseUrl];
    await addPeopleByCommand(store, STAFF);
    const added = await addTarget(
      store,
      'cdn',
      `s3://${s3.bucket}/site`,
      '--endpoint',
      s3.endpoint,
    );
    expect(added.code).toBe(0);
    servers = await start();
    const [one, two] = servers;
    if (one === undefined || two === undefined) throw new Error('Two servers, please.');
    const editor = await signIn(one.url, 'wang');
    const [running, down] = await approvedStories(one.url, ['while-running', 'while-down']);
    const whileRunning = Date.now() + 60_000;
    const whileDown = whileRunning + 15_000;
    await value(
      one.url,
      'story:transition',
      { id: running, action: 'schedule', scheduledAt: whileRunning },
      editor,
    );
    await value(
      two.url,
      'story:transition',
      { id: down, action: 'schedule', scheduledAt: whileDown },
      editor,
    );
    type Story = { state: string; publishedPath: string | null };
    await until(
      'the first release',
      async () =>
        (await value<Story>(two.url, 'story:get', { id: running }, editor)).state === 'published',
      120_000,
    );
    await Promise.all(servers.map((server) => server.stop()));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, whileDown - Date.now() + 1000)));
    servers = await start();
    const token = await signIn(servers[1]?.url ?? '', 'wang');
    const url = servers[0]?.url ?? '';
    await until(
      'the release at the start',
      async () => (await value<Story>(url, 'story:get', { id: down }, token)).state === 'published',
      60_000,
    );
    for (const id of [running, down]) {
      const trail = await value<Array<{ action: string }>>(url, 'story:trail', { id }, token);
      expect(trail.filter((event) => event.action === 'release')).toHaveLength(1);
      const story = await value<Story>(url, 'story:get', { id }, token);
      expect(
        statSync(path.join(dataDir, 'portal', 'current', story.publishedPath ?? '')).isFile(),
      ).toBe(true);
    }
    await until(
      'S3 current',
      async () =>
        (await value<Array<{ state: string }>>(url, 'targets:status', {}, token)).every(
          (target) => target.state === 'current',
        ),
      120_000,
    );
    // One process at a time uploads to a target: the first release's page, which the second
    // generation left as it was, was written to S3 once, not by both processes.
    const first = await value<Story>(url, 'story:get', { id: running }, token);
    const puts = s3
      .events()
      .filter((event) => event === `ObjectCreated:Put site/${first.publishedPath}`);
    expect(puts).toHaveLength(1);
    expect(await s3.keys('site/')).toEqual(
      expect.arrayContaining([
        `site/${first.publishedPath}`,
        'site/index.html',
        'site/sitemap.xml',
      ]),
    );

    // A correction through one process and an unpublish through the other: S3 gets the corrected
    // page, then loses the unpublished page and its NINJS, the deletions after every put.
    const gone = await value<Story>(url, 'story:get', { id: down }, token);
    const before = s3.events().length;
    await value(
      servers[1]?.url ?? '',
      'story:transition',
      { id: running, action: 'publishCorrection', correctionNote: 'It was released at 08:00.' },
      token,
    );
    await value(
      url,
      'story:transition',
      { id: down, action: 'unpublish', reason: 'Released twice by mistake.' },
      token,
    );
    await until(
      'S3 current after the correction and the unpublish',
      async () =>
        (await value<Array<{ state: string }>>(url, 'targets:status', {}, token)).every(
          (target) => target.state === 'current',
        ),
      120_000,
    );
    const events = s3.events().slice(before);
    const firstRemoval = events.findIndex((event) => event.startsWith('ObjectRemoved:'));
    expect({
      corrected: (await s3.read(`site/${first.publishedPath}`))
        ?.toString('utf8')
        .includes('It was released at 08:00.'),
      removed: events.slice(firstRemoval).sort(),
      left: [await s3.read(`site/${gone.publishedPath}`), await s3.read(`site/ninjs/${down}.json`)],
    }).toEqual({
      corrected: true,
      removed: [
        `ObjectRemoved:Delete site/${gone.publishedPath}`,
        `ObjectRemoved:Delete site/ninjs/${down}.json`,
      ].sort(),
      left: [null, null],
    });
    for (const server of servers)
      expect(server.stderr()).not.toMatch(/Publish target|release of story|Internal error/);
  }, 300_000);
});
