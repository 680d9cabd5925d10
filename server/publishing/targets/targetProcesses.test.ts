import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../../store/counters';
import { openStore } from '../../store/store';
import { addNewsroomPeople } from '../../../tests/support/newsroom';
import {
  approvedStories,
  newsroomValue as value,
  sessionToken,
} from '../../../tests/support/newsroom/approvedStory';
import {
  addTargetCommand,
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../../tests/support/newsroomServer';
import { siteFiles } from '../../../tests/support/publishing/site';
import { startSshServer, type SshServer } from '../../../tests/support/sshd';
import { until } from '../../../tests/support/until';

/*
 * Publish targets driven through server processes: the `target` commands, and the outbox of a
 * process killed mid-upload. (Apart from publishingProcesses.test.ts so the two long files run
 * side by side in the unit tier.)
 */

describe('`npm run server -- target …`', () => {
  it('adds, lists and removes targets in tab-separated lines, refusing mistakes in one line', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-targets-cli-'));
    const ssh = await startSshServer();
    try {
      const store = ['--data-dir', dataDir];
      const added = await addTargetCommand(store, { name: 'web1', url: ssh.url }, [
        '--identity-file',
        ssh.identityFile,
        '--host-key',
        ssh.hostKeyFingerprint,
      ]);
      const s3 = await addTargetCommand(store, { name: 'cdn', url: 's3://wuxi-portal/site' }, [
        '--endpoint',
        'http://127.0.0.1:9000',
      ]);
      const listed = await runNewsroomCommand(['target', 'list', ...store]);
      const refused = await Promise.all([
        runNewsroomCommand(['target', 'add', ...store, '--name', 'x', '--url', 'sftp://a:b@h/p']),
        runNewsroomCommand(['target', 'add', ...store, '--name', 'web1', '--url', 's3://bucket']),
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
    await addNewsroomPeople(store);
    server = await startNewsroomServer([...store, '--port', '0']);
    const editor = await sessionToken(server.url, 'wang');
    const reporter = await sessionToken(server.url, 'li.wei');
    const ids = await approvedStories(
      server.url,
      { reporter, editor },
      Array.from({ length: 40 }, (_, index) => `story-${index + 1}`),
    );
    for (const id of ids)
      await value(server.url, 'story:transition', { id, action: 'publish' }, editor);
    await server.stop();
    const added = await addTargetCommand(store, { name: 'web1', url: ssh.url }, [
      '--identity-file',
      ssh.identityFile,
    ]);
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
      const token = await sessionToken(server.url, 'wang');
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
      // The whole site, and no temporary file of a put the kill cut short.
      expect(await siteFiles(ssh.root)).toEqual(site);
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
