import { describe, expect, it } from 'vitest';
import { ATTACK_STRINGS } from '../../tests/support/portal/attacks';
import { buildAttackStory } from '../../tests/support/portal/attackSite';
import { renderSiteArticle, siteImageUrl, WUXI_PATH } from '../../tests/support/portal/goldenPages';
import { ninjsSchemaErrors } from '../../tests/support/portal/ninjsSchema';
import {
  buildPortalPhoto,
  buildWuxiStory,
  WUXI_PHOTO_IDS,
  WUXI_PUBLISHED_AT,
  wuxiPhotos,
} from '../../tests/support/portal/wuxi';
import type { StoryWithBody } from '../story/story';
import { buildNinjs, type NinjsContext, ninjsPath, ninjsUrgency, renderNinjs } from './ninjs';
import { DEFAULT_PORTAL_PROFILE } from './profile';

function contextFor(story: StoryWithBody, overrides: Partial<NinjsContext> = {}): NinjsContext {
  return {
    profile: DEFAULT_PORTAL_PROFILE,
    path: WUXI_PATH,
    version: 1,
    firstPublishedAt: WUXI_PUBLISHED_AT,
    lastPublishedAt: WUXI_PUBLISHED_AT,
    photos: wuxiPhotos(),
    imageUrl: siteImageUrl(ninjsPath(story.id)),
    ...overrides,
  };
}

/** The body of the story's article page (checked in Chromium), its photo URLs made absolute. */
function articleBodyOf(story: StoryWithBody): string | undefined {
  const article = renderSiteArticle(story, {
    profile: DEFAULT_PORTAL_PROFILE,
    path: WUXI_PATH,
    photos: wuxiPhotos(),
    recent: [],
  });
  return /<div class="article-body">\n([\s\S]*?)\n<\/div>/
    .exec(article)?.[1]
    ?.replaceAll('../../../../media/', 'https://wuxi.chinadaily.com.cn/media/');
}

describe('the NINJS document of a story', () => {
  it('carries headlines, byline, body, photos, times, urgency, language, section and version', () => {
    const photoId = 'd'.repeat(64);
    const story = buildWuxiStory({
      headline: 'Lantern festival opens',
      subheadline: 'Crowds at Nanchang Street',
      byline: 'By Li Na and Zhou Min',
      dateline: 'WUXI, Feb 11',
      section: 'news/sports',
      summary: 'The festival opened on Saturday.',
      keywords: ['lanterns', ' '],
      urgency: 'urgent',
      correctionNote: 'An earlier version gave the wrong street.',
      editorialNote: 'Never published: check the crowd figure.',
      leadPhoto: { photoId, caption: 'Lanterns', credit: 'Xinhua', altText: 'Red lanterns' },
      body: [
        { type: 'paragraph', children: [{ text: 'Thousands came & stayed.' }] },
        {
          type: 'figure',
          photoId,
          caption: 'At night',
          credit: '',
          altText: 'Lanterns at night',
          children: [{ text: '' }],
        },
      ],
    });
    const photo = buildPortalPhoto(photoId, 800, 400);
    const media = `https://wuxi.chinadaily.com.cn/media/${photoId}`;
    const renditions = [
      {
        name: 'w320',
        href: `${media}/w320.webp`,
        contenttype: 'image/webp',
        width: 320,
        height: 160,
      },
      {
        name: 'w640',
        href: `${media}/w640.webp`,
        contenttype: 'image/webp',
        width: 640,
        height: 320,
      },
    ];
    const url = 'https://wuxi.chinadaily.com.cn/news/sports/2017/02/11/lanterns.html';
    expect(
      buildNinjs(
        story,
        contextFor(story, {
          path: 'news/sports/2017/02/11/lanterns.html',
          version: 2,
          firstPublishedAt: Date.UTC(2017, 1, 11, 2),
          lastPublishedAt: Date.UTC(2017, 1, 11, 5, 30),
          photos: new Map([[photoId, photo]]),
        }),
      ),
    ).toEqual({
      uri: url,
      standard: {
        name: 'ninjs',
        version: '2.0',
        schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json',
      },
      type: 'text',
      representationtype: 'full',
      version: '2',
      firstcreated: '2017-02-11T10:00:00+08:00',
      versioncreated: '2017-02-11T13:30:00+08:00',
      pubstatus: 'usable',
      urgency: 3,
      language: 'en',
      slugline: 'wuxi-iot-partnership',
      headlines: [
        { role: 'main', value: 'Lantern festival opens' },
        { role: 'sub', value: 'Crowds at Nanchang Street' },
      ],
      descriptions: [{ role: 'summary', value: 'The festival opened on Saturday.' }],
      bodies: [
        {
          role: 'main',
          contenttype: 'text/html',
          value: `<p>Thousands came &amp; stayed.</p>\n<figure><img src="${media}/w640.webp" srcset="${media}/w320.webp 320w, ${media}/w640.webp 640w" sizes="(min-width: 860px) 44rem, 100vw" width="640" height="320" alt="Lanterns at night"><figcaption>At night</figcaption></figure>`,
          wordcount: 3,
        },
      ],
      by: 'By Li Na and Zhou Min',
      people: [
        { name: 'Li Na', rel: 'author' },
        { name: 'Zhou Min', rel: 'author' },
      ],
      located: 'WUXI',
      subjects: [
        {
          name: 'Sports',
          rel: 'section',
          uri: 'https://wuxi.chinadaily.com.cn/news/sports/index.html',
          literal: 'news/sports',
        },
        { name: 'lanterns', rel: 'keyword' },
      ],
      infosources: [{ name: 'chinadaily.com.cn' }],
      ednote: 'Correction: An earlier version gave the wrong street.',
      renditions: [{ name: 'web', href: url, contenttype: 'text/html' }],
      associations: [
        {
          name: 'lead',
          uri: `${media}/`,
          type: 'picture',
          descriptions: [
            { role: 'caption', value: 'Lanterns' },
            { role: 'creditline', value: 'Xinhua' },
            { role: 'alttext', value: 'Red lanterns' },
          ],
          renditions,
        },
        {
          name: 'figure-1',
          uri: `${media}/`,
          type: 'picture',
          descriptions: [
            { role: 'caption', value: 'At night' },
            { role: 'alttext', value: 'Lanterns at night' },
          ],
          renditions,
        },
      ],
    });
  });

  it('holds the same body HTML as the article page, but for absolute photo URLs', () => {
    const story = buildWuxiStory();
    expect(buildNinjs(story, contextFor(story)).bodies[0]?.value).toEqual(articleBodyOf(story));
  });

  it('maps flash, urgent, normal and low onto NINJS urgency 1, 3, 5 and 8', () => {
    expect((['flash', 'urgent', 'normal', 'low'] as const).map(ninjsUrgency)).toEqual([1, 3, 5, 8]);
  });

  it('says an unpublished story is canceled, and leaves out what a story does not have', () => {
    const story = buildWuxiStory({
      state: 'unpublished',
      subheadline: '',
      byline: '',
      dateline: '',
      source: '',
      summary: '',
      keywords: [],
      body: [{ type: 'paragraph', children: [{ text: '' }] }],
    });
    const profile = { ...DEFAULT_PORTAL_PROFILE, sourceLine: '' };
    const document: object = JSON.parse(renderNinjs(story, contextFor(story, { profile })));
    expect(Object.keys(document)).toEqual([
      'uri',
      'standard',
      'type',
      'representationtype',
      'version',
      'firstcreated',
      'versioncreated',
      'pubstatus',
      'urgency',
      'language',
      'slugline',
      'headlines',
      'bodies',
      'subjects',
      'renditions',
    ]);
    expect(buildNinjs(story, contextFor(story)).pubstatus).toEqual('canceled');
  });
});

describe('the official NINJS 2.0 JSON schema', () => {
  it('accepts the Wuxi story with its lead photo, figures and a correction', () => {
    const story = buildWuxiStory({
      leadPhoto: {
        photoId: WUXI_PHOTO_IDS.signing,
        caption: 'Signing',
        credit: 'Xinhua',
        altText: 'Signing',
      },
      correctionNote: 'An earlier version misstated the investment.',
    });
    expect(ninjsSchemaErrors(renderNinjs(story, contextFor(story, { version: 2 })))).toEqual([]);
  });

  it('accepts a story with nothing optional, and a canceled one', () => {
    const bare = buildWuxiStory({
      subheadline: '',
      byline: '',
      dateline: '',
      summary: '',
      keywords: [],
      body: [],
    });
    const canceled = buildWuxiStory({ state: 'unpublished' });
    expect([
      ninjsSchemaErrors(renderNinjs(bare, contextFor(bare))),
      ninjsSchemaErrors(renderNinjs(canceled, contextFor(canceled))),
    ]).toEqual([[], []]);
  });

  it('rejects a document that breaks it, so the check above can fail', () => {
    const story = buildWuxiStory();
    const document = { ...buildNinjs(story, contextFor(story)), urgency: 'high', uri: undefined };
    expect(ninjsSchemaErrors(JSON.stringify(document))).toEqual([
      "document: must have required property 'uri'",
      'document/urgency: must be number',
    ]);
  });

  it(`accepts the story of each of the ${ATTACK_STRINGS.length} attack strings, its body the article's`, () => {
    const problems = ATTACK_STRINGS.flatMap((attack, index) => {
      const story = buildAttackStory(attack, index);
      const json = renderNinjs(story, contextFor(story));
      const isArticleBody =
        buildNinjs(story, contextFor(story)).bodies[0]?.value === articleBodyOf(story);
      return [
        ...ninjsSchemaErrors(json).map((error) => `${JSON.stringify(attack)}: ${error}`),
        ...(isArticleBody ? [] : [`${JSON.stringify(attack)}: not the article's body`]),
      ];
    });
    expect(problems).toEqual([]);
  });
});
