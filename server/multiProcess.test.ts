import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callNewsroom,
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../tests/support/newsroomServer';
import { startPostgres, type PostgresServer } from '../tests/support/postgres';
import { listenToEvents as listen } from '../tests/support/eventStream';
import { startRedis, type RedisServer } from '../tests/support/redis';
import { addNewsroomPeople } from '../tests/support/newsroom';
import { sessionToken as signIn } from '../tests/support/newsroom/approvedStory';

describe('two server processes on one PostgreSQL, with Redis', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let databaseUrl: string;
  let folder: string;
  let servers: NewsroomServerProcess[] = [];
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    databaseUrl = await postgres.createDatabase('newsroom');
    folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-multi-'));
    const store = ['--data-dir', path.join(folder, 'cli'), '--database-url', databaseUrl];
    await addNewsroomPeople(store);
    servers = await Promise.all(
      [1, 2].map((number) =>
        startNewsroomServer([
          '--data-dir',
          path.join(folder, `server-${number}`),
          '--port',
          '0',
          '--database-url',
          databaseUrl,
          '--redis-url',
          redis.url,
        ]),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([postgres.stop(), redis.stop()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists on one process a story created through the other, and pushes the change there within a second', async () => {
    const [first, second] = servers;
    if (first === undefined || second === undefined) throw new Error('two servers expected');
    const reporter = await signIn(first.url, 'li.wei');
    const editor = await signIn(second.url, 'wang');
    const stream = listen(second.url, editor);
    // The stream opens with the cursors' events: once one is here, the server has the listener
    // (bounded generously: opening is no part of what this test times).
    const initial = await stream.waitFor((data) => data.includes('"change"'), 20_000);
    if (initial === null) throw new Error('The event stream did not open.');
    const created = await callNewsroom(
      first.url,
      'story:create',
      { headline: 'Grand Canal lantern festival opens' },
      reporter,
    );
    const createdAt = Date.now();
    const pushed = await stream.waitFor(
      (data) => data !== initial?.data && data.includes('"change"'),
      5000,
    );
    await stream.close();
    const listed = await callNewsroom(second.url, 'stories:list', {}, editor);
    expect(created.status).toBe(200);
    expect(
      (listed.body.value as Array<{ headline: string; owner: string }>).map(
        ({ headline, owner }) => ({ headline, owner }),
      ),
    ).toEqual([{ headline: 'Grand Canal lantern festival opens', owner: 'li.wei' }]);
    expect(pushed).not.toBeNull();
    expect((pushed?.at ?? Number.POSITIVE_INFINITY) - createdAt).toBeLessThan(5000);
  });

  it('ends a disabled account’s sessions on both processes when the command line disables it', async () => {
    const [first, second] = servers;
    if (first === undefined || second === undefined) throw new Error('two servers expected');
    const tokens = [await signIn(first.url, 'li.wei'), await signIn(second.url, 'li.wei')];
    const streams = [listen(first.url, tokens[0] ?? ''), listen(second.url, tokens[1] ?? '')];
    // Both servers have their listener before the disable (opening is not what is timed here).
    const opened = await Promise.all(
      streams.map((stream) => stream.waitFor((data) => data.includes('"change"'), 20_000)),
    );
    if (opened.includes(null)) throw new Error('An event stream did not open.');
    const result = await runNewsroomCommand([
      'user',
      'disable',
      '--data-dir',
      path.join(folder, 'cli'),
      '--database-url',
      databaseUrl,
      '--login',
      'li.wei',
    ]);
    expect(result.stdout).toBe('li.wei\tLi Wei\treporter\tdisabled\n');
    const ended = await Promise.all(
      streams.map((stream) => stream.waitFor((data) => data.includes('"end"'), 5000)),
    );
    await Promise.all(streams.map((stream) => stream.close()));
    expect(ended.map((event) => event?.data)).toEqual([
      '{"type":"end","message":"Your session has ended: sign in again."}',
      '{"type":"end","message":"Your session has ended: sign in again."}',
    ]);
    const statuses = await Promise.all(
      servers.map(
        async (server, index) =>
          (await callNewsroom(server.url, 'session:get', {}, tokens[index])).status,
      ),
    );
    expect(statuses).toEqual([401, 401]);
  });
});
