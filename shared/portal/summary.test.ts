import { describe, expect, it } from 'vitest';
import type { Photo } from '../media/photo';
import { toPortalPhoto } from './summary';

describe('toPortalPhoto', () => {
  it('keeps one width rendition per actual width, smallest first, and drops the thumbnail', () => {
    const rendition = (name: string, width: number) => ({
      name,
      width,
      height: Math.round(width / 2),
      mimeType: 'image/webp',
      byteSize: 100,
    });
    const photo: Photo = {
      id: 'f'.repeat(64),
      fileName: 'small.jpg',
      mimeType: 'image/jpeg',
      width: 800,
      height: 400,
      byteSize: 1000,
      importedAt: 0,
      updatedAt: 0,
      takenAt: null,
      objectName: '',
      city: '',
      country: '',
      caption: '',
      credit: '',
      photographer: '',
      copyright: '',
      altText: '',
      renditions: [
        rendition('thumb', 400),
        rendition('w1600', 800),
        rendition('w320', 320),
        rendition('w1024', 800),
        rendition('w640', 640),
      ],
    };
    expect(toPortalPhoto(photo)).toEqual({
      id: 'f'.repeat(64),
      width: 800,
      height: 400,
      renditions: [
        { name: 'w320', width: 320, height: 160, mimeType: 'image/webp' },
        { name: 'w640', width: 640, height: 320, mimeType: 'image/webp' },
        { name: 'w1024', width: 800, height: 400, mimeType: 'image/webp' },
      ],
    });
  });
});
