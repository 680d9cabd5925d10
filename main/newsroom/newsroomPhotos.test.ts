import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { UploadedStory } from '../../shared/api/newsroom';
import { uuidv7 } from '../../shared/ids';
import { photoSchema, type Photo } from '../../shared/media/photo';
import { slateNodesToInsertDelta } from '@slate-yjs/core';
import type { FigureElement } from '../../shared/story/body';
import { bodyText, stateOfBody } from '../../shared/story/bodyState';
import { connectCollab } from '../../tests/support/collabClient';
import { openTestGateway, signInGateway, untilGateway } from '../../tests/support/gateway';
import { buildJpeg } from '../../tests/support/images';
import { tokenOf } from '../../tests/support/newsroomWorkstation';
import { buildWuxiStory } from '../../tests/support/portal/wuxi';
import { newsroomValue } from '../../tests/support/newsroom/approvedStory';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type NewsroomPerson,
  type TestNewsroom,
} from '../../tests/support/newsroom';
import { createMediaLibrary, type MediaLibrary } from '../services/media/mediaLibrary';
import type { NewsroomGateway } from './gateway';
import { createNewsroomPhotos, type NewsroomPhotos } from './newsroomPhotos';

/** One signed-in workstation's main process: its library, gateway and newsroom photos. */
interface Workstation {
  library: MediaLibrary;
  gateway: NewsroomGateway;
  photos: NewsroomPhotos;
  /** Every photo upload this workstation's main sent (`POST /photos`). */
  uploads: string[];
}

/** Waits (bounded) until `read` answers something `isDone` accepts; answers it. */
async function eventually<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A photo to build and import: its file name, colour and embedded caption. */
interface PhotoSpec {
  name: string;
  color: string;
  caption: string;
}

function captionOf(photo: Photo | null): string | null {
  return photo?.caption ?? null;
}

describe('the newsroom photo library of a signed-in workstation', () => {
  let newsroom: TestNewsroom;
  const folders: string[] = [];
  const workstations: Workstation[] = [];

  /**
   * A signed-in workstation; its photo uploads wait for `uploadsGo` when one is given, and the
   * server's answers to its `photo:update` calls for `updatesGo`.
   */
  async function signedIn(
    person: NewsroomPerson,
    uploadsGo: Promise<void> = Promise.resolve(),
    updatesGo: Promise<void> = Promise.resolve(),
  ): Promise<Workstation> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'newsroom-photos-'));
    folders.push(dataDir);
    const uploads: string[] = [];
    const countingFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (init?.method === 'POST' && new URL(url).pathname === '/photos') {
        uploads.push(new URL(url).pathname);
        await uploadsGo;
      }
      const response = await fetch(input, init);
      if (url.endsWith('photo:update')) await updatesGo;
      return response;
    };
    const library = createMediaLibrary(path.join(dataDir, 'media'), { onWarning: () => {} });
    const gateway = openTestGateway(dataDir, { fetch: countingFetch });
    const photos = createNewsroomPhotos({
      dataDir,
      library,
      gateway,
      fetch: countingFetch,
      onProblem: () => {},
    });
    await gateway.start();
    await signInGateway(gateway, {
      serverUrl: newsroom.url,
      login: person.login,
      password: NEWSROOM_PASSWORD,
    });
    const workstation = { library, gateway, photos, uploads };
    workstations.push(workstation);
    return workstation;
  }

  async function importHere(workstation: Workstation, name: string, bytes: Uint8Array) {
    const outcome = await workstation.library.importFile(name, bytes);
    if (!outcome.ok) throw new Error(outcome.error.message);
    await workstation.photos.imported(outcome.value);
    return outcome.value.photo;
  }

  /**
   * Two captioned photos imported while the workstation stood alone (before signing in): in its
   * library, never sent.
   */
  async function importedAlone(
    workstation: Workstation,
    specs: [PhotoSpec, PhotoSpec],
  ): Promise<[Photo, Photo]> {
    const [first, second] = await Promise.all(
      specs.map(async ({ name, color, caption }) => {
        const bytes = await buildJpeg({
          width: 640,
          height: 400,
          color,
          iptc: { fields: { caption, credit: 'Wuxi Daily' }, encoding: 'utf8' },
        });
        const imported = await workstation.library.importFile(name, bytes);
        if (!imported.ok) throw new Error(imported.error.message);
        return imported.value.photo;
      }),
    );
    if (first === undefined || second === undefined) throw new Error('Two photos, please.');
    return [first, second];
  }

  /** The editor approves a submitted story and publishes it on the server; answers its state. */
  async function approvedAndPublished(id: string, editorToken: string): Promise<string> {
    await newsroomValue(newsroom.url, 'story:transition', { id, action: 'approve' }, editorToken);
    const published = await newsroomValue<{ state: string }>(
      newsroom.url,
      'story:transition',
      { id, action: 'publish' },
      editorToken,
    );
    return published.state;
  }

  async function serverHas(workstation: Workstation, id: string): Promise<boolean> {
    const answer = await workstation.gateway.call('photo:exists', { sha256: id });
    return answer.ok && JSON.stringify(answer.value) === '{"exists":true}';
  }

  beforeAll(async () => {
    newsroom = await startTestNewsroom({ people: Object.values(NEWSROOM_PEOPLE) });
  }, 120_000);
  afterAll(async () => {
    for (const workstation of workstations) {
      workstation.photos.close();
      workstation.gateway.close();
    }
    await newsroom.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('sends an import to the server once, and the other workstations get it and every caption edit', async () => {
    const photoDesk = await signedIn(NEWSROOM_PEOPLE.photoDesk);
    const reporter = await signedIn(NEWSROOM_PEOPLE.reporter);
    const bytes = await buildJpeg({
      width: 640,
      height: 480,
      color: '#b03030',
      iptc: {
        fields: { caption: 'Lanterns on the Grand Canal.', credit: 'Xinhua' },
        encoding: 'utf8',
      },
    });
    const photo = await importHere(photoDesk, 'lanterns.jpg', bytes);
    await eventually(() => serverHas(photoDesk, photo.id), Boolean, 'the upload');
    const arrived = await eventually(
      () => reporter.library.get(photo.id),
      (value) => value !== null,
      'the photo on the reporter’s workstation',
    );
    const edited = await photoDesk.photos.update(photo.id, { caption: 'Lanterns at dusk.' });
    const seen = await eventually(
      () => reporter.library.get(photo.id),
      (value) => captionOf(value) === 'Lanterns at dusk.',
      'the caption on the reporter’s workstation',
    );
    // The reporter has the same photo: importing it there sends nothing.
    await importHere(reporter, 'copy-of-lanterns.jpg', bytes);
    await reporter.photos.syncNow();
    const refused = await reporter.photos.update(photo.id, { caption: 'Changed by a reporter.' });
    expect({
      arrived: { caption: arrived?.caption, credit: arrived?.credit, size: arrived?.byteSize },
      edited: edited.ok ? edited.value.caption : edited.error.message,
      seen: captionOf(seen),
      uploads: { photoDesk: photoDesk.uploads.length, reporter: reporter.uploads.length },
      refused: refused.ok ? 'applied' : refused.error.code,
      afterRefusal: captionOf(await reporter.library.get(photo.id)),
      pending: reporter.photos.pendingUploads(),
    }).toEqual({
      arrived: {
        caption: 'Lanterns on the Grand Canal.',
        credit: 'Xinhua',
        size: bytes.byteLength,
      },
      edited: 'Lanterns at dusk.',
      seen: 'Lanterns at dusk.',
      uploads: { photoDesk: 1, reporter: 0 },
      refused: 'forbidden',
      afterRefusal: 'Lanterns at dusk.',
      pending: [],
    });
  }, 90_000);

  it('keeps an import made while the server is down and sends it when the connection returns', async () => {
    const photoDesk = await signedIn(NEWSROOM_PEOPLE.photoDesk);
    await newsroom.stop();
    await untilGateway(photoDesk.gateway, (status) => status.state === 'offline');
    const photo = await importHere(
      photoDesk,
      'offline.jpg',
      await buildJpeg({ width: 400, height: 300, color: '#2050a0' }),
    );
    const whileDown = [...photoDesk.photos.pendingUploads()];
    await newsroom.restart();
    await untilGateway(photoDesk.gateway, (status) => status.state === 'online');
    await eventually(() => serverHas(photoDesk, photo.id), Boolean, 'the upload after the outage');
    expect({ whileDown, after: photoDesk.photos.pendingUploads() }).toEqual({
      whileDown: [photo.id],
      after: [],
    });
  }, 90_000);

  it('sends the photos of stories written before signing in with their upload, once, and the server publishes them', async () => {
    const reporter = await signedIn(NEWSROOM_PEOPLE.reporter);
    const [lead, figure] = await importedAlone(reporter, [
      { name: 'xihui-park.jpg', color: '#b5651d', caption: 'Autumn in Xihui Park.' },
      { name: 'taihu-bridge.jpg', color: '#4682b4', caption: 'The Taihu bridge.' },
    ]);
    const now = Date.now();
    const id = uuidv7(now, randomBytes(10));
    const ref = (photo: Photo, altText: string) => ({
      photoId: photo.id,
      caption: photo.caption,
      credit: photo.credit,
      altText,
    });
    const { body, ...fields } = buildWuxiStory({
      id,
      slug: 'autumn-in-wuxi',
      headline: 'Autumn comes to Wuxi',
      leadPhoto: ref(lead, 'Red maples over a path.'),
      state: 'draft',
      createdAt: now - 60_000,
      updatedAt: now - 1000,
      firstPublishedAt: null,
      lastPublishedAt: null,
    });
    const story: UploadedStory = {
      story: fields,
      bodyState: Buffer.from(
        stateOfBody([
          ...body.filter((block) => block.type === 'paragraph'),
          {
            type: 'figure',
            ...ref(figure, 'A long bridge over a calm lake.'),
            children: [{ text: '' }],
          },
        ]),
      ).toString('base64'),
      trail: [],
      notes: [],
      versions: [],
    };
    const before = {
      lead: await serverHas(reporter, lead.id),
      figure: await serverHas(reporter, figure.id),
    };
    // As main's gateway does for every `stories:upload`: the photos first, then the stories.
    await reporter.photos.sendPhotosFor('stories:upload', { stories: [story] });
    const uploaded = await reporter.gateway.call('stories:upload', { stories: [story] });
    // Uploaded again (a retry): the server has both photos, nothing is sent twice.
    await reporter.photos.sendPhotosFor('stories:upload', { stories: [story] });
    const tokens = {
      reporter: await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter),
      editor: await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor),
    };
    await newsroomValue(
      newsroom.url,
      'story:transition',
      { id, action: 'submit' },
      tokens.reporter,
    );
    const published = await approvedAndPublished(id, tokens.editor);
    expect({
      before,
      uploaded: uploaded.ok ? uploaded.value : uploaded.error,
      after: {
        lead: await serverHas(reporter, lead.id),
        figure: await serverHas(reporter, figure.id),
      },
      sent: reporter.uploads.length,
      pending: reporter.photos.pendingUploads(),
      published,
    }).toEqual({
      before: { lead: false, figure: false },
      uploaded: { results: [{ id, outcome: 'created', message: expect.any(String) }] },
      after: { lead: true, figure: true },
      sent: 2,
      pending: [],
      published: 'published',
    });
  }, 90_000);

  it('sends the photos put into a story already on the server (a lead photo, a figure over /collab) before its update and transition, and the server publishes them', async () => {
    const reporter = await signedIn(NEWSROOM_PEOPLE.reporter);
    const [lead, figure] = await importedAlone(reporter, [
      { name: 'huishan-town.jpg', color: '#8b4513', caption: 'The old town of Huishan.' },
      { name: 'grand-canal.jpg', color: '#2e8b57', caption: 'Boats on the Grand Canal.' },
    ]);
    const tokens = {
      reporter: await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter),
      editor: await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor),
    };
    const { id } = await newsroomValue<{ id: string }>(
      newsroom.url,
      'story:create',
      { headline: 'Huishan opens its old town at night', byline: 'Li Wei' },
      tokens.reporter,
    );
    // The lead photo is a field: main sees it on its way (the picker's choice, saved).
    const update = {
      id,
      changes: {
        slug: 'huishan-at-night',
        section: 'news',
        leadPhoto: {
          photoId: lead.id,
          caption: lead.caption,
          credit: lead.credit,
          altText: 'Lanterns over a stone street.',
        },
      },
      base: { slug: '', section: 'news', leadPhoto: null },
    };
    await reporter.photos.sendPhotosFor('story:update', update);
    const updated = await reporter.gateway.call('story:update', update);
    const leadAfterUpdate = await serverHas(reporter, lead.id);
    // The figure goes into the body over /collab, as the editor's provider sends it: main never
    // sees it there.
    const client = connectCollab({ url: newsroom.url, storyId: id, token: tokens.reporter });
    try {
      await client.waitFor(() => client.rights() !== null, 'the rights message', 30_000);
      client.addParagraph('Huishan opened its old town at night, the district said on Monday.');
      const content = bodyText(client.doc);
      const inserted = {
        type: 'figure',
        photoId: figure.id,
        caption: figure.caption,
        credit: figure.credit,
        altText: 'Wooden boats moored along the canal.',
        children: [{ text: '' }],
      } satisfies FigureElement;
      content.applyDelta([{ retain: content.length }, ...slateNodesToInsertDelta([inserted])]);
      await client.waitFor(() => client.isSynced(), 'the body stored', 30_000);
    } finally {
      client.close();
    }
    const figureBeforeSubmit = await serverHas(reporter, figure.id);
    const submit = { id, action: 'submit' };
    await reporter.photos.sendPhotosFor('story:transition', submit);
    const submitted = await reporter.gateway.call('story:transition', submit);
    const published = await approvedAndPublished(id, tokens.editor);
    expect({
      updated: updated.ok,
      leadAfterUpdate,
      figureBeforeSubmit,
      submitted: submitted.ok,
      figureAfterSubmit: await serverHas(reporter, figure.id),
      sent: reporter.uploads.length,
      pending: reporter.photos.pendingUploads(),
      published,
    }).toEqual({
      updated: true,
      leadAfterUpdate: true,
      figureBeforeSubmit: false,
      submitted: true,
      figureAfterSubmit: true,
      sent: 2,
      pending: [],
      published: 'published',
    });
  }, 90_000);

  it('sends the fields edited while a photo waited for its upload once the server has it', async () => {
    let go: () => void = () => undefined;
    const uploadsGo = new Promise<void>((resolve) => {
      go = resolve;
    });
    const photoDesk = await signedIn(NEWSROOM_PEOPLE.photoDesk, uploadsGo);
    const photo = await importHere(
      photoDesk,
      'pending-edit.jpg',
      await buildJpeg({ width: 400, height: 300, color: '#7a3' }),
    );
    await eventually(
      async () => photoDesk.uploads.length,
      (count) => count === 1,
      'the upload under way',
    );
    // The server has no such photo yet: the edit is this workstation's, and follows the upload.
    const edited = await photoDesk.photos.update(photo.id, { altText: 'Typed while it uploads.' });
    go();
    const onServer = await eventually(
      async () => {
        const answer = await photoDesk.gateway.call('photo:get', { id: photo.id });
        return answer.ok ? photoSchema.parse(answer.value).altText : null;
      },
      (altText) => altText === 'Typed while it uploads.',
      'the edit on the server',
    );
    expect({
      edited: edited.ok ? edited.value.altText : edited.error.message,
      onServer,
      pending: photoDesk.photos.pendingUploads(),
    }).toEqual({
      edited: 'Typed while it uploads.',
      onServer: 'Typed while it uploads.',
      pending: [],
    });
  }, 60_000);

  it('sends an edit the server refused as unknown while the photo’s upload finished meanwhile', async () => {
    let uploadGo: () => void = () => undefined;
    let updateGo: () => void = () => undefined;
    const photoDesk = await signedIn(
      NEWSROOM_PEOPLE.photoDesk,
      new Promise<void>((resolve) => {
        uploadGo = resolve;
      }),
      new Promise<void>((resolve) => {
        updateGo = resolve;
      }),
    );
    const photo = await importHere(
      photoDesk,
      'edit-across-upload.jpg',
      await buildJpeg({ width: 400, height: 300, color: '#37a' }),
    );
    await eventually(
      async () => photoDesk.uploads.length,
      (count) => count === 1,
      'the upload under way',
    );
    // The server answers "no such photo" to the edit, and before that answer is read here the
    // upload finishes and leaves the queue: the edit must still reach the server.
    const editing = photoDesk.photos.update(photo.id, { altText: 'Typed as it finished.' });
    uploadGo();
    await eventually(
      async () => photoDesk.photos.pendingUploads(),
      (pending) => pending.length === 0,
      'the upload done',
    );
    updateGo();
    const edited = await editing;
    const onServer = await eventually(
      async () => {
        const answer = await photoDesk.gateway.call('photo:get', { id: photo.id });
        return answer.ok ? photoSchema.parse(answer.value).altText : null;
      },
      (altText) => altText === 'Typed as it finished.',
      'the edit on the server',
    );
    expect({ edited: edited.ok ? edited.value.altText : edited.error.message, onServer }).toEqual({
      edited: 'Typed as it finished.',
      onServer: 'Typed as it finished.',
    });
  }, 60_000);
});
