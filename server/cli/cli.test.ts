import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../../shared/portal/profile';
import {
  callNewsroom,
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../tests/support/newsroomServer';
import { listenToEvents } from '../../tests/support/eventStream';
import { PEOPLE, TEST_PASSWORD } from '../testing/newsroomHarness';
import { addNewsroomPeople } from '../../tests/support/newsroom';
import { sessionToken as signIn } from '../../tests/support/newsroom/approvedStory';

// Each test runs `npm run server` several times, one after another, and each run is a Node
// start-up loading the whole server bundle: a few seconds apiece on a busy 2-core machine, where
// the default 20 s timed three of these tests out. The answers checked are the same.
vi.setConfig({ testTimeout: 90_000 });

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-cli-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * Each command these tests run is a Node start: a few in a row outlast the default 20 s on a
 * loaded 2-core machine.
 */
const COMMANDS_TIMEOUT = { timeout: 60_000 };

let dataDirs = 0;
function newDataDir(): string {
  dataDirs += 1;
  return path.join(folder, `data-${dataDirs}`);
}

describe('npm run server', COMMANDS_TIMEOUT, () => {
  it('starts on a free port, prints exactly its ready line, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const server = await startNewsroomServer(['--data-dir', newDataDir(), '--port', '0']);
    expect(server.stdout().split('\n')[0]).toBe(
      `Newsroom server ready at http://127.0.0.1:${server.port}`,
    );
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toBe('');
  });

  it('stops cleanly on SIGINT too', async () => {
    const server = await startNewsroomServer(['--data-dir', newDataDir(), '--port', '0']);
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('says what is wrong with its options in one line on standard error, and exits 1', async () => {
    const results = await Promise.all([
      runNewsroomCommand(['--port', '0']),
      runNewsroomCommand(['--data-dir', newDataDir(), '--port', 'eighty']),
      runNewsroomCommand(['--data-dir', newDataDir(), '--port', '0', '--colour', 'red']),
      runNewsroomCommand([
        '--data-dir',
        newDataDir(),
        '--port',
        '0',
        '--database-url',
        'mysql://x',
      ]),
      runNewsroomCommand(['serve']),
    ]);
    expect(
      results.map(({ code, stdout, stderr }) => ({
        code,
        stdout,
        lines: stderr.trim().split('\n').length,
      })),
    ).toEqual(results.map(() => ({ code: 1, stdout: '', lines: 1 })));
    expect(results.map(({ stderr }) => stderr)).toEqual([
      expect.stringMatching(
        /^--data-dir is required\. Usage: npm run server -- --data-dir <dir> --port <port> /,
      ),
      expect.stringMatching(/^--port is required: a port number \(0 picks a free one\)\. Usage: /),
      expect.stringMatching(/^Unknown option '--colour'/),
      '--database-url must be a postgres:// URL.\n',
      'There is no command "serve": npm run server -- [user …|profile …|backup …|target …|--data-dir <dir> --port <port> …]\n',
    ]);
  });

  it('says in one line that a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const result = await runNewsroomCommand(['--data-dir', newDataDir(), '--port', String(port)]);
    blocker.close();
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Cannot listen on 127.0.0.1:${port}: the port is in use. Choose another --port or --host.\n`,
    });
  });
});

describe('npm run server -- user …', COMMANDS_TIMEOUT, () => {
  it('manages accounts with tab-separated output, the password read from standard input', async () => {
    const dataDir = newDataDir();
    const store = ['--data-dir', dataDir];
    const steps = [
      await runNewsroomCommand(
        ['user', 'add', ...store, '--login', 'li.wei', '--name', 'Li Wei', '--role', 'reporter'],
        `${TEST_PASSWORD}\n`,
      ),
      await runNewsroomCommand(
        ['user', 'add', ...store, '--login', 'wang', '--name', 'Wang Fang', '--role', 'editor'],
        `${TEST_PASSWORD}\n`,
      ),
      await runNewsroomCommand([
        'user',
        'set-role',
        ...store,
        '--login',
        'li.wei',
        '--role',
        'photo_desk',
      ]),
      await runNewsroomCommand(['user', 'disable', ...store, '--login', 'wang']),
      await runNewsroomCommand(
        ['user', 'reset-password', ...store, '--login', 'li.wei'],
        'a new secret here\r\n',
      ),
      await runNewsroomCommand(['user', 'list', ...store]),
    ];
    expect(steps).toEqual([
      { code: 0, stdout: 'li.wei\tLi Wei\treporter\tactive\n', stderr: '' },
      { code: 0, stdout: 'wang\tWang Fang\teditor\tactive\n', stderr: '' },
      { code: 0, stdout: 'li.wei\tLi Wei\tphoto_desk\tactive\n', stderr: '' },
      { code: 0, stdout: 'wang\tWang Fang\teditor\tdisabled\n', stderr: '' },
      { code: 0, stdout: 'li.wei\tLi Wei\tphoto_desk\tactive\n', stderr: '' },
      {
        code: 0,
        stdout: 'li.wei\tLi Wei\tphoto_desk\tactive\nwang\tWang Fang\teditor\tdisabled\n',
        stderr: '',
      },
    ]);
    const audit = await runNewsroomCommand(['user', 'audit', ...store, '--login', 'li.wei']);
    expect(
      audit.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t').slice(1)),
    ).toEqual([
      ['account added', 'li.wei', 'command line', 'role reporter'],
      ['role changed', 'li.wei', 'command line', 'reporter → photo_desk'],
      ['password reset', 'li.wei', 'command line', '0 session(s) ended'],
    ]);
  });

  it('refuses bad requests in one line on standard error with exit status 1', async () => {
    const store = ['--data-dir', newDataDir()];
    await runNewsroomCommand(
      ['user', 'add', ...store, '--login', 'li.wei', '--name', 'Li Wei', '--role', 'reporter'],
      `${TEST_PASSWORD}\n`,
    );
    const results = await Promise.all([
      runNewsroomCommand(
        ['user', 'add', ...store, '--login', 'li.wei', '--name', 'Li Wei', '--role', 'reporter'],
        `${TEST_PASSWORD}\n`,
      ),
      runNewsroomCommand(
        ['user', 'add', ...store, '--login', 'zhang', '--name', 'Zhang', '--role', 'reporter'],
        '',
      ),
      runNewsroomCommand(
        ['user', 'add', ...store, '--login', 'zhang', '--name', 'Zhang', '--role', 'boss'],
        `${TEST_PASSWORD}\n`,
      ),
      runNewsroomCommand(['user', 'set-role', ...store, '--login', 'nobody', '--role', 'editor']),
      runNewsroomCommand(['user', 'list', ...store, '--login', 'li.wei']),
      runNewsroomCommand(['user', 'fire', ...store]),
    ]);
    expect(results.map(({ code, stdout, stderr }) => [code, stdout, stderr])).toEqual([
      [1, '', 'The login "li.wei" is taken already.\n'],
      [1, '', 'No password on standard input: give it as one line.\n'],
      [1, '', 'A role is one of reporter, editor, photo_desk.\n'],
      [1, '', 'There is no account "nobody".\n'],
      [
        1,
        '',
        expect.stringMatching(/^--login does not go with user list\. Usage: user list [^\n]*\n$/),
      ],
      [1, '', expect.stringMatching(/^Say what to do: npm run server -- user add [^\n]*\n$/)],
    ]);
  });

  it('works while the server runs, which ends a disabled account’s sessions within seconds', async () => {
    const dataDir = newDataDir();
    const store = ['--data-dir', dataDir];
    await addNewsroomPeople(store, [PEOPLE.reporter]);
    const server = await startNewsroomServer([...store, '--port', '0']);
    try {
      const token = await signIn(server.url, 'li.wei');
      const events = listenToEvents(server.url, token);
      // The stream opens with the cursors' events: once one is here, the server has the listener.
      await events.waitFor(() => true, 15_000);
      const disable = await runNewsroomCommand(['user', 'disable', ...store, '--login', 'li.wei']);
      // Timed from the command's exit, when the disable is stored: its Node start-up before that
      // is no part of how fast the server notices.
      const disabledAt = Date.now();
      expect(disable.stdout).toBe('li.wei\tLi Wei\treporter\tdisabled\n');
      const end = await events.waitFor((data) => data.includes('"end"'), 15_000);
      await events.close();
      expect(end?.data).toBe('{"type":"end","message":"Your session has ended: sign in again."}');
      expect((end?.at ?? Number.POSITIVE_INFINITY) - disabledAt).toBeLessThan(5000);
      expect((await callNewsroom(server.url, 'session:get', {}, token)).status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});

describe('npm run server -- profile … and backup', COMMANDS_TIMEOUT, () => {
  it('sets the portal profile from a file, refusing one that is not valid', async () => {
    const dataDir = newDataDir();
    const file = path.join(folder, 'profile.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_PORTAL_PROFILE, siteName: 'Wuxi News' }));
    const broken = path.join(folder, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...DEFAULT_PORTAL_PROFILE, sections: [] }));
    const results = [
      await runNewsroomCommand(['profile', 'set', '--data-dir', dataDir, '--file', file]),
      await runNewsroomCommand(['profile', 'set', '--data-dir', dataDir, '--file', broken]),
      await runNewsroomCommand(['profile', 'show', '--data-dir', dataDir]),
    ];
    expect(results.slice(0, 2)).toEqual([
      {
        code: 0,
        stdout:
          'Portal profile set: Wuxi News (https://wuxi.chinadaily.com.cn), 39 sections, Asia/Shanghai.\n',
        stderr: '',
      },
      {
        code: 1,
        stdout: '',
        stderr: expect.stringMatching(/^The portal profile is not valid\. sections: /),
      },
    ]);
    expect(JSON.parse(results[2]?.stdout ?? '')).toEqual({
      ...DEFAULT_PORTAL_PROFILE,
      siteName: 'Wuxi News',
    });
  });

  it('backs up the embedded store while the server runs, to a file that opens as the same newsroom', async () => {
    const dataDir = newDataDir();
    await addNewsroomPeople(['--data-dir', dataDir], [PEOPLE.reporter]);
    const server = await startNewsroomServer(['--data-dir', dataDir, '--port', '0']);
    const target = path.join(folder, `backup-${dataDirs}.sqlite`);
    try {
      const token = await signIn(server.url, 'li.wei');
      await callNewsroom(server.url, 'story:create', { headline: 'Kept in the backup' }, token);
      const backup = await runNewsroomCommand(['backup', '--data-dir', dataDir, '--to', target]);
      expect(backup).toEqual({
        code: 0,
        stdout: `Backed up the newsroom store to ${target}.\n`,
        stderr: '',
      });
      const again = await runNewsroomCommand(['backup', '--data-dir', dataDir, '--to', target]);
      expect(again).toEqual({
        code: 1,
        stdout: '',
        stderr: `${target} exists already: name a new file.\n`,
      });
    } finally {
      await server.stop();
    }
    const restored = newDataDir();
    mkdirSync(restored, { recursive: true });
    copyFileSync(target, path.join(restored, 'newsroom.sqlite'));
    const server2 = await startNewsroomServer(['--data-dir', restored, '--port', '0']);
    try {
      const token = await signIn(server2.url, 'li.wei');
      const listed = await callNewsroom(server2.url, 'stories:list', {}, token);
      expect(
        (listed.body.value as Array<{ headline: string }>).map((story) => story.headline),
      ).toEqual(['Kept in the backup']);
    } finally {
      await server2.stop();
    }
  });
});

describe('the server’s safety', () => {
  let server: NewsroomServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = newDataDir();
    await addNewsroomPeople(['--data-dir', dataDir], [PEOPLE.reporter]);
    server = await startNewsroomServer(['--data-dir', dataDir, '--port', '0']);
  }, 60_000);
  afterAll(async () => server.stop());

  /** The peak resident memory of the server process so far, in MB. */
  function peakMemoryMb(): number {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 'NaN') / 1024;
  }

  /** Streams `megabytes` of JSON-ish bytes as one request and answers the status the server gave. */
  function sendHuge(token: string, megabytes: number, declareLength: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${server.url}/api/story:create`);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const call = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
            ...(declareLength ? { 'Content-Length': String(megabytes * chunk.length) } : {}),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      call.on('error', reject);
      let sent = 0;
      function pump(): void {
        while (sent < megabytes) {
          sent += 1;
          if (!call.write(chunk)) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      }
      pump();
    });
  }

  it('refuses a 256 MB request with 413 without holding it in memory, declared or streamed', async () => {
    const token = await signIn(server.url, 'li.wei');
    const before = peakMemoryMb();
    expect([await sendHuge(token, 256, true), await sendHuge(token, 256, false)]).toEqual([
      413, 413,
    ]);
    expect(peakMemoryMb() - before).toBeLessThan(64);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('writes no password or token to its logs', async () => {
    const token = await signIn(server.url, 'li.wei');
    await callNewsroom(server.url, 'session:create', {
      login: 'li.wei',
      password: 'a wrong guess at it',
    });
    await callNewsroom(
      server.url,
      'account:changePassword',
      { currentPassword: TEST_PASSWORD, newPassword: 'the next secret one' },
      token,
    );
    await callNewsroom(server.url, 'story:create', { headline: 'x' }, 'not-a-real-token-at-all');
    const logs = server.stdout() + server.stderr();
    expect(logs).toMatch(/POST \/api\/account:changePassword 200/);
    for (const secret of [
      TEST_PASSWORD,
      'a wrong guess at it',
      'the next secret one',
      token,
      'not-a-real-token-at-all',
    ])
      expect(logs).not.toContain(secret);
  });
});
