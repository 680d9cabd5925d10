import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNewsroomPeople } from '../../tests/support/newsroom';
import {
  approvedStories,
  newsroomValue as value,
  sessionToken,
} from '../../tests/support/newsroom/approvedStory';
import {
  addTargetCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../tests/support/newsroomServer';
import { startPostgres, type PostgresServer } from '../../tests/support/postgres';
import { startRedis, type RedisServer } from '../../tests/support/redis';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../../tests/support/s3';
import { until } from '../../tests/support/until';

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
    await addNewsroomPeople(store);
    const added = await addTargetCommand(store, { name: 'cdn', url: `s3://${s3.bucket}/site` }, [
      '--endpoint',
      s3.endpoint,
    ]);
    expect(added.code).toBe(0);
    servers = await start();
    const [one, two] = servers;
    if (one === undefined || two === undefined) throw new Error('Two servers, please.');
    const editor = await sessionToken(one.url, 'wang');
    const [running, down] = await approvedStories(
      one.url,
      { reporter: await sessionToken(one.url, 'li.wei'), editor },
      ['while-running', 'while-down'],
    );
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
    const token = await sessionToken(servers[1]?.url ?? '', 'wang');
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
