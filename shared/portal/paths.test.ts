import { describe, expect, it } from 'vitest';
import {
  absoluteImageUrl,
  absoluteUrl,
  isArticlePath,
  proposeArticlePath,
  relativeHref,
} from './paths';
import { DEFAULT_PORTAL_PROFILE, portalProfileSchema } from './profile';

describe('article paths', () => {
  const at = Date.UTC(2017, 2, 2, 17, 30); // 01:30 on Mar 3 in Beijing

  it('date the path in the portal’s time zone and prefer the slugline', () => {
    expect(
      proposeArticlePath(
        { slug: 'wuxi-iot', headline: 'Ignored', section: 'business/companies' },
        DEFAULT_PORTAL_PROFILE,
        at,
      ),
    ).toEqual('business/companies/2017/03/03/wuxi-iot.html');
  });

  it('fall back to the headline, then to `story`, and step around taken paths', () => {
    const taken = new Set(['news/2017/03/03/story.html', 'news/2017/03/03/story-2.html']);
    expect([
      proposeArticlePath(
        { slug: 'Not A Slug!', headline: 'Lantern Festival & fireworks', section: 'news' },
        DEFAULT_PORTAL_PROFILE,
        at,
      ),
      proposeArticlePath(
        { slug: '', headline: '无锡', section: 'news' },
        DEFAULT_PORTAL_PROFILE,
        at,
        (path) => taken.has(path),
      ),
    ]).toEqual([
      'news/2017/03/03/lantern-festival-and-fireworks.html',
      'news/2017/03/03/story-3.html',
    ]);
  });
});

describe('links between pages', () => {
  it('are relative to the linking page', () => {
    expect([
      relativeHref('index.html', 'news/index.html'),
      relativeHref('news/page-2.html', 'index.html'),
      relativeHref('news/2017/03/03/a.html', 'media/x/w320.webp'),
    ]).toEqual(['news/index.html', '../index.html', '../../../../media/x/w320.webp']);
  });

  it('percent-encode each segment, so no path or section id becomes a scheme, query or fragment', () => {
    expect([
      relativeHref('index.html', 'javascript:alert(document.domain)-x.html'),
      relativeHref('news/index.html', 'javascript:alert(1)/index.html'),
      relativeHref('index.html', 'news/2017/03/03/a?b#c"d e.html'),
      absoluteUrl(DEFAULT_PORTAL_PROFILE, 'javascript:alert(1)/无锡.html'),
    ]).toEqual([
      'javascript%3Aalert(document.domain)-x.html',
      '../javascript%3Aalert(1)/index.html',
      'news/2017/03/03/a%3Fb%23c%22d%20e.html',
      'https://wuxi.chinadaily.com.cn/javascript%3Aalert(1)/%E6%97%A0%E9%94%A1.html',
    ]);
  });

  it('become absolute for Open Graph whatever form the image URL takes', () => {
    const page = 'news/2017/03/03/a.html';
    expect([
      absoluteImageUrl(DEFAULT_PORTAL_PROFILE, page, '../../../../media/x/w1024.webp'),
      absoluteImageUrl(DEFAULT_PORTAL_PROFILE, page, '/media/x/w1024?token=1'),
      absoluteImageUrl(DEFAULT_PORTAL_PROFILE, page, 'https://cdn.example.com/x.webp'),
    ]).toEqual([
      'https://wuxi.chinadaily.com.cn/media/x/w1024.webp',
      'https://wuxi.chinadaily.com.cn/media/x/w1024?token=1',
      'https://cdn.example.com/x.webp',
    ]);
  });
});

describe('article paths as the publisher checks them', () => {
  it('are section, date and slug, and nothing that can name a scheme, query or another file', () => {
    const candidates = [
      'news/2017/03/03/wuxi-iot.html',
      'business/companies/2017/03/03/wuxi-iot-2.html',
      'javascript:alert(document.domain)-x.html',
      'about/index.html',
      `media/${'a'.repeat(64)}/w320.jpg/x.html`,
      'news/2017/03/03/a?b.html',
      'news/2017/03/03/a#b.html',
      'news/2017/03/03/a"b.html',
      'news/sports/x/2017/03/03/a.html',
      '../2017/03/03/a.html',
    ];
    expect(candidates.filter(isArticlePath)).toEqual([
      'news/2017/03/03/wuxi-iot.html',
      'business/companies/2017/03/03/wuxi-iot-2.html',
    ]);
  });
});

describe('section ids in a profile', () => {
  it('are URL segments, children under their parent, never the site’s own folders', () => {
    const withSections = (sections: unknown) =>
      portalProfileSchema.safeParse({
        ...DEFAULT_PORTAL_PROFILE,
        sections,
        railSectionIds: [],
      }).success;
    expect([
      withSections([{ id: 'news', name: 'News', children: [{ id: 'news/sports', name: 'S' }] }]),
      withSections([{ id: 'javascript:alert(1)', name: 'X', children: [] }]),
      withSections([{ id: 'News', name: 'X', children: [] }]),
      withSections([{ id: 'news', name: 'N', children: [{ id: 'news/a/b', name: 'X' }] }]),
      withSections([{ id: 'news', name: 'N', children: [{ id: 'travel/a', name: 'X' }] }]),
      withSections([{ id: 'media', name: 'M', children: [] }]),
      withSections([
        { id: 'news', name: 'N', children: [] },
        { id: 'news', name: 'N2', children: [] },
      ]),
    ]).toEqual([true, false, false, false, false, false, false]);
  });

  it('come with a time zone this computer knows', () => {
    expect([
      portalProfileSchema.safeParse({ ...DEFAULT_PORTAL_PROFILE, timeZone: 'Not/AZone' }).success,
      portalProfileSchema.safeParse({ ...DEFAULT_PORTAL_PROFILE, timeZone: 'Europe/Berlin' })
        .success,
    ]).toEqual([false, true]);
  });
});
