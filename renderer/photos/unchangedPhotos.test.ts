import { describe, expect, it } from 'vitest';
import type { Photo } from '../../shared/media/photo';
import { keepUnchanged } from './unchangedPhotos';

function photoOf(digit: string, caption = ''): Photo {
  return {
    id: digit.repeat(64),
    fileName: `${digit}.jpg`,
    mimeType: 'image/jpeg',
    width: 600,
    height: 400,
    byteSize: 1000,
    importedAt: 1,
    updatedAt: 1,
    takenAt: null,
    objectName: '',
    city: '',
    country: '',
    renditions: [],
    caption,
    altText: '',
    credit: '',
    photographer: '',
    copyright: '',
  };
}

describe('a re-listed photo library', () => {
  it('keeps the objects of unchanged photos, takes new and changed ones as listed', () => {
    const first = photoOf('a');
    const second = photoOf('b');
    const listed = [photoOf('c'), photoOf('a'), photoOf('b', 'Edited elsewhere')];

    const kept = keepUnchanged([first, second], listed);

    expect(kept).toEqual(listed);
    expect(kept[0]).toBe(listed[0]);
    expect(kept[1]).toBe(first);
    expect(kept[2]).toBe(listed[2]);
  });

  it('keeps an unchanged photo listed with its keys in another order', () => {
    const first = photoOf('a');
    const relisted = Object.fromEntries(Object.entries(photoOf('a')).reverse()) as Photo;
    expect(keepUnchanged([first], [relisted])[0]).toBe(first);
  });

  it('takes the first listing as it is', () => {
    const listed = [photoOf('a')];
    expect(keepUnchanged(null, listed)).toBe(listed);
  });
});
