import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetStatus } from '../../../shared/api/newsroomPublishing';
import { siteFiles } from '../../../tests/support/publishing/site';
import { startSshServer, type SshServer } from '../../../tests/support/sshd';
import { until } from '../../../tests/support/until';
import { startStoreHarness, type StoreHarness } from '../../store/testing/storeHarness';
import { startNewsroomHarness, type NewsroomHarness } from '../../testing/newsroomHarness';
import { publishStory } from '../testing/newsroomStories';
import { connectSftp, isTemporaryName } from './drivers';
import { parseTargetUrl } from './targetUrl';
import type { TargetRow } from './targets';

/*
 * The outbox's passes over an SFTP target after one failed: when it stops looking, when it looks
 * again, and what a put cut short leaves behind, on a real sshd.
 */
describe('publish target passes after a failure', () => {
  let stores: StoreHarness;
  let harness: NewsroomHarness;
  let ssh: SshServer;
  beforeAll(async () => {
    [stores, ssh] = await Promise.all([startStoreHarness('sqlite'), startSshServer()]);
    harness = await startNewsroomHarness(stores, {
      newsroom: { targetBackoff: { firstMs: 100, maxMs: 200 } },
    });
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await Promise.all([stores.stop(), ssh.stop()]);
  });

  async function status(name: string): Promise<TargetStatus | undefined> {
    const statuses = await harness.value('targets:status', {}, 'editor');
    return statuses.find((target) => target.name === name);
  }

  async function row(name: string): Promise<TargetRow> {
    const found = await harness.newsroom.targets.get(name);
    if (found === null) throw new Error(`There is no target ${name}.`);
    return found;
  }

  async function waitFor(what: string, isDone: () => Promise<boolean>): Promise<void> {
    await until(what, isDone, 60_000);
  }

  /** Has the outbox look for work now and waits until it has done what it found. */
  async function lookNow(): Promise<void> {
    harness.newsroom.outbox.poke();
    await harness.newsroom.outbox.idle();
  }

  /** Every public file of the server's current site, as site paths. */
  async function publicSite(): Promise<string[]> {
    return (await siteFiles(path.join(harness.newsroom.publishDir, 'current'))).filter(
      (file) => !file.split('/').some((segment) => segment.startsWith('.')),
    );
  }

  it('stops retrying once a failed target lacks nothing, and looks again for an edit or a generation', async () => {
    await publishStory(harness, { headline: 'Wuxi reaps strong partnership', slug: 'partnership' });
    await harness.newsroom.targets.add({
      name: 'web1',
      url: ssh.url,
      identityFile: ssh.identityFile,
    });
    harness.newsroom.outbox.poke();
    await waitFor('web1 current', async () => (await status('web1'))?.state === 'current');

    // sshd is down when a story is published, and the story is unpublished before it is back.
    await ssh.halt();
    const { id } = await publishStory(harness, {
      headline: 'Metro line 6 opens',
      slug: 'metro-line-6',
      section: 'news',
    });
    await waitFor('web1 failing', async () => (await status('web1'))?.state === 'failing');
    await harness.value(
      'story:transition',
      { id, action: 'unpublish', reason: 'Wrong date.' },
      'editor',
    );
    expect(await status('web1')).toMatchObject({ state: 'current', pending: 0 });

    // Its retry time comes (and a pass begun before the unpublish is over): the outbox looks once
    // more, finds nothing to do, and leaves it be.
    await waitFor('no pass under way, and the retry time', async () => {
      const { lease_owner: owner, next_attempt_at: due } = await row('web1');
      return owner === null && (due === null || due <= Date.now());
    });
    await lookNow();
    const settled = await row('web1');
    // Later looks leave its row as it is (a claim would stamp its time in last_attempt_at).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await lookNow();
    await lookNow();
    expect(await row('web1')).toEqual(settled);
    expect([settled.failures, settled.last_error, settled.next_attempt_at]).toEqual([
      0,
      null,
      null,
    ]);

    // The target is edited (removed and added again, elsewhere): its timer finds it and copies
    // the whole site, with no generation published and nobody poking the outbox.
    await ssh.start();
    await harness.newsroom.targets.remove('web1');
    await harness.newsroom.targets.add({
      name: 'web1',
      url: `${ssh.url}/moved`,
      identityFile: ssh.identityFile,
    });
    await waitFor(
      'the moved web1 current',
      async () => (await status('web1'))?.state === 'current',
    );
    expect(await siteFiles(path.join(ssh.root, 'moved'))).toEqual(await publicSite());

    // A new generation is copied too.
    const { published } = await publishStory(harness, {
      headline: 'Taihu lake clean-up',
      slug: 'taihu-clean-up',
      section: 'news',
    });
    await waitFor('the new story on web1', async () => (await status('web1'))?.state === 'current');
    expect(await siteFiles(path.join(ssh.root, 'moved'))).toEqual(
      expect.arrayContaining([published.story.publishedPath]),
    );
    expect(await siteFiles(path.join(ssh.root, 'moved'))).toEqual(await publicSite());
  }, 120_000);

  it('clears what a put cut short left in a folder none of whose files is pending any more', async () => {
    if (!ssh.isRunning()) await ssh.start();
    await harness.newsroom.targets.remove('web1');
    const { published } = await publishStory(harness, {
      headline: 'Lingshan draws visitors',
      slug: 'lingshan',
      section: 'business',
    });
    // The folder of the day's business stories (the long one below goes there too).
    const folder = path.posix.dirname(published.story.publishedPath ?? '');
    await harness.newsroom.targets.add({
      name: 'web2',
      url: `${ssh.url}/web2`,
      identityFile: ssh.identityFile,
    });
    harness.newsroom.outbox.poke();
    await waitFor('web2 current', async () => (await status('web2'))?.state === 'current');
    const root = path.join(ssh.root, 'web2');
    const leftovers = async () =>
      (await siteFiles(root)).filter((file) => isTemporaryName(path.posix.basename(file)));

    // sshd goes down while the outbox puts a long article (its temporary file is on the target).
    let isWatching = true;
    const cutting = (async () => {
      while (isWatching) {
        const names = await readdir(path.join(root, folder)).catch(() => []);
        if (names.some((name) => isTemporaryName(name) && name.startsWith('.canal-freight.'))) {
          await ssh.halt();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    let id: string;
    try {
      ({ id } = await publishStory(harness, {
        headline: 'Canal freight grows',
        slug: 'canal-freight',
        section: 'business',
        bodyCharacters: 20_000_000,
      }));
      await waitFor('web2 failing', async () => (await status('web2'))?.state === 'failing');
    } finally {
      isWatching = false;
      await cutting;
    }
    const cutShort = await leftovers();
    expect(cutShort).toEqual([expect.stringMatching(new RegExp(`^${folder}/\\.canal-freight\\.`))]);

    // The story is unpublished before sshd is back: the article whose put was cut short is no
    // longer pending, nor is anything else in its folder.
    await harness.value(
      'story:transition',
      { id, action: 'unpublish', reason: 'Not ours to run.' },
      'editor',
    );
    await ssh.start();
    await waitFor('web2 passed again', async () => {
      const now = await row('web2');
      return now.failures === 0 && now.last_error === null;
    });
    expect(await status('web2')).toMatchObject({
      state: 'current',
      pending: 0,
    });
    expect({ left: await leftovers(), site: await siteFiles(root) }).toEqual({
      left: [],
      site: await publicSite(),
    });
  }, 180_000);

  it('refuses to clear a folder that is not one of the site, removing nothing', async () => {
    if (!ssh.isRunning()) await ssh.start();
    const address = parseTargetUrl(`${ssh.url}/web3`);
    if (address.kind !== 'sftp') throw new Error('The test server is an SFTP target.');
    await mkdir(path.join(ssh.root, 'web3', 'news'), { recursive: true });
    const outside = path.join(ssh.root, '.index.html.part-0123abcd');
    const inside = path.join(ssh.root, 'web3', 'news', '.index.html.part-0123abcd');
    await Promise.all([writeFile(outside, 'not the site'), writeFile(inside, 'cut short')]);
    const connection = await connectSftp(address, ssh.identityFile, {
      pinned: ssh.hostKeyFingerprint,
      record: (fingerprint) => Promise.resolve(fingerprint),
    });
    try {
      const refusals = await Promise.all(
        ['..', 'news/../..', '/', 'news//x', '.'].map((folder) =>
          connection.clearLeftovers(['news', folder]).then(
            () => null,
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          ),
        ),
      );
      expect(refusals).toEqual([
        '".." is not a folder of the site: nothing was removed.',
        '"news/../.." is not a folder of the site: nothing was removed.',
        '"/" is not a folder of the site: nothing was removed.',
        '"news//x" is not a folder of the site: nothing was removed.',
        '"." is not a folder of the site: nothing was removed.',
      ]);
      expect([existsSync(outside), existsSync(inside)]).toEqual([true, true]);
      await connection.clearLeftovers(['news', '']);
      expect([existsSync(outside), existsSync(inside)]).toEqual([true, false]);
    } finally {
      await connection.close();
      await rm(outside, { force: true });
    }
  });
});
