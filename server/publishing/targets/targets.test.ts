import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetStatus } from '../../../shared/api/newsroomPublishing';
import { startS3Server, S3RVER_CREDENTIALS, type S3Server } from '../../../tests/support/s3';
import { startSshServer, type SshServer } from '../../../tests/support/sshd';
import { until } from '../../../tests/support/until';
import { localReferences, siteFiles } from '../../../tests/support/publishing/site';
import { startStoreHarness, type StoreHarness } from '../../store/testing/storeHarness';
import { startNewsroomHarness, type NewsroomHarness } from '../../testing/newsroomHarness';
import { connectSftp, isTemporaryName } from './drivers';
import { parseTargetUrl } from './targetUrl';
import {
  publishPartnershipStory,
  publishStory,
  uploadCaptionedPhoto,
} from '../testing/newsroomStories';

/** Every public file of the server's current site, as site paths. */
async function publicSite(harness: NewsroomHarness): Promise<string[]> {
  return (await siteFiles(path.join(harness.newsroom.publishDir, 'current'))).filter(
    (file) => !file.split('/').some((segment) => segment.startsWith('.')),
  );
}

/**
 * What is wrong with a copy of the site: pages linking to files it does not have. Each link is
 * looked up after its page was read, not in a listing made before: a target being uploaded to
 * gains files meanwhile, and a page read late may rightly link to one the listing lacks.
 */
async function danglingLinks(root: string): Promise<string[]> {
  const pages = (await siteFiles(root)).filter(
    (file) => file.endsWith('.html') && !file.split('/').some((segment) => segment.startsWith('.')),
  );
  const problems: string[] = [];
  for (const page of pages) {
    let html: string;
    try {
      html = await readFile(path.join(root, page), 'utf8');
    } catch {
      continue; // Replaced or removed since the listing.
    }
    for (const target of localReferences(page, html))
      if (!existsSync(path.join(root, target))) problems.push(`${page} → ${target}`);
  }
  return problems;
}

describe('publish targets: SFTP and S3 through the outbox', () => {
  let stores: StoreHarness;
  let harness: NewsroomHarness;
  let ssh: SshServer;
  let s3: S3Server;
  beforeAll(async () => {
    [stores, ssh, s3] = await Promise.all([
      startStoreHarness('sqlite'),
      startSshServer(),
      startS3Server(),
    ]);
    harness = await startNewsroomHarness(stores, {
      newsroom: {
        environment: { ...S3RVER_CREDENTIALS },
        targetBackoff: { firstMs: 200, maxMs: 1000 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await Promise.all([stores.stop(), ssh.stop(), s3.stop()]);
  });

  async function statuses(): Promise<TargetStatus[]> {
    return harness.value('targets:status', {}, 'editor');
  }

  async function waitFor(
    what: string,
    isDone: (statuses: TargetStatus[]) => boolean,
    timeoutMs = 90_000,
  ): Promise<TargetStatus[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = await statuses();
      if (isDone(now)) return now;
      if (Date.now() > deadline)
        throw new Error(`Waited for ${what}; the targets are ${JSON.stringify(now)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('copies the whole site to a new SFTP and a new S3 target, pinning the host key seen first', async () => {
    const { photo, published } = await publishPartnershipStory(harness);
    await harness.newsroom.targets.add({
      name: 'web1',
      url: ssh.url,
      identityFile: ssh.identityFile,
    });
    await harness.newsroom.targets.add({
      name: 'cdn',
      url: `s3://${s3.bucket}/site`,
      endpoint: s3.endpoint,
    });
    harness.newsroom.outbox.poke();
    const done = await waitFor('both targets current', (now) =>
      now.every((status) => status.state === 'current'),
    );
    expect(done.map((status) => [status.name, status.state, status.pending])).toEqual([
      ['cdn', 'current', 0],
      ['web1', 'current', 0],
    ]);
    const site = await publicSite(harness);
    expect(site).toEqual(
      expect.arrayContaining([
        published.story.publishedPath,
        `media/${photo.id}/w640.jpg`,
        'index.html',
        'feed.xml',
        'sitemap.xml',
      ]),
    );
    expect(await siteFiles(ssh.root)).toEqual(site);
    expect(await s3.keys('site/')).toEqual(site.map((file) => `site/${file}`));
    for (const file of site) {
      const local = await readFile(path.join(harness.newsroom.publishDir, 'current', file));
      expect(await readFile(path.join(ssh.root, file))).toEqual(local);
      expect(await s3.read(`site/${file}`)).toEqual(local);
    }
    expect((await harness.newsroom.targets.get('web1'))?.host_key).toBe(ssh.hostKeyFingerprint);
    expect(await danglingLinks(ssh.root)).toEqual([]);
  }, 120_000);

  it('uploads a new generation in link order: photos, articles, sections, home, feed, sitemap', async () => {
    const before = s3.events().length;
    const photo = await uploadCaptionedPhoto(harness, '#963');
    await publishStory(harness, {
      headline: 'Grand Canal festival',
      slug: 'canal-festival',
      section: 'travel',
      photo,
    });
    await waitFor('the new generation on both', (now) =>
      now.every((status) => status.state === 'current'),
    );
    const written = s3
      .events()
      .slice(before)
      .map((event) => event.replace(/^ObjectCreated:Put site\//, ''));
    const position = (match: (key: string) => boolean) => written.findIndex(match);
    const lastPhoto = Math.max(
      ...written.map((key, index) => (key.startsWith('media/') ? index : -1)),
    );
    expect(lastPhoto).toBeGreaterThanOrEqual(0);
    expect(lastPhoto).toBeLessThan(position((key) => key.endsWith('canal-festival.html')));
    expect(position((key) => key.endsWith('canal-festival.html'))).toBeLessThan(
      position((key) => key === 'travel/index.html'),
    );
    expect(position((key) => key === 'travel/index.html')).toBeLessThan(
      position((key) => key === 'index.html'),
    );
    expect(written.slice(-2)).toEqual(['feed.xml', 'sitemap.xml']);
    expect(new Set(written).size).toBe(written.length);
  }, 120_000);

  it('keeps publishing through an SFTP outage of a minute, says why, and catches up with no dangling link at any moment', async () => {
    // Watch the target as a reader would, from before the outage until it is current again.
    let isWatching = true;
    const seen: string[] = [];
    const watcher = (async () => {
      while (isWatching) {
        seen.push(...(await danglingLinks(ssh.root).catch(() => [])));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    // And what `targets:status` says of web1, each change of state in order, to the end.
    const states: string[] = [];
    const sample = async () => {
      const web1 = (await statuses()).find((status) => status.name === 'web1');
      if (web1 !== undefined && states.at(-1) !== web1.state) states.push(web1.state);
    };
    const sampler = (async () => {
      while (isWatching) {
        await sample();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await sample();
    })();

    let current: TargetStatus[];
    let article: string;
    try {
      const { db } = harness.newsroom.store;
      const onTarget = async () =>
        (
          await db
            .selectFrom('target_files')
            .select('path')
            .where('target_name', '=', 'web1')
            .execute()
        ).length;
      const held = await onTarget();
      const { id: metro } = await publishStory(harness, {
        headline: 'Metro line 6 opens',
        slug: 'metro-line-6',
        section: 'news',
        photo: await uploadCaptionedPhoto(harness, '#a1b'),
      });
      // sshd goes down while the outbox copies the new generation (as soon as its first file is
      // up), its sessions killed mid-transfer; the editor goes on publishing meanwhile.
      const deadline = Date.now() + 10_000;
      while ((await onTarget()) === held && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 1));
      await ssh.halt();
      const haltedAt = Date.now();
      await publishStory(harness, {
        headline: 'Taihu lake clean-up',
        slug: 'taihu-clean-up',
        section: 'news',
        photo: await uploadCaptionedPhoto(harness, '#1ba'),
      });
      const corrected = await harness.value(
        'story:transition',
        { id: metro, action: 'publishCorrection', correctionNote: 'The line opens on Friday.' },
        'editor',
      );
      const failing = await waitFor('SFTP failing and S3 current', (now) =>
        now.every((status) =>
          status.name === 'web1' ? status.state === 'failing' : status.state === 'current',
        ),
      );
      const web1 = failing.find((status) => status.name === 'web1');
      expect([web1?.state, (web1?.pending ?? 0) > 0, web1?.lastError]).toEqual([
        'failing',
        true,
        expect.stringMatching(/ECONNREFUSED|connect/),
      ]);
      // The S3 target has the correction already.
      article = corrected.story.publishedPath ?? '';
      expect((await s3.read(`site/${article}`))?.toString('utf8')).toContain(
        'The line opens on Friday.',
      );

      // A minute down, then back: the outbox has kept retrying with backoff.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, haltedAt + 60_000 - Date.now())),
      );
      await ssh.start();
      current = await waitFor('SFTP caught up', (now) =>
        now.every((status) => status.state === 'current'),
      );
    } finally {
      isWatching = false;
      await Promise.all([watcher, sampler]);
    }
    // From its last failure web1 went to current, through `pending` while it caught up with a
    // generation published after the pass that first succeeded.
    const fromFailing = states.slice(states.lastIndexOf('failing'));
    expect({ seen, fromFailing: fromFailing.filter((state) => state !== 'pending') }).toEqual({
      seen: [],
      fromFailing: ['failing', 'current'],
    });
    expect(current.find((status) => status.name === 'web1')?.lastError).toBeUndefined();
    // Nor is any temporary file of a put the outage cut short left behind.
    expect(await siteFiles(ssh.root)).toEqual(await publicSite(harness));
    expect(await readFile(path.join(ssh.root, article), 'utf8')).toContain(
      'The line opens on Friday.',
    );
  }, 180_000);

  it('deletes what an unpublish removed, last, on every target', async () => {
    const list = await harness.value('stories:list', { state: 'published' }, 'editor');
    const story = list.find((item) => item.slug === 'metro-line-6');
    if (story === undefined) throw new Error('The metro story is not published.');
    const { publishedPath } = await harness.value('story:get', { id: story.id }, 'editor');
    await harness.value(
      'story:transition',
      { id: story.id, action: 'unpublish', reason: 'Wrong date.' },
      'editor',
    );
    const before = s3.events().length;
    await waitFor('the unpublish everywhere', (now) =>
      now.every((status) => status.state === 'current'),
    );
    const written = s3.events().slice(before);
    expect(written.at(-1)).toMatch(/^ObjectRemoved:Delete /);
    expect(await s3.read(`site/${publishedPath}`)).toBeNull();
    expect(await siteFiles(ssh.root)).toEqual(await publicSite(harness));
    expect(await danglingLinks(ssh.root)).toEqual([]);
  }, 120_000);

  it('removes what a put cut short by an outage left, and nothing else, on the next pass that succeeds', async () => {
    const address = parseTargetUrl(ssh.url);
    if (address.kind !== 'sftp') throw new Error('The test server is an SFTP target.');
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'newsroom-cut-short-'));
    const notOurs = ['.htaccess', 'index.html.part-0badf00d'];
    try {
      // A put to the site's root of a file large enough to be under way when sshd goes down.
      const large = path.join(scratch, 'index.html');
      await writeFile(large, '');
      await truncate(large, 2 ** 30);
      const writer = await connectSftp(address, ssh.identityFile, {
        pinned: ssh.hostKeyFingerprint,
        record: (fingerprint) => Promise.resolve(fingerprint),
      });
      const leftovers = async () => (await readdir(ssh.root)).filter(isTemporaryName);
      const putting = writer.put('index.html', large, 2 ** 30).catch((error: unknown) => error);
      await until('the put under way', async () => (await leftovers()).length > 0, 10_000);
      await ssh.halt();
      expect(await putting).toBeInstanceOf(Error);
      await writer.close();
      const cutShort = await leftovers();
      // Files of the same folder that are not the writer's own: the sweep leaves them.
      for (const name of notOurs) await writeFile(path.join(ssh.root, name), 'not ours');
      await publishStory(harness, {
        headline: 'Xihui park reopens',
        slug: 'xihui-park',
        section: 'news',
      });
      await waitFor('SFTP failing', (now) =>
        now.some((status) => status.name === 'web1' && status.state === 'failing'),
      );
      await ssh.start();
      await waitFor('SFTP caught up', (now) => now.every((status) => status.state === 'current'));
      const left = (await readdir(ssh.root)).filter(
        (name) => name.startsWith('.') || name.includes('.part-'),
      );
      expect({ cutShort: cutShort.length, left: left.sort() }).toEqual({
        cutShort: 1,
        left: notOurs,
      });
    } finally {
      await Promise.all(notOurs.map((name) => rm(path.join(ssh.root, name), { force: true })));
      await rm(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an SFTP server whose host key is not the pinned one, and sends nothing', async () => {
    await harness.newsroom.targets.add({
      name: 'impostor',
      url: `sftp://${ssh.user}@127.0.0.1:${ssh.port}${ssh.root}/impostor`,
      identityFile: ssh.identityFile,
      hostKey: `SHA256:${'A'.repeat(43)}`,
    });
    harness.newsroom.outbox.poke();
    const failing = await waitFor('the impostor failing', (now) =>
      now.some((status) => status.name === 'impostor' && status.state === 'failing'),
    );
    expect(failing.find((status) => status.name === 'impostor')?.lastError).toBe(
      `The SFTP server's host key changed: it showed ${ssh.hostKeyFingerprint}, but SHA256:${'A'.repeat(43)} is pinned. Nothing was sent. If the server was really replaced, remove the target and add it again with --host-key.`,
    );
    expect((await siteFiles(ssh.root)).filter((file) => file.startsWith('impostor/'))).toEqual([]);
    await harness.newsroom.targets.remove('impostor');
  }, 120_000);

  it('never shows a credential in logs, status or errors', async () => {
    const stores2 = await startStoreHarness('sqlite');
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    const leaky = await startNewsroomHarness(stores2, {
      newsroom: {
        environment: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: secret },
        targetBackoff: { firstMs: 100, maxMs: 200 },
      },
    });
    try {
      await publishStory(leaky, { headline: 'Secret keys', slug: 'secret-keys' });
      await leaky.newsroom.targets.add({
        name: 'bad-keys',
        url: `s3://${s3.bucket}/leaky`,
        endpoint: s3.endpoint,
      });
      await leaky.newsroom.targets.add({
        name: 'bad-key-file',
        url: ssh.url,
        identityFile: `${ssh.identityFile}.pub`,
      });
      leaky.newsroom.outbox.poke();
      const deadline = Date.now() + 20_000;
      let now = await leaky.value('targets:status', {}, 'editor');
      while (!now.every((status) => status.state === 'failing') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        now = await leaky.value('targets:status', {}, 'editor');
      }
      expect(now.map((status) => status.state)).toEqual(['failing', 'failing']);
      const privateKey = (await readFile(ssh.identityFile, 'utf8')).split('\n')[1] ?? '';
      const said = [JSON.stringify(now), ...leaky.logs].join('\n');
      for (const credential of [secret, 'AKIAIOSFODNN7EXAMPLE', privateKey])
        expect(said.includes(credential)).toBe(false);
    } finally {
      await leaky.close();
      await stores2.stop();
    }
  }, 120_000);
});
