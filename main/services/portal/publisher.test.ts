import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/media/photo';
import { mediaPath, relativeHref, sectionIndexPath } from '../../../shared/portal/paths';
import { renderPreview } from '../../../shared/portal/preview';
import {
  DEFAULT_PORTAL_PROFILE,
  listSections,
  type PortalProfile,
} from '../../../shared/portal/profile';
import { buildWuxiStory, WUXI_PUBLISHED_AT } from '../../../tests/support/portal/wuxi';
import type { StoryWithBody } from '../../../shared/story/story';
import { makePhotos } from './testing/makePhotos';
import { openPhotoDirectory } from './testing/photoDirectory';
import { siteFiles, siteProblems } from './testing/site';
import { createPublisher, type Publisher } from './publisher';

const BASE = DEFAULT_PORTAL_PROFILE.baseUrl;
const WUXI_PATH = 'news/2017/03/03/wuxi-iot-partnership.html';

let dataDir: string;
let photos: Photo[];
let clock: number;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'publisher-'));
  photos = await makePhotos(path.join(dataDir, 'photos'), 3);
  clock = WUXI_PUBLISHED_AT;
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function openPublisher(profile: PortalProfile = DEFAULT_PORTAL_PROFILE): Promise<Publisher> {
  const library = await openPhotoDirectory(path.join(dataDir, 'photos'));
  return createPublisher({
    dataDir,
    publishFolder: () => '',
    profile: () => profile,
    ...library,
    now: () => clock,
  });
}

function photoId(index: number): string {
  const photo = photos[index];
  if (photo === undefined) throw new Error(`no test photo ${index}`);
  return photo.id;
}

/** The Wuxi story with the test's real photos in its two figures. */
function wuxiStory(overrides: Partial<StoryWithBody> = {}): StoryWithBody {
  const story = buildWuxiStory({
    firstPublishedAt: null,
    lastPublishedAt: null,
    state: 'approved',
  });
  const figureIds = [photoId(0), photoId(1)];
  let figure = 0;
  const body = story.body.map((block) =>
    block.type === 'figure' ? { ...block, photoId: figureIds[figure++] ?? block.photoId } : block,
  );
  return { ...story, body, ...overrides };
}

function siteRoot(): string {
  return path.join(dataDir, 'portal', 'current');
}

async function page(sitePath: string): Promise<string> {
  return readFile(path.join(siteRoot(), sitePath), 'utf8');
}

function renditionFiles(id: string): string[] {
  return ['w320', 'w640', 'w1024', 'w1600'].map((name) => mediaPath(id, name, 'image/webp'));
}

describe('publishing a story', () => {
  it('writes the article, its renditions, section page, home, feed and sitemap, and reports them', async () => {
    const publisher = await openPublisher();
    const result = await publisher.publish(wuxiStory());
    expect(result).toEqual({
      ok: true,
      value: {
        url: `${BASE}/${WUXI_PATH}`,
        path: WUXI_PATH,
        localFile: path.join(dataDir, 'portal', 'current', ...WUXI_PATH.split('/')),
        // The first publish gives every section its front page, so the navigation never dangles.
        pagesWritten: [
          ...listSections(DEFAULT_PORTAL_PROFILE).map((section) => sectionIndexPath(section.id)),
          'feed.xml',
          'index.html',
          WUXI_PATH,
          'sitemap.xml',
        ].sort(),
        filesCopied: [...renditionFiles(photoId(0)), ...renditionFiles(photoId(1))].sort(),
        durationMs: expect.any(Number),
        firstPublishedAt: WUXI_PUBLISHED_AT,
        lastPublishedAt: WUXI_PUBLISHED_AT,
        isCorrection: false,
      },
    });
    expect(await siteProblems(siteRoot(), BASE)).toEqual([]);
    const article = await page(WUXI_PATH);
    expect({
      headline: article.includes(
        '<h1>Wuxi reaps strong partnership to push forward IoT industry</h1>',
      ),
      updated: article.includes(
        'Updated : <time datetime="2017-03-03T10:00:00+08:00">2017-03-03</time>',
      ),
      captions: [
        ...article.matchAll(
          /<figcaption>[^]*?\[Photo provided to China Daily\]<\/span><\/figcaption>/g,
        ),
      ].length,
      sectionLinks: (await page('news/index.html')).includes(
        'href="../news/2017/03/03/wuxi-iot-partnership.html"',
      ),
      homeLinks: (await page('index.html')).includes(
        'href="news/2017/03/03/wuxi-iot-partnership.html"',
      ),
      feed: (await page('feed.xml')).includes(`<link>${BASE}/${WUXI_PATH}</link>`),
      sitemap: (await page('sitemap.xml')).includes(`<loc>${BASE}/${WUXI_PATH}</loc>`),
    }).toEqual({
      headline: true,
      updated: true,
      captions: 2,
      sectionLinks: true,
      homeLinks: true,
      feed: true,
      sitemap: true,
    });
  });

  it('writes only the pages a later story changes', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    clock += 60_000;
    const second = await publisher.publish(
      wuxiStory({
        id: '01900000-0000-7000-8000-000000000006',
        slug: 'second',
        section: 'business/companies',
      }),
    );
    expect(second.ok && second.value.pagesWritten).toEqual([
      'business/companies/2017/03/03/second.html',
      'business/companies/index.html',
      'business/index.html',
      'feed.xml',
      'index.html',
      'sitemap.xml',
    ]);
    expect(await siteProblems(siteRoot(), BASE)).toEqual([]);
  });

  it('keeps one JSON record per story in the archive', async () => {
    const publisher = await openPublisher();
    const story = wuxiStory();
    await publisher.publish(story);
    const record = JSON.parse(
      await readFile(path.join(dataDir, 'archive', `${story.id}.json`), 'utf8'),
    );
    expect({
      path: record.path,
      status: record.status,
      state: record.story.state,
      publishedPath: record.story.publishedPath,
      photos: record.photos.map((photo: { id: string }) => photo.id),
    }).toEqual({
      path: WUXI_PATH,
      status: 'published',
      state: 'published',
      publishedPath: WUXI_PATH,
      photos: [photoId(0), photoId(1)],
    });
  });

  it('republishes a correction at the same URL with its note and a new Updated date', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    clock = WUXI_PUBLISHED_AT + 3 * 86_400_000;
    const correction = await publisher.publish(
      wuxiStory({
        slug: 'a-new-slug',
        headline: 'Wuxi reaps partnership to push IoT industry',
        correctionNote: 'An earlier version misstated the investment.',
      }),
    );
    expect(correction).toEqual({
      ok: true,
      value: expect.objectContaining({
        path: WUXI_PATH,
        firstPublishedAt: WUXI_PUBLISHED_AT,
        lastPublishedAt: clock,
        isCorrection: true,
        filesCopied: [],
      }),
    });
    const article = await page(WUXI_PATH);
    expect({
      note: article.includes('<p>An earlier version misstated the investment.</p>'),
      updated: article.includes('>2017-03-06</time>'),
      headline: article.includes('<h1>Wuxi reaps partnership to push IoT industry</h1>'),
      problems: await siteProblems(siteRoot(), BASE),
    }).toEqual({ note: true, updated: true, headline: true, problems: [] });
  });

  it('gives a second story with the same slug on the same day its own URL', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    const second = await publisher.publish(
      wuxiStory({ id: '01900000-0000-7000-8000-000000000002' }),
    );
    expect(second.ok && second.value.path).toEqual('news/2017/03/03/wuxi-iot-partnership-2.html');
  });

  it('refuses a story without headline or with a photo missing from the library, and changes nothing', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    const before = await siteFiles(siteRoot());
    const result = await publisher.publish(
      wuxiStory({
        id: '01900000-0000-7000-8000-000000000003',
        headline: ' ',
        section: 'nowhere',
        leadPhoto: { photoId: 'f'.repeat(64), caption: 'x', credit: 'y', altText: 'z' },
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'publish_refused',
        message: 'This story cannot be published yet.',
        details: [
          'The headline is empty.',
          'The section "nowhere" is not a section of the portal.',
          'The lead photo is no longer in the photo library.',
        ],
      },
    });
    expect(await siteFiles(siteRoot())).toEqual(before);
  });

  it('leaves the site as it was when a photo file vanishes halfway through', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    const before = await siteFiles(siteRoot());
    await rm(path.join(dataDir, 'photos', photoId(2)), { recursive: true });
    const result = await publisher.publish(
      wuxiStory({
        id: '01900000-0000-7000-8000-000000000004',
        slug: 'another',
        leadPhoto: { photoId: photoId(2), caption: 'c', credit: 'd', altText: 'e' },
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'file_missing',
        message:
          'A file the site needs has gone missing, so nothing was published. The site is as it was.',
        details: [expect.stringContaining('ENOENT')],
      },
    });
    expect({
      files: await siteFiles(siteRoot()),
      problems: await siteProblems(siteRoot(), BASE),
    }).toEqual({
      files: before,
      problems: [],
    });
  });
});

describe('unpublishing', () => {
  it('removes the page, its photos and every link to it, including other articles’ rails', async () => {
    const publisher = await openPublisher();
    const video = wuxiStory({
      id: '01900000-0000-7000-8000-000000000010',
      slug: 'cherry-blossoms',
      headline: 'Enjoy cherry blossoms at night in Wuxi',
      section: 'news/videos',
      leadPhoto: {
        photoId: photoId(2),
        caption: 'Blossoms',
        credit: 'CD',
        altText: 'Cherry trees lit at night',
      },
      body: [{ type: 'paragraph', children: [{ text: 'Lanterns.' }] }],
    });
    await publisher.publish(video);
    clock += 60_000;
    await publisher.publish(wuxiStory());
    const videoPath = 'news/videos/2017/03/03/cherry-blossoms.html';
    expect((await page(WUXI_PATH)).includes('cherry-blossoms.html')).toEqual(true);

    const result = await publisher.unpublish(video.id, 'Rights withdrawn');
    expect(result).toEqual({
      ok: true,
      value: {
        path: videoPath,
        pagesWritten: [
          'feed.xml',
          'index.html',
          WUXI_PATH,
          'news/index.html',
          'news/videos/index.html',
          'sitemap.xml',
        ],
        pagesRemoved: [
          ...['w1024', 'w1600', 'w320', 'w640'].map((name) =>
            mediaPath(photoId(2), name, 'image/webp'),
          ),
          videoPath,
        ].sort(),
        durationMs: expect.any(Number),
      },
    });
    const files = await siteFiles(siteRoot());
    const mentions: string[] = [];
    for (const file of files.filter((name) => /\.(html|xml)$/.test(name))) {
      if ((await page(file)).includes('cherry-blossoms')) mentions.push(file);
    }
    expect({ mentions, problems: await siteProblems(siteRoot(), BASE) }).toEqual({
      mentions: [],
      problems: [],
    });
  });

  it('refuses a story that is not on the site', async () => {
    const publisher = await openPublisher();
    expect(await publisher.unpublish('nope', 'x')).toEqual({
      ok: false,
      error: {
        code: 'not_published',
        message: 'This story is not on the site, so there is nothing to unpublish.',
      },
    });
  });

  it('brings a story back at its old URL when it is published again', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    await publisher.unpublish(wuxiStory().id, 'Legal');
    clock += 10 * 86_400_000;
    const again = await publisher.publish(wuxiStory());
    expect(again.ok && again.value.path).toEqual(WUXI_PATH);
  });
});

describe('the archive and rebuilding', () => {
  it('rebuilds the same site from the archive alone', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    clock += 60_000;
    await publisher.publish(
      wuxiStory({
        id: '01900000-0000-7000-8000-000000000005',
        slug: 'second',
        section: 'business',
      }),
    );
    const files = await siteFiles(siteRoot());
    const pages = await Promise.all(files.filter((file) => file.endsWith('.html')).map(page));
    await rm(path.join(dataDir, 'portal'), { recursive: true });

    const reopened = await openPublisher();
    const rebuilt = await reopened.rebuild();
    expect(rebuilt).toEqual({
      ok: true,
      value: {
        storyCount: 2,
        pageCount: expect.any(Number),
        siteFolder: path.join(dataDir, 'portal'),
        durationMs: expect.any(Number),
      },
    });
    expect({
      files: (await siteFiles(siteRoot())).filter((file) => !file.startsWith('.')),
      pages: await Promise.all(files.filter((file) => file.endsWith('.html')).map(page)),
    }).toEqual({ files: files.filter((file) => !file.startsWith('.')), pages });
  });

  it('moves an unreadable archive record aside, reports it and keeps the rest', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    await writeFile(path.join(dataDir, 'archive', 'broken.json'), '{"version":');
    const reopened = await openPublisher();
    const problems = await reopened.problems();
    expect(problems).toEqual([
      expect.stringMatching(
        /^The archive record broken\.json could not be read and was moved aside to .*broken\.json\.corrupt-/,
      ),
    ]);
    const context = await reopened.context(wuxiStory().id, []);
    expect(context.ok && context.value.archivedPath).toEqual(WUXI_PATH);
  });

  it('repairs the site when the archive moved ahead of it (a publish killed before its swap)', async () => {
    const publisher = await openPublisher();
    await publisher.publish(wuxiStory());
    const record = JSON.parse(
      await readFile(path.join(dataDir, 'archive', `${wuxiStory().id}.json`), 'utf8'),
    );
    record.summary.headline = 'Changed in the archive only';
    record.story.headline = 'Changed in the archive only';
    record.lastPublishedAt += 1;
    await writeFile(
      path.join(dataDir, 'archive', `${wuxiStory().id}.json`),
      JSON.stringify(record),
    );
    const reopened = await openPublisher();
    expect(await reopened.problems()).toEqual([
      'The published site did not match the archive (a publish was interrupted), so it was rebuilt from the archive.',
    ]);
    expect((await page(WUXI_PATH)).includes('<h1>Changed in the archive only</h1>')).toEqual(true);
  });
});

describe('the preview', () => {
  it('shows the same bytes as the published article but for photo URLs', async () => {
    const publisher = await openPublisher();
    const published = await publisher.publish(wuxiStory());
    if (!published.ok) throw new Error(published.error.message);
    const story = wuxiStory({
      state: 'published',
      publishedPath: published.value.path,
      firstPublishedAt: published.value.firstPublishedAt,
      lastPublishedAt: published.value.lastPublishedAt,
    });
    const context = await publisher.context(story.id, [photoId(0), photoId(1)]);
    if (!context.ok) throw new Error(context.error.message);
    const mediaUrl = (id: string, name: string) => `/media/${id}/${name}?token=abc`;
    const preview = renderPreview(story, {
      profile: DEFAULT_PORTAL_PROFILE,
      now: clock + 5_000,
      archivedPath: context.value.archivedPath,
      recent: context.value.recent,
      photos: new Map(context.value.photos.map((photo) => [photo.id, photo])),
      imageUrl: mediaUrl,
    });
    // Photo URLs, relative in pages and absolute in Open Graph and JSON-LD, are the only difference.
    const asPublished = preview.articleHtml
      .replace(
        /(https:\/\/[^/"]+)\/media\/([0-9a-f]{64})\/(w\d+)\?token=abc/g,
        (_match, origin: string, id: string, name: string) =>
          `${origin}/${mediaPath(id, name, 'image/webp')}`,
      )
      .replace(/\/media\/([0-9a-f]{64})\/(w\d+)\?token=abc/g, (_match, id: string, name: string) =>
        relativeHref(WUXI_PATH, mediaPath(id, name, 'image/webp')),
      );
    expect(preview.articleHtml).not.toEqual(asPublished);
    expect(asPublished).toEqual(await page(WUXI_PATH));
    expect(preview.placement).toEqual({ kind: 'lead' });
  });
});
