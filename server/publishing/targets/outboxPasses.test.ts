import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetStatus } from '../../../shared/api/newsroomPublishing';
import { siteFiles } from '../../../tests/support/publishing/site';
import { startSshServer, type SshServer } from '../../../tests/support/sshd';
import { until } from '../../../tests/support/until';
import { startStoreHarness, type StoreHarness } from '../../store/testing/storeHarness';
import { startNewsroomHarness, type NewsroomHarness } from '../../testing/newsroomHarness';
import { publishStory } from '../testing/newsroomStories';
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
});
