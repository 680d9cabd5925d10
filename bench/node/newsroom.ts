import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import SftpClient from 'ssh2-sftp-client';
import {
  NEWSROOM_PHOTO_PATHS,
  newsroomPhotoFilePath,
  PHOTO_UPLOAD_HEADERS,
} from '../../shared/api/newsroomPublishing';
import { createNewsroomPhotos } from '../../main/newsroom/newsroomPhotos';
import { createMediaLibrary } from '../../main/services/media/mediaLibrary';
import { currentGeneration } from '../../main/services/portal/siteStore';
import { isPublicSitePath } from '../../server/publishing/siteFiles';
import { startStoreHarness } from '../../server/store/testing/storeHarness';
import { noDelaySocket } from '../../server/publishing/targets/drivers';
import { stateOfBody } from '../../server/stories/storyBody';
import { startNewsroomHarness, TEST_PASSWORD } from '../../server/testing/newsroomHarness';
import { listenToEvents } from '../../tests/support/eventStream';
import { openTestGateway, signInGateway } from '../../tests/support/gateway';
import { startSshServer } from '../../tests/support/sshd';
import { buildPhoto, variantOf } from './media';
import { seedArchive } from './portal';

/**
 * A newsroom server in this process on a fresh embedded store (seeded first), its people signed
 * in: the server tests' harness, so the bench measures the newsroom they test.
 */
async function startNewsroom(seed?: (dataDir: string) => void) {
  const stores = await startStoreHarness('sqlite');
  const harness = await startNewsroomHarness(stores, {
    newsroom: { isSchedulerRunning: false },
    seed,
  });
  return {
    harness,
    async stop() {
      await harness.close();
      await stores.stop();
    },
  };
}

/** POSTs bytes as a raw body; answers the status once the answer is read. */
function postRaw(url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Follows the event stream's `photos` cursor as a second workstation does. */
function photoCursor(url: string, token: string) {
  const stream = listenToEvents(url, token);
  const cursorOf = (data: string) =>
    Number(/^\{"type":"photos","cursor":(\d+)\}$/.exec(data)?.[1] ?? Number.NaN);
  return {
    /** The latest `photos` cursor heard (-1 before the first). */
    current(): number {
      const cursors = stream.events.map((event) => cursorOf(event.data));
      return cursors.findLast((cursor) => !Number.isNaN(cursor)) ?? -1;
    },
    /** Resolves once the cursor passes `after`. */
    async beyond(after: number): Promise<number> {
      const event = await stream.waitFor((data) => cursorOf(data) > after, 60_000);
      if (event === null) throw new Error(`The photos cursor did not pass ${after}.`);
      return cursorOf(event.data);
    },
    close: () => stream.close(),
  };
}

/** Raw samples of the newsroom photo benchmark. */
export interface NewsroomPhotoSamples {
  width: number;
  height: number;
  bytes: number;
  /** ms from the desk's hash-then-upload until the other workstation has the thumbnail. */
  toThumbnail: number[];
  /**
   * ms from the same start until the other workstation's own library has the photo, thumbnail
   * and all, as its main process gets it (createNewsroomPhotos: the original fetched, checked
   * and rendered there).
   */
  toLibrary: number[];
  /** ms to POST the same bytes raw to a loopback server that spools them to disk. */
  rawPost: number[];
}

/**
 * A photo imported on one workstation until its thumbnail shows on another: the photo desk hashes
 * the file, asks `photo:exists`, uploads it (the server checks it and makes the renditions); the
 * other workstation hears the `photos` event, reads `photos:changes` and fetches the thumbnail
 * (`toThumbnail`), and the other workstation's main, running beside it, puts the photo in its own
 * library (`toLibrary`: what its Photos view and picker show). The uploader is a Node client of
 * the API as a workstation's main process is (the renderer is not in the loop). Baseline: the same bytes POSTed raw to a loopback server that
 * spools them to disk.
 */
export async function runNewsroomPhotoBenchmark(options: {
  width: number;
  height: number;
  repetitions: number;
}): Promise<NewsroomPhotoSamples> {
  const server = await startNewsroom();
  const spool = mkdtempSync(path.join(tmpdir(), 'newsroom-bench-raw-'));
  const raw = createServer((incoming, outgoing) => {
    void pipeline(incoming, createWriteStream(path.join(spool, `${Date.now()}-${Math.random()}`)))
      .then(() => outgoing.end('{}'))
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const rawAddress = raw.address();
  const rawUrl = new URL(
    `http://127.0.0.1:${typeof rawAddress === 'object' && rawAddress !== null ? rawAddress.port : 0}/`,
  );
  const watcher = photoCursor(server.harness.url, server.harness.tokens.reporter);
  const receiverDir = mkdtempSync(path.join(tmpdir(), 'newsroom-bench-receiver-'));
  const library = createMediaLibrary(path.join(receiverDir, 'media'), {
    onWarning: () => undefined,
  });
  const gateway = openTestGateway(receiverDir);
  const receiver = createNewsroomPhotos({
    dataDir: receiverDir,
    library,
    gateway,
    onProblem: () => undefined,
  });
  try {
    await gateway.start();
    await signInGateway(gateway, {
      serverUrl: server.harness.url,
      login: 'li.wei',
      password: TEST_PASSWORD,
    });
    const base = await buildPhoto(options.width, options.height, 3);
    const toThumbnail: number[] = [];
    const toLibrary: number[] = [];
    const rawPost: number[] = [];
    await watcher.beyond(-1);
    for (let index = 0; index < options.repetitions; index += 1) {
      const bytes = variantOf(base, index);
      const before = watcher.current();
      const started = performance.now();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { exists } = await server.harness.value('photo:exists', { sha256 }, 'photoDesk');
      if (exists) throw new Error('The bench photo was on the server already.');
      const status = await postRaw(
        new URL(NEWSROOM_PHOTO_PATHS.upload, server.harness.url),
        bytes,
        {
          Authorization: `Bearer ${server.harness.tokens.photoDesk}`,
          'Content-Type': 'image/jpeg',
          [PHOTO_UPLOAD_HEADERS.fileName]: `bench-${index}.jpg`,
          [PHOTO_UPLOAD_HEADERS.sha256]: sha256,
        },
      );
      if (status !== 200) throw new Error(`The upload answered ${status}.`);
      await watcher.beyond(before);
      const changes = await server.harness.value('photos:changes', { since: before }, 'reporter');
      const photo = changes.photos.find((candidate) => candidate.id === sha256);
      if (photo === undefined) throw new Error('The other workstation did not see the photo.');
      const thumbnail = await fetch(
        `${server.harness.url}${newsroomPhotoFilePath(photo.id, 'thumb')}`,
        {
          headers: { Authorization: `Bearer ${server.harness.tokens.reporter}` },
        },
      );
      await thumbnail.arrayBuffer();
      toThumbnail.push(performance.now() - started);
      for (
        let revision = receiver.revision();
        (await library.resolveFile(sha256, 'thumb')) === null;
      )
        revision = await receiver.waitForRevision(revision, 1000);
      toLibrary.push(performance.now() - started);
      const rawStarted = performance.now();
      await postRaw(rawUrl, bytes, { 'Content-Type': 'application/octet-stream' });
      rawPost.push(performance.now() - rawStarted);
    }
    return {
      width: options.width,
      height: options.height,
      bytes: base.length,
      toThumbnail,
      toLibrary,
      rawPost,
    };
  } finally {
    receiver.close();
    gateway.close();
    rmSync(receiverDir, { recursive: true, force: true });
    await watcher.close();
    raw.close();
    rmSync(spool, { recursive: true, force: true });
    await server.stop();
  }
}

/** Raw samples of the publish-target benchmark. */
export interface TargetSamples {
  archived: number;
  /** Files one publish changes (pages, photos, records) that go to the target. */
  files: number;
  /** ms from the editor's Publish until the server's site `current` has the article. */
  local: number[];
  /** ms from the editor's Publish until the article is on the SFTP target. */
  toTarget: number[];
  /** ms to put the same files with the SFTP client alone (connect, put each, close). */
  sftpAlone: number[];
  /** ms to copy the same files into a folder with plain fs (no render, no generation, no fsync). */
  plainCopy: number[];
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/**
 * Publish one story on a site of `archived` stories until the article is on a loopback SFTP target
 * (Debian's sshd): the editor's `story:transition` answers once the server's own site has it
 * (`local`), and the outbox copies the new generation's files in link order (`toTarget`). The
 * target starts holding the whole site (copied in, and recorded so). Baseline: the same files put
 * with ssh2-sftp-client alone over a new connection.
 */
export async function runTargetBenchmark(options: {
  archived: number;
  publishes: number;
}): Promise<TargetSamples> {
  const ssh = await startSshServer();
  const server = await startNewsroom((dataDir) => seedArchive(dataDir, options.archived));
  try {
    const { newsroom } = server.harness;
    const current = await currentGeneration(newsroom.publishDir);
    if (current === null) throw new Error('The seeded site was not built.');
    cpSync(current.directory, ssh.root, {
      recursive: true,
      filter: (source) => !path.basename(source).startsWith('.'),
    });
    await newsroom.targets.add({ name: 'web1', url: ssh.url, identityFile: ssh.identityFile });
    await newsroom.store.db
      .insertInto('target_files')
      .columns(['target_name', 'path', 'sha256', 'size'])
      .expression((eb) =>
        eb
          .selectFrom('site_files')
          .select((inner) => [inner.val('web1').as('target_name'), 'path', 'sha256', 'size']),
      )
      .execute();
    const local: number[] = [];
    const toTarget: number[] = [];
    const sftpAlone: number[] = [];
    const plainCopy: number[] = [];
    let files = 0;
    for (let index = 0; index < options.publishes; index += 1) {
      const { id } = await server.harness.value(
        'story:create',
        { headline: `Bench story ${index}`, byline: 'Li Wei' },
        'reporter',
      );
      await server.harness.value(
        'story:update',
        { id, changes: { slug: `bench-story-${index}` }, base: { slug: '' } },
        'reporter',
      );
      await newsroom.bodies.save(
        id,
        stateOfBody([
          { type: 'paragraph', children: [{ text: `Bench story ${index}, the city said.` }] },
        ]),
      );
      await server.harness.value('story:transition', { id, action: 'submit' }, 'reporter');
      await server.harness.value('story:transition', { id, action: 'approve' }, 'editor');
      const started = performance.now();
      const published = await server.harness.value(
        'story:transition',
        { id, action: 'publish' },
        'editor',
      );
      local.push(performance.now() - started);
      const { publishedPath } = published.story;
      if (publishedPath === null) throw new Error('The published story has no path.');
      const article = path.join(ssh.root, ...publishedPath.split('/'));
      while (!existsSync(article)) await new Promise((resolve) => setTimeout(resolve, 2));
      toTarget.push(performance.now() - started);
      await newsroom.outbox.idle();
      const generation = await currentGeneration(newsroom.publishDir);
      const changed = (generation?.changed ?? []).filter(
        (sitePath) =>
          isPublicSitePath(sitePath) &&
          existsSync(path.join(generation?.directory ?? '', sitePath)),
      );
      files = changed.length;
      const aloneStarted = performance.now();
      const client = new SftpClient('bench');
      // The client as the outbox uses it (Nagle off): a fair baseline, not a slow one.
      await client.connect({
        sock: noDelaySocket('127.0.0.1', ssh.port),
        host: '127.0.0.1',
        port: ssh.port,
        username: ssh.user,
        privateKey: readFileSync(ssh.identityFile),
      });
      const scratch = `${ssh.root}-baseline-${index}`;
      for (const sitePath of changed) {
        const target = path.posix.join(scratch, sitePath);
        await client.mkdir(path.posix.dirname(target), true);
        await client.fastPut(path.join(generation?.directory ?? '', sitePath), target);
      }
      await client.end();
      sftpAlone.push(performance.now() - aloneStarted);
      rmSync(scratch, { recursive: true, force: true });
      const copyStarted = performance.now();
      for (const sitePath of changed) {
        const target = path.join(scratch, sitePath);
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(path.join(generation?.directory ?? '', sitePath), target);
      }
      plainCopy.push(performance.now() - copyStarted);
      rmSync(scratch, { recursive: true, force: true });
    }
    if (filesUnder(ssh.root).length === 0) throw new Error('The target holds nothing.');
    return { archived: options.archived, files, local, toTarget, sftpAlone, plainCopy };
  } finally {
    await server.stop();
    await ssh.stop();
  }
}
