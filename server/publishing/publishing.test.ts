import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ninjsPath } from '../../shared/portal/ninjs';
import { ninjsSchemaErrors } from '../../tests/support/portal/ninjsSchema';
import { siteProblems } from '../../tests/support/publishing/site';
import { STORE_KINDS, startStoreHarness, type StoreHarness } from '../store/testing/storeHarness';
import { startNewsroomHarness, type NewsroomHarness } from '../testing/newsroomHarness';
import {
  completeStory,
  publishPartnershipStory,
  publishStory,
  uploadCaptionedPhoto,
} from './testing/newsroomStories';

const BEIJING_0800 = Date.UTC(2026, 11, 1, 0, 0); // 08:00 in Beijing (UTC+8).

describe.each(STORE_KINDS)('publishing on the server, %s store', (kind) => {
  let stores: StoreHarness;
  let harness: NewsroomHarness;
  let clock = Date.UTC(2026, 10, 30, 9, 0);
  beforeAll(async () => {
    stores = await startStoreHarness(kind);
    harness = await startNewsroomHarness(stores, {
      now: () => clock,
      newsroom: { isSchedulerRunning: false },
    });
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await stores.stop();
  });

  function sitePath(...parts: string[]): string {
    return path.join(harness.newsroom.publishDir, 'current', ...parts);
  }

  /** An approved story in News, scheduled by the editor for `at`; answers its id. */
  async function scheduledStory(headline: string, slug: string, at: number): Promise<string> {
    const id = await completeStory(harness, { headline, slug, section: 'news', state: 'approved' });
    await harness.value('story:transition', { id, action: 'schedule', scheduledAt: at }, 'editor');
    return id;
  }

  /** Another server process of this newsroom, on the same stores, that runs the scheduler. */
  function startSchedulingProcess(): Promise<NewsroomHarness> {
    return startNewsroomHarness(stores, {
      now: () => clock,
      sharing: harness,
      newsroom: { isSchedulerRunning: true },
    });
  }

  it('publishes an editor’s story with its photo on the server’s site, atomically, and records it', async () => {
    const { photo, id, published } = await publishPartnershipStory(harness);
    expect({
      state: published.state,
      publishing: published.publishing,
      path: published.story.publishedPath,
      first: published.story.firstPublishedAt,
      last: published.story.lastPublishedAt,
      event: [published.event.action, published.event.from, published.event.to],
    }).toEqual({
      state: 'published',
      publishing: 'server',
      path: 'business/2026/11/30/wuxi-partnership.html',
      first: clock,
      last: clock,
      event: ['publish', 'approved', 'published'],
    });
    const page = readFileSync(sitePath('business/2026/11/30/wuxi-partnership.html'), 'utf8');
    expect(page).toContain('Workers at a plant in Wuxi (#2a6).');
    expect(existsSync(sitePath('media', photo.id, 'w640.jpg'))).toBe(true);
    const ninjs = readFileSync(sitePath(...ninjsPath(id).split('/')), 'utf8');
    expect(ninjsSchemaErrors(ninjs)).toEqual([]);
    expect((JSON.parse(ninjs) as { headlines: unknown }).headlines).toEqual([
      { role: 'main', value: 'Wuxi reaps strong partnership' },
    ]);
    expect(await siteProblems(sitePath(), 'https://wuxi.chinadaily.com.cn')).toEqual([]);
  });

  it('refuses with every reason when the gate or the photos do not allow it, and writes nothing', async () => {
    const uncaptioned = await uploadCaptionedPhoto(harness, '#c33');
    await harness.value(
      'photo:update',
      { id: uncaptioned.id, fields: { caption: '' } },
      'photoDesk',
    );
    const id = await completeStory(harness, {
      headline: 'A figure without credit',
      slug: 'no-credit',
      state: 'approved',
      photo: { ...uncaptioned, credit: '' },
    });
    const refused = await harness.call('story:transition', { id, action: 'publish' }, 'editor');
    expect([refused.status, refused.body]).toEqual([
      409,
      {
        ok: false,
        error: {
          code: 'conflict',
          message: 'Publish was refused.',
          reasons: ['Figure 1: add the credit.'],
        },
      },
    ]);
    expect((await harness.value('story:get', { id }, 'editor')).state).toBe('approved');
    expect(existsSync(sitePath('business/2026/11/30/no-credit.html'))).toBe(false);
    const missingPhoto = await completeStory(harness, {
      headline: 'A photo the server never had',
      slug: 'never-had',
      state: 'approved',
      photo: { ...uncaptioned, id: 'e'.repeat(64), credit: 'Xinhua' },
    });
    const noPhoto = await harness.call(
      'story:transition',
      { id: missingPhoto, action: 'publish' },
      'editor',
    );
    expect([noPhoto.status, noPhoto.body.ok ? [] : noPhoto.body.error.reasons]).toEqual([
      409,
      ['Figure 1: the photo is no longer in the photo library; choose another.'],
    ]);
  });

  it('corrects at the same URL and unpublishes on the server', async () => {
    const { id, published } = await publishStory(harness, {
      headline: 'Metro line 6 opens',
      slug: 'metro-line-6',
      section: 'news',
    });
    clock += 60_000;
    const corrected = await harness.value(
      'story:transition',
      { id, action: 'publishCorrection', correctionNote: 'The line opens on Friday.' },
      'editor',
    );
    expect([
      corrected.story.publishedPath,
      corrected.story.firstPublishedAt,
      corrected.story.lastPublishedAt,
      corrected.publishing,
    ]).toEqual([published.story.publishedPath, published.story.firstPublishedAt, clock, 'server']);
    const pagePath = sitePath(...(published.story.publishedPath ?? '').split('/'));
    expect(readFileSync(pagePath, 'utf8')).toContain('The line opens on Friday.');
    const unpublished = await harness.value(
      'story:transition',
      { id, action: 'unpublish', reason: 'Legal asked us to.' },
      'editor',
    );
    expect([unpublished.state, unpublished.publishing]).toEqual(['unpublished', 'server']);
    expect(existsSync(pagePath)).toBe(false);
    expect(await siteProblems(sitePath(), 'https://wuxi.chinadaily.com.cn')).toEqual([]);
  });

  it('answers the preview’s context from the server’s site', async () => {
    const photo = await uploadCaptionedPhoto(harness, '#36c');
    const id = await completeStory(harness, {
      headline: 'Preview me',
      slug: 'preview-me',
      state: 'draft',
      photo,
    });
    const context = await harness.value(
      'portal:context',
      { storyId: id, photoIds: [photo.id] },
      'reporter',
    );
    expect({
      archivedPath: context.archivedPath,
      recent: context.recent.map((summary) => summary.path),
      photos: context.photos.map((portalPhoto) => portalPhoto.id),
    }).toEqual({
      archivedPath: null,
      recent: ['business/2026/11/30/wuxi-partnership.html'],
      photos: [photo.id],
    });
  });

  it('releases a story scheduled for 08:00 Beijing time once its time has come, and only once', async () => {
    clock = BEIJING_0800 - 3_600_000;
    const id = await scheduledStory('Morning briefing', 'morning-briefing', BEIJING_0800);
    const scheduler = harness.newsroom.scheduler;
    expect(scheduler).toBeNull();
    const second = await startSchedulingProcess();
    try {
      const run = second.newsroom.scheduler;
      if (run === null) throw new Error('The scheduler does not run.');
      clock = BEIJING_0800 - 1;
      expect(await run.runDue()).toBe(0);
      clock = BEIJING_0800;
      // Two processes at once (on PostgreSQL; the embedded store serves one process): one
      // releases it, the other finds it released.
      const [released, other] = await Promise.all([
        run.runDue(),
        kind === 'postgres' ? harness.newsroom.workflow.release(id) : run.runDue(),
      ]);
      const succeeded = [released, other].filter(
        (outcome) => outcome === 1 || (typeof outcome === 'object' && outcome?.ok === true),
      );
      expect(succeeded).toHaveLength(1);
      const story = await harness.value('story:get', { id }, 'editor');
      expect([story.state, story.firstPublishedAt, story.publishedPath]).toEqual([
        'published',
        BEIJING_0800,
        'news/2026/12/01/morning-briefing.html',
      ]);
      const releases = (await harness.value('story:trail', { id }, 'editor')).filter(
        (event) => event.action === 'release',
      );
      expect(releases.map((event) => [event.actor, event.from, event.to])).toEqual([
        ['Newsroom server (scheduled release)', 'scheduled', 'published'],
      ]);
      expect(existsSync(sitePath('news/2026/12/01/morning-briefing.html'))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('releases at the next start a story whose time passed while every server was down', async () => {
    const at = clock + 3_600_000;
    const id = await scheduledStory('Overnight results', 'overnight-results', at);
    clock = at + 8 * 3_600_000;
    const restarted = await startSchedulingProcess();
    try {
      const deadline = Date.now() + 10_000;
      while ((await restarted.value('story:get', { id }, 'editor')).state !== 'published') {
        if (Date.now() > deadline) throw new Error('The story was not released at the start.');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await restarted.value('story:get', { id }, 'editor')).firstPublishedAt).toBe(clock);
    } finally {
      await restarted.close();
    }
  });
});
