import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../shared/api/media';
import { newsroomPhotoFilePath } from '../../shared/api/newsroomPublishing';
import { emptyBatchCaption } from '../../shared/media/library';
import { createMediaLibrary } from '../../main/services/media/mediaLibrary';
import {
  buildDecompressionBombJpeg,
  buildDecompressionBombPng,
  buildJpeg,
  buildTextFile,
  buildTruncatedJpeg,
} from '../../tests/support/images';
import { listenToEvents } from '../../tests/support/eventStream';
import { sha256Of, uploadPhoto } from '../../tests/support/newsroom/photoUpload';
import { STORE_KINDS, startStoreHarness, type StoreHarness } from '../store/testing/storeHarness';
import { startNewsroomHarness, type NewsroomHarness } from '../testing/newsroomHarness';

/** A GIF's first bytes: an image, but not one the library takes. */
const GIF = new Uint8Array([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
  0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
]);

describe.each(STORE_KINDS)('the newsroom’s photo library on the %s store', (kind) => {
  let stores: StoreHarness;
  let harness: NewsroomHarness;
  let captioned: Uint8Array;
  beforeAll(async () => {
    stores = await startStoreHarness(kind);
    harness = await startNewsroomHarness(stores);
    captioned = await buildJpeg({
      width: 1200,
      height: 800,
      color: '#2a6',
      iptc: {
        fields: {
          caption: 'Workers assemble sensors at a plant in Wuxi.',
          credit: 'Photo provided to China Daily',
          byline: 'Zhu Lei',
        },
        encoding: 'utf8',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await stores.stop();
  });

  it('takes a photo once: exists answers false, the upload imports it, the same bytes again are a duplicate', async () => {
    const sha256 = sha256Of(captioned);
    expect(await harness.value('photo:exists', { sha256 }, 'photoDesk')).toEqual({
      exists: false,
    });
    const first = await uploadPhoto(harness.url, harness.tokens.photoDesk, captioned, {
      name: 'wuxi-plant.jpg',
    });
    expect(first.status).toBe(200);
    const photo = await harness.value('photo:get', { id: sha256 }, 'reporter');
    expect(first.body).toEqual({
      ok: true,
      value: { photo, isDuplicate: false, warning: null },
    });
    expect({
      id: photo.id,
      fileName: photo.fileName,
      caption: photo.caption,
      credit: photo.credit,
      photographer: photo.photographer,
      width: photo.width,
      renditions: photo.renditions.map((rendition) => rendition.name),
    }).toEqual({
      id: sha256,
      fileName: 'wuxi-plant.jpg',
      caption: 'Workers assemble sensors at a plant in Wuxi.',
      credit: 'Photo provided to China Daily',
      photographer: 'Zhu Lei',
      width: 1200,
      renditions: ['thumb', 'w320', 'w640', 'w1024', 'w1600'],
    });
    expect(await harness.value('photo:exists', { sha256 }, 'reporter')).toEqual({ exists: true });
    const again = await uploadPhoto(harness.url, harness.tokens.reporter, captioned, {
      name: 'copy.jpg',
    });
    expect(again.body).toEqual({ ok: true, value: { photo, isDuplicate: true, warning: null } });
    const changes = await harness.value('photos:changes', { since: 0 }, 'editor');
    expect(changes.photos.filter((listed) => listed.id === sha256)).toEqual([photo]);
  });

  it('refuses what a modified client sends with the same per-file messages as a workstation', async () => {
    const files: Array<[string, Uint8Array]> = [
      ['holiday.jpg', buildTextFile()],
      ['animation.jpg', GIF],
      ['bomb.jpg', await buildDecompressionBombJpeg()],
      ['bomb.png', await buildDecompressionBombPng()],
      ['cut.jpg', await buildTruncatedJpeg()],
      ['empty.jpg', new Uint8Array()],
    ];
    // A workstation's own library, on the same bytes: what its photo desk would be told.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-library-'));
    const library = createMediaLibrary(folder, { onWarning: () => undefined });
    const expected: string[] = [];
    for (const [name, bytes] of files) {
      const local = await library.importFile(name, bytes);
      expected.push(local.ok ? 'imported' : local.error.message);
    }
    rmSync(folder, { recursive: true, force: true });
    const answers = [];
    for (const [name, bytes] of files)
      answers.push(
        await uploadPhoto(harness.url, harness.tokens.photoDesk, bytes, {
          name,
          contentType: 'image/jpeg',
        }),
      );
    expect(answers.map((answer) => answer.body.error?.message ?? 'imported')).toEqual(expected);
    expect(answers.map((answer) => answer.status)).toEqual([415, 415, 400, 400, 400, 400]);
    expect(expected.filter((message) => message === 'imported')).toEqual([]);
    for (const [, bytes] of files)
      expect(await harness.value('photo:exists', { sha256: sha256Of(bytes) }, 'editor')).toEqual({
        exists: false,
      });
  });

  it('refuses a body whose SHA-256 is not the declared one, and keeps nothing', async () => {
    const photo = await buildJpeg({ width: 64, height: 48, color: '#c33' });
    const answer = await uploadPhoto(harness.url, harness.tokens.photoDesk, photo, {
      name: 'changed.jpg',
      sha256: '0'.repeat(64),
    });
    expect([answer.status, answer.body.error?.message]).toEqual([
      400,
      'changed.jpg could not be imported: it arrived changed or cut short (its SHA-256 is not the one declared). Send it again.',
    ]);
    expect(await harness.value('photo:exists', { sha256: sha256Of(photo) }, 'photoDesk')).toEqual({
      exists: false,
    });
  });

  it('refuses an upload over the library’s size while reading it, declared or streamed', async () => {
    // Declares more than the library takes and sends nothing: refused before a byte is read.
    const silent = new Readable({ read: () => undefined });
    const declared = await uploadPhoto(harness.url, harness.tokens.photoDesk, silent, {
      name: 'huge.jpg',
      sha256: null,
      contentLength: MAX_IMPORT_BYTES + 1,
    });
    expect([declared.status, declared.body.error?.message]).toEqual([
      413,
      'huge.jpg could not be imported: at 209.7 MB it is larger than the 209.7 MB the library accepts.',
    ]);
    const chunk = new Uint8Array(1024 * 1024).fill(0xff);
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += chunk.byteLength;
        this.push(sent > MAX_IMPORT_BYTES + 8 * chunk.byteLength ? null : chunk);
      },
    });
    const before = process.memoryUsage().rss;
    const streamed = await uploadPhoto(harness.url, harness.tokens.photoDesk, endless, {
      name: 'endless.jpg',
      sha256: null,
    });
    expect([streamed.status, streamed.body.error?.message]).toEqual([
      413,
      'endless.jpg could not be imported: more than 209.7 MB it is larger than the 209.7 MB the library accepts.',
    ]);
    // Spooled to disk, never held: the process did not grow by the size of the body.
    expect(process.memoryUsage().rss - before).toBeLessThan(MAX_IMPORT_BYTES / 2);
  });

  it('answers 401 to an upload or a file request without a session', async () => {
    const photo = await buildJpeg({ width: 32, height: 32 });
    expect((await uploadPhoto(harness.url, null, photo)).status).toBe(401);
    expect(
      (await fetch(`${harness.url}${newsroomPhotoFilePath(sha256Of(captioned), 'thumb')}`)).status,
    ).toBe(401);
  });

  it('serves a photo’s files to signed-in workstations, and nothing else', async () => {
    const id = sha256Of(captioned);
    const headers = { Authorization: `Bearer ${harness.tokens.reporter}` };
    const thumb = await fetch(`${harness.url}${newsroomPhotoFilePath(id, 'thumb')}`, { headers });
    const original = await fetch(`${harness.url}${newsroomPhotoFilePath(id, 'original')}`, {
      headers,
    });
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(captioned);
    const refused = await Promise.all(
      [
        newsroomPhotoFilePath(id, 'photo.json'),
        newsroomPhotoFilePath(id, '../photo.json'),
        newsroomPhotoFilePath('0'.repeat(64), 'thumb'),
        '/photos/..%2f..%2fnewsroom.sqlite/original',
      ].map(async (file) => (await fetch(`${harness.url}${file}`, { headers })).status),
    );
    expect(refused).toEqual([404, 404, 404, 404]);
  });

  it('lets the photo desk and editors caption, refuses reporters, and tells every workstation', async () => {
    const id = sha256Of(captioned);
    const { cursor } = await harness.value('photos:changes', { since: 0 }, 'reporter');
    const stream = listenToEvents(harness.url, harness.tokens.reporter);
    const refused = await harness.call(
      'photo:update',
      { id, fields: { caption: 'A reporter’s caption' } },
      'reporter',
    );
    expect([refused.status, refused.body.ok]).toEqual([403, false]);
    const tooLong = await harness.call(
      'photo:update',
      { id, fields: { credit: 'x'.repeat(501) } },
      'photoDesk',
    );
    expect(tooLong.status).toBe(400);
    const updated = await harness.value(
      'photo:update',
      { id, fields: { altText: 'Workers at a sensor assembly line', caption: 'Sensors, Wuxi.' } },
      'photoDesk',
    );
    expect([updated.caption, updated.altText, updated.credit]).toEqual([
      'Sensors, Wuxi.',
      'Workers at a sensor assembly line',
      'Photo provided to China Daily',
    ]);
    const seen = await stream.waitFor(
      (data) => data.includes('"photos"') && !data.includes(`"cursor":${cursor}}`),
      5000,
    );
    await stream.close();
    expect(seen).not.toBeNull();
    const changes = await harness.value('photos:changes', { since: cursor }, 'reporter');
    expect([changes.photos, changes.hasMore, changes.isReset]).toEqual([[updated], false, false]);
  });

  it('captions several photos at once, all or none', async () => {
    const other = await buildJpeg({ width: 200, height: 100, color: '#36c' });
    const uploaded = await uploadPhoto(harness.url, harness.tokens.photoDesk, other, {
      name: 'second.jpg',
    });
    expect(uploaded.status).toBe(200);
    const ids = [sha256Of(captioned), sha256Of(other)];
    const xinhua = {
      ...emptyBatchCaption(),
      credit: { enabled: true, mode: 'replace', value: 'Xinhua' },
    };
    const missing = await harness.call(
      'photos:caption',
      { ids: [...ids, 'f'.repeat(64)], batch: xinhua },
      'editor',
    );
    expect([missing.status, missing.body.ok]).toEqual([404, false]);
    const captionedMany = await harness.value('photos:caption', { ids, batch: xinhua }, 'editor');
    expect(captionedMany.map((photo) => [photo.id, photo.credit])).toEqual([
      [ids[0], 'Xinhua'],
      [ids[1], 'Xinhua'],
    ]);
  });
});
