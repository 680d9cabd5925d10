import { describe, expect, it } from 'vitest';
import { bodyToPlainText, figurePhotoIds, isAllowedUrl, type Body } from './body';

describe('isAllowedUrl', () => {
  it('keeps absolute http, https and mailto links', () => {
    expect(
      [
        'https://wuxi.chinadaily.com.cn/a.html',
        'http://example.com',
        'mailto:desk@example.com',
      ].map(isAllowedUrl),
    ).toEqual([true, true, true]);
  });

  it('refuses scripts, data, relative links and smuggled control characters', () => {
    expect(
      [
        'javascript:alert(1)',
        'JaVaScRiPt:alert(1)',
        'java\tscript:alert(1)',
        ' javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox(1)',
        '/relative/path',
        '//evil.example/x',
        'https:evil',
        'mailto:',
        '',
      ].map(isAllowedUrl),
    ).toEqual(Array.from({ length: 11 }, () => false));
  });
});

describe('body helpers', () => {
  const body: Body = [
    { type: 'heading', level: 2, children: [{ text: 'Deal signed' }] },
    {
      type: 'paragraph',
      children: [
        { text: 'Wuxi ' },
        { type: 'link', url: 'https://a.example', children: [{ text: 'IoT', bold: true }] },
      ],
    },
    {
      type: 'bulleted-list',
      children: [
        { type: 'list-item', children: [{ text: 'one' }] },
        { type: 'list-item', children: [{ text: 'two' }] },
      ],
    },
    {
      type: 'figure',
      photoId: 'p1',
      caption: 'Signing.',
      credit: '[Photo provided to China Daily]',
      altText: 'Two men',
      children: [{ text: '' }],
    },
    {
      type: 'figure',
      photoId: 'p1',
      caption: 'Again.',
      credit: '',
      altText: '',
      children: [{ text: '' }],
    },
  ];

  it('reads the plain text of every block, one per line', () => {
    expect(bodyToPlainText(body)).toBe('Deal signed\nWuxi IoT\none\ntwo\nSigning.\nAgain.');
  });

  it('lists each figure photo once', () => {
    expect(figurePhotoIds(body)).toEqual(['p1']);
  });
});
