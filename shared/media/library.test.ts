import { describe, expect, it } from 'vitest';
import {
  applyBatchCaption,
  emptyBatchCaption,
  missingPublishFields,
  photoFieldsOf,
  queryPhotos,
  samePhoto,
  samePhotoFields,
} from './library';
import type { Photo } from './photo';

function buildPhoto(overrides: Partial<Photo> = {}): Photo {
  return {
    id: 'a'.repeat(64),
    fileName: 'photo.jpg',
    mimeType: 'image/jpeg',
    width: 1600,
    height: 1200,
    byteSize: 1000,
    importedAt: 1000,
    updatedAt: 1000,
    takenAt: null,
    caption: '',
    credit: '',
    photographer: '',
    copyright: '',
    altText: '',
    objectName: '',
    city: '',
    country: '',
    renditions: [],
    ...overrides,
  };
}

const fields = {
  caption: 'Lake',
  credit: 'CD',
  photographer: 'Li',
  copyright: '',
  altText: 'A lake',
};

describe('the fields the photo desk edits', () => {
  it('are taken from a photo alone, and compared field by field', () => {
    const photo = buildPhoto({ ...fields, city: 'Wuxi' });
    expect({
      fields: photoFieldsOf(photo),
      same: samePhotoFields(photoFieldsOf(photo), fields),
      otherAltText: samePhotoFields(fields, { ...fields, altText: 'A river' }),
    }).toEqual({ fields, same: true, otherAltText: false });
  });
});

describe('comparing photo records', () => {
  const thumb = { name: 'thumb', width: 400, height: 300, mimeType: 'image/jpeg', byteSize: 900 };
  const photo = buildPhoto({ ...fields, renditions: [thumb] });

  it('finds a copy the same whatever the order of its keys', () => {
    const reordered = Object.fromEntries(Object.entries(photo).reverse()) as Photo;
    expect(samePhoto(photo, structuredClone(photo)) && samePhoto(photo, reordered)).toBe(true);
  });

  it('tells any field apart, a rendition’s too', () => {
    const changes: Array<Partial<Photo>> = [
      { caption: 'River' },
      { updatedAt: 2000 },
      { takenAt: 0 },
      { city: 'Wuxi' },
      { renditions: [] },
      { renditions: [{ ...thumb, byteSize: 901 }] },
      { renditions: [thumb, thumb] },
    ];
    expect(changes.map((change) => samePhoto(photo, { ...photo, ...change }))).toEqual(
      changes.map(() => false),
    );
  });
});

describe('batch captions', () => {
  it('applies only ticked fields, appending with one space or replacing', () => {
    expect(
      applyBatchCaption(fields, {
        ...emptyBatchCaption(),
        caption: { enabled: true, mode: 'append', value: '[Photo provided to China Daily]' },
        credit: { enabled: true, mode: 'replace', value: 'China Daily' },
        copyright: { enabled: true, mode: 'append', value: '© 2026' },
        altText: { enabled: false, mode: 'replace', value: 'ignored' },
      }),
    ).toEqual({
      caption: 'Lake [Photo provided to China Daily]',
      credit: 'China Daily',
      photographer: 'Li',
      copyright: '© 2026',
      altText: 'A lake',
    });
  });

  it('changes nothing when no field is ticked', () => {
    expect(applyBatchCaption(fields, emptyBatchCaption())).toEqual(fields);
  });
});

describe('querying the library', () => {
  const captioned = buildPhoto({
    id: '1'.repeat(64),
    importedAt: 3,
    caption: '太湖 at dawn',
    credit: 'CD',
    altText: 'Lake',
  });
  const uncaptionedOld = buildPhoto({
    id: '2'.repeat(64),
    importedAt: 1,
    fileName: 'IMG_0001.JPG',
  });
  const uncaptionedNew = buildPhoto({
    id: '3'.repeat(64),
    importedAt: 2,
    caption: ' ',
    city: 'Wuxi',
  });
  const all = [captioned, uncaptionedOld, uncaptionedNew];

  it('puts uncaptioned photos first, newest first within each group', () => {
    expect(queryPhotos(all, { text: '', filter: 'all', sort: 'uncaptionedFirst' })).toEqual([
      uncaptionedNew,
      uncaptionedOld,
      captioned,
    ]);
  });

  it('searches every word across the photo text, Chinese included, case-insensitively', () => {
    expect(queryPhotos(all, { text: '太湖 DAWN', filter: 'all', sort: 'newest' })).toEqual([
      captioned,
    ]);
    expect(queryPhotos(all, { text: 'img_0001', filter: 'all', sort: 'newest' })).toEqual([
      uncaptionedOld,
    ]);
    expect(queryPhotos(all, { text: 'wuxi', filter: 'uncaptioned', sort: 'oldest' })).toEqual([
      uncaptionedNew,
    ]);
  });

  it('filters to what publishing still needs, or to what is ready', () => {
    expect(queryPhotos(all, { text: '', filter: 'complete', sort: 'newest' })).toEqual([captioned]);
    expect(queryPhotos(all, { text: '', filter: 'incomplete', sort: 'oldest' })).toEqual([
      uncaptionedOld,
      uncaptionedNew,
    ]);
    expect(missingPublishFields(uncaptionedNew)).toEqual(['caption', 'credit', 'altText']);
  });
});
