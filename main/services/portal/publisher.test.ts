import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/media/photo';
import { ninjsPath } from '../../../shared/portal/ninjs';
import { mediaPath, relativeHref, sectionIndexPath } from '../../../shared/portal/paths';
import { renderPreview } from '../../../shared/portal/preview';
import {
  DEFAULT_PORTAL_PROFILE,
  listSections,
  type PortalProfile,
} from '../../../shared/portal/profile';
import { ninjsSchemaErrors } from '../../../tests/support/portal/ninjsSchema';
import { buildWuxiStory, WUXI_PUBLISHED_AT } from '../../../tests/support/portal/wuxi';
import type { StoryWithBody } from '../../../shared/story/story';
import { makePhotos } from '../../../tests/support/publishing/makePhotos';
import { openPhotoDirectory } from '../../../tests/support/publishing/photoDirectory';
import {
  correctAsEditor,
  openTestPublisher,
  refusedWith,
  publishAsEditor,
  unpublishAsEditor,
} from '../../../tests/support/publishing/requests';
import { siteFiles, siteProblems } from '../../../tests/support/publishing/site';
import type { Publisher } from './publisher';

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

/** Publishers a test opened: what they do after a publish returns is finished before cleaning up. */
const opened: Publisher[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((publisher) => publisher.settled()));
  await rm(dataDir, { recursive: true, force: true });
});

async function openPublisher(profile: PortalProfile = DEFAULT_PORTAL_PROFILE): Promise<Publisher> {
  const photoSource = await openPhotoDirectory(path.join(dataDir, 'photos'));
  const publisher = openTestPublisher(dataDir, photoSource, { profile, now: () => clock });
  opened.push(publisher);
  return publisher;
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
    const result = await publishAsEditor(publisher, wuxiStory());
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
          ninjsPath(wuxiStory().id),
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
    await publishAsEditor(publisher, wuxiStory());
    clock += 60_000;
    const second = await publishAsEditor(
      publisher,
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
      'ninjs/01900000-0000-7000-8000-000000000006.json',
      'sitemap.xml',
    ]);
    expect(await siteProblems(siteRoot(), BASE)).toEqual([]);
  });

  it('keeps one JSON record per story in the archive', async () => {
    const publisher = await openPublisher();
    const story = wuxiStory();
    await publishAsEditor(publisher, story);
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
    await publishAsEditor(publisher, wuxiStory());
    clock = WUXI_PUBLISHED_AT + 3 * 86_400_000;
    const correction = await correctAsEditor(
      publisher,
      wuxiStory({ slug: 'a-new-slug', headline: 'Wuxi reaps partnership to push IoT industry' }),
      'An earlier version misstated the investment.',
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

  it('writes every published story as a valid NINJS 2.0 document whose photos the site has, its version counting corrections', async () => {
    const publisher = await openPublisher();
    const story = wuxiStory();
    await publishAsEditor(publisher, story);
    const first: unknown = JSON.parse(await page(ninjsPath(story.id)));
    clock = WUXI_PUBLISHED_AT + 86_400_000;
    await correctAsEditor(publisher, wuxiStory(), 'The investment is 10 billion yuan.');
    const text = await page(ninjsPath(story.id));
    const corrected = JSON.parse(text) as {
      version: string;
      uri: string;
      ednote: string;
      associations: Array<{ renditions: Array<{ href: string }> }>;
    };
    const hrefs = corrected.associations.flatMap((picture) =>
      picture.renditions.map((rendition) => rendition.href),
    );
    const onSite = new Set(await siteFiles(siteRoot()));
    expect({
      errors: ninjsSchemaErrors(text),
      versions: [(first as { version: string }).version, corrected.version],
      uri: corrected.uri,
      ednote: corrected.ednote,
      photos: hrefs.length,
      missing: hrefs.filter((href) => !onSite.has(href.slice(BASE.length + 1))),
    }).toEqual({
      errors: [],
      versions: ['1', '2'],
      uri: `${BASE}/${WUXI_PATH}`,
      ednote: 'Correction: The investment is 10 billion yuan.',
      photos: 8,
      missing: [],
    });
  });

  it('gives a second story with the same slug on the same day its own URL', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    const second = await publishAsEditor(
      publisher,
      wuxiStory({ id: '01900000-0000-7000-8000-000000000002' }),
    );
    expect(second.ok && second.value.path).toEqual('news/2017/03/03/wuxi-iot-partnership-2.html');
  });

  it('leaves the site as it was when a photo file vanishes halfway through', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    const before = await siteFiles(siteRoot());
    await rm(path.join(dataDir, 'photos', photoId(2)), { recursive: true });
    const result = await publishAsEditor(
      publisher,
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
    await publishAsEditor(publisher, video);
    clock += 60_000;
    await publishAsEditor(publisher, wuxiStory());
    const videoPath = 'news/videos/2017/03/03/cherry-blossoms.html';
    expect((await page(WUXI_PATH)).includes('cherry-blossoms.html')).toEqual(true);

    const result = await unpublishAsEditor(publisher, video, 'Rights withdrawn');
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
          ninjsPath(wuxiStory().id),
          'sitemap.xml',
        ],
        pagesRemoved: [
          ...['w1024', 'w1600', 'w320', 'w640'].map((name) =>
            mediaPath(photoId(2), name, 'image/webp'),
          ),
          videoPath,
          ninjsPath(video.id),
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
    expect(await unpublishAsEditor(publisher, wuxiStory({ id: 'nope' }), 'x')).toEqual({
      ok: false,
      error: {
        code: 'not_published',
        message: 'This story is not on the site, so there is nothing to unpublish.',
      },
    });
  });

  it('brings a story back at its old URL when it is published again', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    await unpublishAsEditor(publisher, wuxiStory(), 'Legal');
    clock += 10 * 86_400_000;
    const again = await publishAsEditor(publisher, wuxiStory());
    expect(again.ok && again.value.path).toEqual(WUXI_PATH);
  });
});

describe('the archive and rebuilding', () => {
  it('rebuilds the same site from the archive alone', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    clock += 60_000;
    await publishAsEditor(
      publisher,
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
    await publishAsEditor(publisher, wuxiStory());
    await writeFile(path.join(dataDir, 'archive', 'broken.json'), '{"version":');
    const reopened = await openPublisher();
    const problems = await reopened.problems();
    expect(problems).toEqual([
      expect.stringMatching(
        /^The archive record broken\.json could not be read and was moved aside to .*broken\.corrupt-[^/]*\.json;/,
      ),
    ]);
    const context = await reopened.context(wuxiStory().id, []);
    expect(context.ok && context.value.archivedPath).toEqual(WUXI_PATH);
  });

  it('repairs the site when the archive moved ahead of it (a publish killed before its swap)', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
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
    const published = await publishAsEditor(publisher, wuxiStory());
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

/** Every file of the data folder's site and archive, to show a refusal changed nothing. */
async function everything(): Promise<{ site: string[]; archive: string[] }> {
  return {
    site: await siteFiles(siteRoot()).catch(() => []),
    archive: await readdir(path.join(dataDir, 'archive')).catch(() => []),
  };
}

describe('the one publish gate', () => {
  it('refuses a spiked story, a story failing the gate and a missing photo, all reasons at once, writing nothing', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    const before = await everything();
    const spiked = await publisher.publish({
      story: wuxiStory({ id: '01900000-0000-7000-8000-000000000020', state: 'spiked' }),
      action: 'publish',
      input: {},
      role: 'editor',
    });
    const failing = await publishAsEditor(
      publisher,
      wuxiStory({
        id: '01900000-0000-7000-8000-000000000021',
        byline: ' ',
        slug: 'NOT A SLUG!!',
        section: 'nowhere',
        body: [],
        leadPhoto: { photoId: 'f'.repeat(64), caption: 'x', credit: 'y', altText: '' },
      }),
    );
    expect({ spiked, failing, after: await everything() }).toEqual({
      spiked: refusedWith('Publish', ['Publish: the story must be approved; it is spiked.']),
      failing: refusedWith('Publish', [
        'Section: "nowhere" is not a section of the portal; choose another.',
        'Byline: add the byline.',
        'Story body: write the story.',
        'Slug: "NOT A SLUG!!" is not valid; use lower-case letters, digits and single hyphens.',
        'Lead photo: add the alt text.',
        'Lead photo: the photo is no longer in the photo library; choose another.',
      ]),
      after: before,
    });
  });

  it('takes the role from its caller and refuses a reporter', async () => {
    const publisher = await openPublisher();
    const result = await publisher.publish({
      story: wuxiStory(),
      action: 'publish',
      input: {},
      role: 'reporter',
    });
    expect({ result, after: await everything() }).toEqual({
      result: refusedWith('Publish', [
        'Publish: only an editor may do this; you work as a reporter.',
      ]),
      after: { site: [], archive: [] },
    });
  });

  it('refuses a correction without its note and an unpublish with an empty reason', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    const before = await everything();
    const correction = await correctAsEditor(publisher, wuxiStory(), '  ');
    const unpublish = await unpublishAsEditor(publisher, wuxiStory(), ' ');
    expect({ correction, unpublish, after: await everything() }).toEqual({
      correction: refusedWith('Publish correction', ['Correction note: say what was corrected.']),
      unpublish: refusedWith('Unpublish', ['Reason: say why the story comes down.']),
      after: before,
    });
  });

  it('releases a scheduled story only once its time has come', async () => {
    const publisher = await openPublisher();
    const scheduled = wuxiStory({ state: 'scheduled', scheduledAt: clock + 60_000 });
    const early = await publisher.publish({
      story: scheduled,
      action: 'release',
      input: {},
      role: 'reporter',
    });
    const earlyFiles = await everything();
    clock += 60_000;
    const due = await publisher.publish({
      story: scheduled,
      action: 'release',
      input: {},
      role: 'reporter',
    });
    expect({
      early,
      earlyFiles,
      due: due.ok && { path: due.value.path, lastPublishedAt: due.value.lastPublishedAt },
    }).toEqual({
      early: refusedWith('Publish at the scheduled time', [
        'Publish at: the scheduled time has not come yet.',
      ]),
      earlyFiles: { site: [], archive: [] },
      due: { path: WUXI_PATH, lastPublishedAt: clock },
    });
  });
});

describe('paths the publisher derives', () => {
  const hostile = (id: string) => [
    'javascript:alert(document.domain)-x.html',
    'about/index.html',
    `media/${id}/w320.webp/x.html`,
    'news/a?b.html',
    'news/a#b.html',
    'news/a"b.html',
    '../../outside.html',
  ];

  it('ignores every path a caller sends and places each story at <section>/YYYY/MM/DD/<slug>.html', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory({ section: 'about' }));
    const aboutBefore = await page('about/index.html');
    const paths: string[] = [];
    for (const [index, publishedPath] of hostile(photoId(0)).entries()) {
      clock += 60_000;
      const result = await publishAsEditor(
        publisher,
        wuxiStory({
          id: `01900000-0000-7000-8000-0000000001${String(index).padStart(2, '0')}`,
          slug: `story-${index}`,
          publishedPath,
          section: 'news/sports',
        }),
      );
      paths.push(result.ok ? result.value.path : result.error.message);
    }
    const files = await siteFiles(siteRoot());
    expect({
      paths,
      strays: files.filter((file) => /[?#":]|outside|w320\.webp\//.test(file)),
      aboutStillLists: (await page('about/index.html')) === aboutBefore,
      problems: await siteProblems(siteRoot(), BASE),
    }).toEqual({
      paths: hostile(photoId(0)).map((_, index) => `news/sports/2017/03/03/story-${index}.html`),
      strays: [],
      aboutStillLists: true,
      problems: [],
    });
    // A later publish of a photo the hostile path named still works (no file in its way).
    const again = await publishAsEditor(
      publisher,
      wuxiStory({ id: '01900000-0000-7000-8000-000000000199', slug: 'photo-again' }),
    );
    expect(again.ok).toEqual(true);
  });

  it('keeps the archived path through corrections whatever path the correction claims', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    clock += 86_400_000;
    const corrected = await correctAsEditor(
      publisher,
      wuxiStory({ publishedPath: 'about/index.html', section: 'business' }),
      'Moved section.',
    );
    expect(corrected.ok && corrected.value.path).toEqual(WUXI_PATH);
  });

  it('refuses slugs that are not URL segments, whatever characters they hide', async () => {
    const publisher = await openPublisher();
    const results = [];
    for (const slug of ['a?b', 'a#b', 'a"b', 'javascript:x', '../x', 'A-B']) {
      const result = await publishAsEditor(publisher, wuxiStory({ slug }));
      results.push(result.ok ? result.value.path : result.error.details);
    }
    expect(results).toEqual(
      ['a?b', 'a#b', 'a"b', 'javascript:x', '../x', 'A-B'].map((slug) => [
        `Slug: "${slug}" is not valid; use lower-case letters, digits and single hyphens.`,
      ]),
    );
  });

  it('moves aside an archive record whose path is not an article path, and leaves it off the site', async () => {
    const publisher = await openPublisher();
    await publishAsEditor(publisher, wuxiStory());
    const file = path.join(dataDir, 'archive', `${wuxiStory().id}.json`);
    const record = JSON.parse(await readFile(file, 'utf8'));
    record.path = 'javascript:alert(document.domain)-x.html';
    record.summary.path = record.path;
    await writeFile(file, JSON.stringify(record));
    const reopened = await openPublisher();
    expect({
      problems: await reopened.problems(),
      files: (await siteFiles(siteRoot())).filter((name) => name.includes('javascript')),
    }).toEqual({
      problems: [
        expect.stringMatching(
          /^The archive record 01900000-0000-7000-8000-000000000001\.json could not be read and was moved aside/,
        ),
        'The published site did not match the archive (a publish was interrupted), so it was rebuilt from the archive.',
      ],
      files: [],
    });
  });
});
