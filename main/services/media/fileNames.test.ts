import { describe, expect, it } from 'vitest';
import { displayFileName, photoFileName } from './fileNames';

describe('file names', () => {
  it('show only the last segment of an imported file’s name, cleaned', () => {
    expect(
      ['C:\\photos\\a.jpg', '../../etc/passwd', '..', '  \u0007 ', '新闻 照片.JPG'].map(
        displayFileName,
      ),
    ).toEqual(['a.jpg', 'passwd', 'untitled', 'untitled', '新闻 照片.JPG']);
  });

  it('give each stored file the extension of its type', () => {
    expect([
      photoFileName('original', 'image/png'),
      photoFileName('w640', 'image/jpeg'),
      photoFileName('thumb', 'image/webp'),
    ]).toEqual(['original.png', 'w640.jpg', 'thumb.webp']);
  });
});
