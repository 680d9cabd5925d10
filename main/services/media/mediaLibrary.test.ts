import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyBatchCaption } from '../../../shared/media/library';
import type { Photo } from '../../../shared/media/photo';
import {
  buildDecompressionBombJpeg,
  buildDecompressionBombPng,
  buildEmptyFile,
  buildGarbledJpeg,
  buildJpeg,
  buildPng,
  buildTextFile,
  buildTruncatedJpeg,
  buildWebp,
  type IptcEncoding,
} from '../../../tests/support/images';
import type { IptcFields } from './iptc';
import { createMediaLibrary } from './mediaLibrary';
import { parseXmp } from './xmp';

const NOW = Date.UTC(2026, 10, 26, 9, 30);

let root: string;
let mediaDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'media-library-'));
  mediaDir = path.join(root, 'data', 'media');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function openLibrary() {
  return createMediaLibrary(mediaDir, { now: () => NOW, onWarning: () => undefined });
}

async function importOrThrow(
  library: ReturnType<typeof createMediaLibrary>,
  fileName: string,
  bytes: Uint8Array,
): Promise<Photo> {
  const result = await library.importFile(fileName, bytes);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.photo;
}

/** Every file under a folder, relative to it, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * XMP listing document ancestors (as Photoshop's does, swelling it to megabytes) before its
 * caption: `characters` in all.
 */
function bloatedXmp(characters: number, caption: string): string {
  const item = '<rdf:li>xmp.did:1</rdf:li>';
  return [
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">',
    `<photoshop:DocumentAncestors><rdf:Bag>${item.repeat(Math.floor(characters / item.length))}</rdf:Bag></photoshop:DocumentAncestors>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${caption}</rdf:li></rdf:Alt></dc:description>`,
    '</rdf:Description></rdf:RDF></x:xmpmeta>',
  ].join('');
}

/** A small PNG (its text chunks are compressed) carrying this XMP. */
function pngWithXmp(xmp: string): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } })
    .png()
    .withXmp(xmp)
    .toBuffer();
}

const CHINESE_CAPTION = '无锡市政府与中国电子科技集团在南京签署合作协议。';

describe('importing photos', () => {
  it('stores the original untouched and reads English IPTC into the photo fields', async () => {
    const library = openLibrary();
    const bytes = await buildJpeg({
      width: 2000,
      height: 1500,
      iptc: {
        encoding: 'utf8',
        fields: {
          caption: 'Officials sign a cooperation agreement in Nanjing on Feb 28.',
          byline: 'Zhang Wei',
          credit: '[Photo provided to China Daily]',
          copyright: 'China Daily',
          objectName: 'IoT deal',
          city: 'Nanjing',
          country: 'China',
        },
      },
      dateTimeOriginal: '2017:02:28 10:15:00',
    });
    const result = await library.importFile('signing.jpg', bytes);
    const id = createHashHex(bytes);
    expect(result).toEqual({
      ok: true,
      value: {
        isDuplicate: false,
        warning: null,
        photo: {
          id,
          fileName: 'signing.jpg',
          mimeType: 'image/jpeg',
          width: 2000,
          height: 1500,
          byteSize: bytes.length,
          importedAt: NOW,
          updatedAt: NOW,
          takenAt: new Date(2017, 1, 28, 10, 15, 0).getTime(),
          caption: 'Officials sign a cooperation agreement in Nanjing on Feb 28.',
          credit: '[Photo provided to China Daily]',
          photographer: 'Zhang Wei',
          copyright: 'China Daily',
          altText: '',
          objectName: 'IoT deal',
          city: 'Nanjing',
          country: 'China',
          renditions: [
            expect.objectContaining({
              name: 'thumb',
              width: 400,
              height: 300,
              mimeType: 'image/jpeg',
            }),
            expect.objectContaining({
              name: 'w320',
              width: 320,
              height: 240,
              mimeType: 'image/jpeg',
            }),
            expect.objectContaining({
              name: 'w640',
              width: 640,
              height: 480,
              mimeType: 'image/jpeg',
            }),
            expect.objectContaining({
              name: 'w1024',
              width: 1024,
              height: 768,
              mimeType: 'image/jpeg',
            }),
            expect.objectContaining({
              name: 'w1600',
              width: 1600,
              height: 1200,
              mimeType: 'image/jpeg',
            }),
          ],
        },
      },
    });
    const original = await library.resolveFile(id, 'original');
    expect(original).toEqual({
      filePath: path.join(mediaDir, 'photos', id, 'original.jpg'),
      mimeType: 'image/jpeg',
    });
    expect(new Uint8Array(await readFile(original?.filePath ?? ''))).toEqual(bytes);
  });

  it.each<{ encoding: IptcEncoding; fields: IptcFields }>([
    // Declared UTF-8 (1:90), UTF-8 without the declaration, and a legacy GBK one.
    { encoding: 'utf8', fields: { byline: '李强', credit: '中国日报' } },
    { encoding: 'utf8-undeclared', fields: {} },
    { encoding: 'gbk', fields: { byline: '王小明', credit: '无锡日报', city: '无锡' } },
  ])('keeps a Chinese IPTC caption, by-line and credit intact in $encoding', async (example) => {
    const { byline = '', credit = '', city = '' } = example.fields;
    const photo = await importOrThrow(
      openLibrary(),
      '签约.jpg',
      await buildJpeg({
        iptc: {
          encoding: example.encoding,
          fields: { caption: CHINESE_CAPTION, ...example.fields },
        },
      }),
    );
    expect({ ...pickFields(photo), city: photo.city }).toEqual({
      fileName: '签约.jpg',
      caption: CHINESE_CAPTION,
      credit,
      photographer: byline,
      copyright: '',
      city,
    });
  });

  it('decodes a Latin-1 IPTC caption as Latin-1', async () => {
    const photo = await importOrThrow(
      openLibrary(),
      'zurich.jpg',
      await buildJpeg({
        iptc: { encoding: 'latin1', fields: { caption: 'Café in Zürich, à côté' } },
      }),
    );
    expect(photo.caption).toEqual('Café in Zürich, à côté');
  });

  it('lets XMP win over IPTC where both hold a value, and keeps IPTC where XMP is silent', async () => {
    const library = openLibrary();
    const photo = await importOrThrow(
      library,
      'both.jpg',
      await buildJpeg({
        iptc: {
          encoding: 'utf8',
          fields: {
            caption: 'Old IPTC caption',
            byline: 'IPTC Photographer',
            credit: 'IPTC Credit',
            copyright: 'IPTC Copyright',
            city: 'Wuxi',
          },
        },
        xmp: {
          description: '新的说明 & the XMP caption',
          credit: '[Photo provided to China Daily]',
          creators: ['Chen Jie', '刘芳'],
          altText: 'Two officials shake hands over a signed agreement',
        },
      }),
    );
    expect({ ...pickFields(photo), altText: photo.altText, city: photo.city }).toEqual({
      fileName: 'both.jpg',
      caption: '新的说明 & the XMP caption',
      credit: '[Photo provided to China Daily]',
      photographer: 'Chen Jie, 刘芳',
      copyright: 'IPTC Copyright',
      altText: 'Two officials shake hands over a signed agreement',
      city: 'Wuxi',
    });
  });

  it('applies the EXIF orientation to the size and to every rendition', async () => {
    const library = openLibrary();
    const bytes = await buildJpeg({ width: 800, height: 600, orientation: 6, color: '#000000' });
    const photo = await importOrThrow(library, 'portrait.jpg', bytes);
    expect({ width: photo.width, height: photo.height }).toEqual({ width: 600, height: 800 });
    expect(photo.renditions.map(({ name, width, height }) => ({ name, width, height }))).toEqual([
      { name: 'thumb', width: 300, height: 400 },
      { name: 'w320', width: 320, height: 427 },
      { name: 'w640', width: 600, height: 800 },
      { name: 'w1024', width: 600, height: 800 },
      { name: 'w1600', width: 600, height: 800 },
    ]);
    // The source's left half is black; turned 90° clockwise that half is on top.
    const w320 = await library.resolveFile(photo.id, 'w320');
    const { data, info } = await sharp(w320?.filePath ?? '')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixelAt = (x: number, y: number) => data[(y * info.width + x) * info.channels] ?? -1;
    expect({ top: pixelAt(160, 50) < 60, bottom: pixelAt(160, 380) > 200 }).toEqual({
      top: true,
      bottom: true,
    });
  });

  it('never upscales: a width beyond a small photo holds the photo at its own width', async () => {
    const library = openLibrary();
    const photo = await importOrThrow(
      library,
      'small.jpg',
      await buildJpeg({ width: 500, height: 250 }),
    );
    expect(photo.renditions.map(({ name, width, height }) => ({ name, width, height }))).toEqual([
      { name: 'thumb', width: 400, height: 200 },
      { name: 'w320', width: 320, height: 160 },
      { name: 'w640', width: 500, height: 250 },
      { name: 'w1024', width: 500, height: 250 },
      { name: 'w1600', width: 500, height: 250 },
    ]);
    const w1600 = await library.resolveFile(photo.id, 'w1600');
    expect(await sharp(w1600?.filePath ?? '').metadata()).toMatchObject({
      width: 500,
      height: 250,
    });
  });

  it('imports PNG (with alpha, as WebP renditions) and WebP, reading their XMP', async () => {
    const library = openLibrary();
    const png = await importOrThrow(
      library,
      'logo.png',
      await buildPng({
        width: 700,
        height: 350,
        xmp: { description: 'A PNG with XMP', credit: 'Xinhua' },
      }),
    );
    const webp = await importOrThrow(
      library,
      'web.webp',
      await buildWebp({ width: 330, height: 330, xmp: { description: '网页图片' } }),
    );
    expect([
      { mimeType: png.mimeType, caption: png.caption, credit: png.credit },
      { mimeType: webp.mimeType, caption: webp.caption, credit: webp.credit },
    ]).toEqual([
      { mimeType: 'image/png', caption: 'A PNG with XMP', credit: 'Xinhua' },
      { mimeType: 'image/webp', caption: '网页图片', credit: '' },
    ]);
    expect(png.renditions.map((rendition) => `${rendition.name} ${rendition.mimeType}`)).toEqual([
      'thumb image/webp',
      'w320 image/webp',
      'w640 image/webp',
      'w1024 image/webp',
      'w1600 image/webp',
    ]);
    expect(await library.resolveFile(png.id, 'thumb')).toEqual({
      filePath: path.join(mediaDir, 'photos', png.id, 'thumb.webp'),
      mimeType: 'image/webp',
    });
  });

  it('makes sRGB renditions from CMYK JPEGs and 16-bit greyscale PNGs', async () => {
    const library = openLibrary();
    const canvas = { width: 700, height: 400, channels: 3, background: '#336699' } as const;
    const cmyk = await sharp({ create: canvas }).toColourspace('cmyk').jpeg().toBuffer();
    const grey = await sharp({ create: canvas }).toColourspace('grey16').png().toBuffer();
    const spaces = [];
    for (const [name, bytes] of [
      ['cmyk.jpg', cmyk],
      ['grey.png', grey],
    ] as const) {
      const photo = await importOrThrow(library, name, new Uint8Array(bytes));
      const w640 = await library.resolveFile(photo.id, 'w640');
      const { space, channels, width } = await sharp(w640?.filePath ?? '').metadata();
      spaces.push({ name, space, channels, width });
    }
    expect(spaces).toEqual([
      { name: 'cmyk.jpg', space: 'srgb', channels: 3, width: 640 },
      { name: 'grey.png', space: 'srgb', channels: 3, width: 640 },
    ]);
  });

  it('imports the same photo twice as one photo and says so', async () => {
    const library = openLibrary();
    const bytes = await buildJpeg({ iptc: { encoding: 'utf8', fields: { caption: 'Once' } } });
    const first = await library.importFile('first.jpg', bytes);
    const again = await library.importFile('renamed copy.jpg', bytes);
    const concurrent = await Promise.all([
      library.importFile('x.jpg', await buildJpeg({ color: '#123456' })),
      library.importFile('y.jpg', await buildJpeg({ color: '#123456' })),
    ]);
    if (!first.ok) throw new Error(first.error.message);
    expect(again).toEqual({
      ok: true,
      value: { photo: first.value.photo, isDuplicate: true, warning: null },
    });
    // Whichever finishes hashing first imports; the other is told it is a duplicate.
    expect(concurrent.map((result) => result.ok && result.value.isDuplicate).sort()).toEqual([
      false,
      true,
    ]);
    expect(
      (await library.list({ text: '', filter: 'all', sort: 'newest', limit: 200 })).total,
    ).toEqual(2);
  });

  it('decodes and renders one photo at a time, one sharp call after another, however many arrive', async () => {
    const library = openLibrary();
    const files = await Promise.all(
      ['#8a2be2', '#2e8b57', '#d2691e', '#4682b4'].map((color) =>
        buildJpeg({ width: 2400, height: 1600, color }),
      ),
    );
    // sharp counts its calls running on libuv's pool; sampled on this thread while the imports run.
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, sharp.counters().process);
    }, 1);
    const results = await Promise.all(
      files.map((bytes, index) => library.importFile(`batch-${index}.jpg`, bytes)),
    );
    clearInterval(sampler);
    expect({ imported: results.filter((result) => result.ok).length, most }).toEqual({
      imported: 4,
      most: 1,
    });
  });
});

describe('refusing bad input', () => {
  it('gives each bad file its own message, imports the good ones and leaves no partial file', async () => {
    const library = openLibrary();
    const good = await buildJpeg({ iptc: { encoding: 'utf8', fields: { caption: 'Good one' } } });
    const batch: Array<[string, Uint8Array]> = [
      ['good.jpg', good],
      ['broken.jpg', await buildTruncatedJpeg()],
      ['empty.jpg', buildEmptyFile()],
      ['holiday.jpg', buildTextFile()],
      ['bomb.jpg', await buildDecompressionBombJpeg()],
      ['bomb.png', await buildDecompressionBombPng()],
      ['also-good.png', await buildPng()],
    ];
    const results = await Promise.all(
      batch.map(([name, bytes]) => library.importFile(name, bytes)),
    );
    expect(
      results.map((result) =>
        result.ok ? `imported ${result.value.photo.fileName}` : result.error,
      ),
    ).toEqual([
      'imported good.jpg',
      {
        code: 'corrupt_image',
        message: expect.stringMatching(
          /^broken\.jpg could not be imported: the image data is damaged or incomplete/,
        ),
      },
      {
        code: 'empty_file',
        message: 'empty.jpg could not be imported: the file is empty (0 bytes).',
      },
      {
        code: 'not_an_image',
        message:
          'holiday.jpg could not be imported: it is not a JPEG, PNG or WebP image, whatever its name says.',
      },
      {
        code: 'too_many_pixels',
        message:
          'bomb.jpg was refused: it claims 60000 × 60000 pixels (3,600 megapixels), more than the 150 megapixels the library accepts. A file like this is damaged or made to exhaust memory.',
      },
      {
        code: 'too_many_pixels',
        message:
          'bomb.png was refused: it claims 50000 × 50000 pixels (2,500 megapixels), more than the 150 megapixels the library accepts. A file like this is damaged or made to exhaust memory.',
      },
      'imported also-good.png',
    ]);
    const ids = results.flatMap((result) => (result.ok ? [result.value.photo.id] : []));
    const expectedFiles = ids.flatMap((id) => {
      const photo = results.find((result) => result.ok && result.value.photo.id === id);
      const renditions = photo?.ok ? photo.value.photo.renditions : [];
      const extension = (mimeType: string) =>
        mimeType === 'image/png' ? 'png' : mimeType === 'image/webp' ? 'webp' : 'jpg';
      const originalType = photo?.ok ? photo.value.photo.mimeType : '';
      return [
        path.join('photos', id, `original.${extension(originalType)}`),
        path.join('photos', id, 'photo.json'),
        ...renditions.map((rendition) =>
          path.join('photos', id, `${rendition.name}.${extension(rendition.mimeType)}`),
        ),
      ];
    });
    expect(await filesUnder(mediaDir)).toEqual(expectedFiles.sort());
  });

  it('imports photos whose XMP repeats <dc:description> unclosed or names &#x110000;', async () => {
    const library = openLibrary();
    const description =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">';
    const png = (xmp: string, background: string) =>
      sharp({ create: { width: 40, height: 30, channels: 3, background } })
        .png()
        .withXmp(xmp)
        .toBuffer();
    // 2.9 s at 2.3 KB, 49 s at 7.9 KB with the old lazy regexes.
    const unclosedXmp = description + '<dc:description>'.repeat(480);
    const unclosed = await png(unclosedXmp, '#345678');
    const beyondUnicode = await png(
      `${description}<dc:title>Taihu &#x110000;</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`,
      '#876543',
    );
    const results = [
      await library.importFile('unclosed.png', unclosed),
      await library.importFile('beyond.png', beyondUnicode),
    ];
    expect({
      isEightKilobytes: unclosedXmp.length > 7.5 * 1024 && unclosedXmp.length < 8 * 1024,
      imported: results.map((result) => (result.ok ? result.value.photo.objectName : result.error)),
    }).toEqual({ isEightKilobytes: true, imported: ['', 'Taihu &#x110000;'] });
  });

  it('refuses a photo whose metadata outlasts the time budget, parsing none of it on this thread', async () => {
    const library = createMediaLibrary(mediaDir, {
      now: () => NOW,
      onWarning: () => undefined,
      metadataBudgetMs: 100,
    });
    // Compiled and warmed up first, so what is measured below is the import, not the first run.
    const first = await library.importFile('first.jpg', await buildJpeg({ color: '#0a0b0c' }));
    // 7.5 MB of XMP, under the size cap, compressed by PNG into a file of a few tens of KB:
    // several times the budget to parse.
    const xmp = bloatedXmp(7.5e6, 'A caption nobody waits for');
    const stalling = await pngWithXmp(xmp);
    // The same-run baseline: what parsing this packet costs the thread that does it.
    const parseStart = process.threadCpuUsage();
    parseXmp(xmp);
    const parseCpu = process.threadCpuUsage(parseStart);
    const importStart = process.threadCpuUsage();
    let isSettled = false;
    const slow = library.importFile('stalling.png', stalling).finally(() => {
      isSettled = true;
    });
    const listed = await library.list({ text: '', filter: 'all', sort: 'newest', limit: 10 });
    const isAnsweredFirst = !isSettled;
    const refused = await slow;
    const importCpu = process.threadCpuUsage(importStart);
    const next = await library.importFile('next.jpg', await buildJpeg({ color: '#0c0b0a' }));
    const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
    expect({
      imported: [first.ok, next.ok],
      isAnsweredFirst,
      listed: listed.total,
      refused: refused.ok ? 'imported' : refused.error,
      // CPU time of this thread, not wall time: a loaded machine slows both alike.
      costsLessThanAThirdOfTheParse: cpuMs(importCpu) < cpuMs(parseCpu) / 3,
      staging: await readdir(path.join(mediaDir, 'staging')),
      photos: (
        await library.list({ text: '', filter: 'all', sort: 'newest', limit: 10 })
      ).photos.map((photo) => photo.fileName),
    }).toEqual({
      imported: [true, true],
      isAnsweredFirst: true,
      listed: 1,
      refused: {
        code: 'metadata_timeout',
        message:
          'stalling.png could not be imported: reading its embedded metadata (caption, credit, date) took longer than 0.1 seconds, so it was stopped. The file may be damaged or made to stall the library. Nothing was kept.',
      },
      costsLessThanAThirdOfTheParse: true,
      staging: [],
      photos: expect.arrayContaining(['first.jpg', 'next.jpg']),
    });
  });

  it("reads the caption behind megabytes of Photoshop's DocumentAncestors", async () => {
    const library = openLibrary();
    const photo = await importOrThrow(
      library,
      'ancestors.png',
      await pngWithXmp(bloatedXmp(4e6, 'Workers repair the Liangxi Bridge')),
    );
    expect(photo.caption).toBe('Workers repair the Liangxi Bridge');
  });

  it('keeps a damaged JPEG that still renders, with a warning saying so', async () => {
    const library = openLibrary();
    const result = await library.importFile('scratched.jpg', await buildGarbledJpeg());
    expect(result.ok && result.value.photo.renditions.map((rendition) => rendition.name)).toEqual([
      'thumb',
      'w320',
      'w640',
      'w1024',
      'w1600',
    ]);
    expect(result.ok && result.value.warning).toMatch(
      /^scratched\.jpg was imported, but its image data reports damage \(.*Corrupt JPEG data.*\)\. Look at the photo before publishing it\.$/,
    );
  });

  it('treats a file name with ../ or odd characters as display text only', async () => {
    const library = openLibrary();
    const photo = await importOrThrow(
      library,
      '../../outside\u202e\u0000gpj.jpg',
      await buildJpeg({ color: '#654321' }),
    );
    expect(photo.fileName).toEqual('outsidegpj.jpg');
    expect(await readdir(path.join(root, 'data'))).toEqual(['media']);
    expect(await readdir(mediaDir)).toEqual(['photos', 'staging']);
  });

  it('clears staging left by an import that never finished, and skips an unreadable record', async () => {
    const first = openLibrary();
    const kept = await importOrThrow(first, 'kept.jpg', await buildJpeg());
    const stale = path.join(mediaDir, 'staging', 'crashed-import');
    await mkdir(stale, { recursive: true });
    await writeFile(path.join(stale, 'original.jpg'), 'half a photo');
    const broken = path.join(mediaDir, 'photos', 'f'.repeat(64));
    await mkdir(broken);
    await writeFile(path.join(broken, 'photo.json'), '{ not json');
    await writeFile(path.join(mediaDir, 'photos', kept.id, 'photo.json.tmp-123'), 'partial');
    const warnings: string[] = [];
    const reopened = createMediaLibrary(mediaDir, {
      onWarning: (message) => warnings.push(message),
    });
    expect(await reopened.list({ text: '', filter: 'all', sort: 'newest', limit: 200 })).toEqual({
      photos: [kept],
      matched: 1,
      total: 1,
    });
    expect(await readdir(path.join(mediaDir, 'staging'))).toEqual([]);
    expect(
      (await readdir(path.join(mediaDir, 'photos', kept.id))).includes('photo.json.tmp-123'),
    ).toEqual(false);
    expect(warnings).toEqual([expect.stringContaining('could not be read')]);
  });
  it('reports a library folder it cannot open, and every call says so, without crashing', async () => {
    const blocked = path.join(root, 'not-a-folder');
    await writeFile(blocked, 'a file where the media folder should be');
    const warnings: string[] = [];
    const library = createMediaLibrary(blocked, { onWarning: (message) => warnings.push(message) });
    await expect(
      library.list({ text: '', filter: 'all', sort: 'newest', limit: 200 }),
    ).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(warnings).toEqual([
      expect.stringMatching(/^The photo library in .*not-a-folder could not be opened: /),
    ]);
  });
});

describe('serving files', () => {
  it('resolves only known files of known photos: no path traversal', async () => {
    const library = openLibrary();
    const photo = await importOrThrow(
      library,
      'a.jpg',
      await buildJpeg({ width: 700, height: 400 }),
    );
    const attempts = [
      [photo.id, '../photo.json'],
      [photo.id, 'photo.json'],
      [photo.id, 'original.jpg'],
      [photo.id, 'w9999'],
      ['../' + photo.id.slice(3), 'original'],
      [photo.id.toUpperCase(), 'original'],
      ['0'.repeat(64), 'original'],
    ];
    expect(
      await Promise.all(attempts.map(([id = '', file = '']) => library.resolveFile(id, file))),
    ).toEqual(attempts.map(() => null));
    expect(await library.resolveFile(photo.id, 'w640')).toEqual({
      filePath: path.join(mediaDir, 'photos', photo.id, 'w640.jpg'),
      mimeType: 'image/jpeg',
    });
  });
});

describe('captioning', () => {
  it('saves the five fields durably and refuses invalid values without changing anything', async () => {
    const library = openLibrary();
    const photo = await importOrThrow(library, 'a.jpg', await buildJpeg());
    const saved = await library.update(photo.id, {
      caption: 'Jiangsu officials exchange ideas at the symposium.',
      credit: '[Photo provided to China Daily]',
      photographer: 'Li Ming',
      copyright: 'China Daily',
      altText: 'People seated around a conference table',
    });
    const expected: Photo = {
      ...photo,
      caption: 'Jiangsu officials exchange ideas at the symposium.',
      credit: '[Photo provided to China Daily]',
      photographer: 'Li Ming',
      copyright: 'China Daily',
      altText: 'People seated around a conference table',
    };
    expect(saved).toEqual({ ok: true, value: expected });
    const refused = await library.update(photo.id, { credit: 'x'.repeat(501) });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid_photo_fields',
        message: 'The changes to a.jpg were not saved: some values are not valid.',
        details: [expect.stringContaining('credit')],
      },
    });
    const reopened = openLibrary();
    expect(await reopened.get(photo.id)).toEqual(expected);
    expect(await reopened.update('a'.repeat(64), { caption: 'x' })).toEqual({
      ok: false,
      error: {
        code: 'photo_not_found',
        message:
          'That photo is not in the library (it may have been removed). Nothing was changed.',
      },
    });
  });

  it('captions several photos at once: ticked fields only, appended or replaced', async () => {
    const library = openLibrary();
    const first = await importOrThrow(
      library,
      'one.jpg',
      await buildJpeg({
        color: '#111111',
        iptc: { encoding: 'utf8', fields: { caption: 'Lingshan at dusk.', credit: 'Old' } },
      }),
    );
    const second = await importOrThrow(library, 'two.jpg', await buildJpeg({ color: '#222222' }));
    const batch = {
      ...emptyBatchCaption(),
      caption: { enabled: true, mode: 'append' as const, value: '[Photo provided to China Daily]' },
      credit: { enabled: true, mode: 'replace' as const, value: 'China Daily' },
      photographer: { enabled: false, mode: 'replace' as const, value: 'ignored' },
    };
    const result = await library.captionMany([first.id, second.id], batch);
    expect(result).toEqual({
      ok: true,
      value: [
        {
          ...first,
          caption: 'Lingshan at dusk. [Photo provided to China Daily]',
          credit: 'China Daily',
        },
        { ...second, caption: '[Photo provided to China Daily]', credit: 'China Daily' },
      ],
    });
    const refused = await library.captionMany([first.id, 'b'.repeat(64)], batch);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'photo_not_found',
        message:
          'That photo is not in the library (it may have been removed). Nothing was changed.',
      },
    });
    expect(await openLibrary().get(first.id)).toEqual(result.ok ? result.value[0] : null);
  });
});

describe('listing', () => {
  it('returns the first photos up to the limit and says how many match and how many exist', async () => {
    let clock = NOW;
    const library = createMediaLibrary(mediaDir, { now: () => (clock += 1000) });
    const old = await importOrThrow(library, 'old.jpg', await buildJpeg({ color: '#010101' }));
    const captioned = await importOrThrow(
      library,
      'captioned.jpg',
      await buildJpeg({
        color: '#020202',
        iptc: { encoding: 'utf8', fields: { caption: 'Taihu' } },
      }),
    );
    const recent = await importOrThrow(
      library,
      'recent.jpg',
      await buildJpeg({ color: '#030303' }),
    );
    expect(
      await library.list({ text: '', filter: 'all', sort: 'uncaptionedFirst', limit: 2 }),
    ).toEqual({
      photos: [recent, old],
      matched: 3,
      total: 3,
    });
    expect(await library.list({ text: 'taihu', filter: 'all', sort: 'newest', limit: 10 })).toEqual(
      {
        photos: [captioned],
        matched: 1,
        total: 3,
      },
    );
  });
});

describe('refusing other image formats', () => {
  it('names the format it refuses, so the message can say what to do', async () => {
    const library = openLibrary();
    expect(await library.importFile('IMG_0042.HEIC', buildHeicHeader())).toEqual({
      ok: false,
      error: {
        code: 'not_an_image',
        message:
          'IMG_0042.HEIC could not be imported: it is a HEIC/HEIF image, and the library takes JPEG, PNG or WebP. Export it as JPEG first.',
      },
    });
  });
});

/** The first bytes of a HEIC file: enough for sniffing to name it. */
function buildHeicHeader(): Uint8Array {
  return Uint8Array.from([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]);
}

function pickFields(photo: Photo) {
  return {
    fileName: photo.fileName,
    caption: photo.caption,
    credit: photo.credit,
    photographer: photo.photographer,
    copyright: photo.copyright,
  };
}

function createHashHex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
