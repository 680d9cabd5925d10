import { openAsBlob } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_IMPORT_BYTES, type ImportOutcome } from '../../shared/api/media';
import {
  newsroomPhotoFilePath,
  NEWSROOM_PHOTO_PATHS,
  PHOTO_UPLOAD_HEADERS,
} from '../../shared/api/newsroomPublishing';
import { OFFLINE_CODE } from '../../shared/api/gateway';
import { recordIdSchema, yjsStateSchema } from '../../shared/api/newsroom';
import { figurePhotoIds } from '../../shared/story/body';
import { photoRefSchema, type PhotoRef } from '../../shared/story/story';
import { bodyOfState } from '../../shared/story/bodyState';
import { photoFieldsOf, samePhotoFields, type BatchCaption } from '../../shared/media/library';
import {
  PHOTO_ID_PATTERN,
  photoFieldsSchema,
  photoSchema,
  type Photo,
  type PhotoFields,
} from '../../shared/media/photo';
import { fail, ok, type Result } from '../../shared/result';
import { errorMessage } from '../services/common/errors';
import { spoolToDisk } from '../services/media/diskFile';
import type { MediaLibrary } from '../services/media/mediaLibrary';
import type { NewsroomGateway } from './gateway';

/** The file that remembers, across restarts, what is still to upload and how far the library is read. */
const STATE_FILE = 'newsroom-photos.json';
/** How many changed photos one `photos:changes` call asks for. */
const CHANGES_PAGE = 500;
/** The longest a library watch waits before answering the same revision. */
const MAX_WATCH_MS = 25_000;

const stateSchema = z.object({
  /** The server these belong to: another server starts afresh. */
  serverUrl: z.string(),
  /** The newest `photos:changes` cursor applied here. */
  cursor: z.number().int().min(0),
  /** Photos imported here that the server may not have yet, oldest first. */
  pendingUploads: z.array(z.string().regex(PHOTO_ID_PATTERN)),
  /** Fields edited here while their photo waited for its upload: sent once the server has it. */
  pendingEdits: z.record(z.string(), photoFieldsSchema.partial()).default({}),
});
type SyncState = z.infer<typeof stateSchema>;

const uploadAnswerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.object({ photo: photoSchema }).passthrough() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }).passthrough(),
  }),
]);

/** What `sendPhotosFor` reads of a `stories:upload` input: each story's lead photo and body. */
const storiesUploadSchema = z.object({
  stories: z.array(
    z.object({
      story: z.object({ leadPhoto: photoRefSchema.nullable() }),
      bodyState: yjsStateSchema,
    }),
  ),
});

/** What `sendPhotosFor` reads of a `story:update` input: a lead photo being set. */
const leadPhotoUpdateSchema = z.object({
  changes: z.object({ leadPhoto: photoRefSchema.nullable().optional() }),
});

/** The photos a story shows (lead photo, figures), once each. */
function photoIdsOfStory(leadPhoto: PhotoRef | null, bodyState: string): string[] {
  return [
    ...(leadPhoto === null ? [] : [leadPhoto.photoId]),
    ...figurePhotoIds(bodyOfState(Buffer.from(bodyState, 'base64'))),
  ];
}

/** Every photo the stories of a `stories:upload` input show (lead photos, figures), once each. */
function photoIdsOfUpload(input: unknown): string[] {
  const parsed = storiesUploadSchema.safeParse(input);
  if (!parsed.success) return [];
  return [
    ...new Set(
      parsed.data.stories.flatMap(({ story, bodyState }) =>
        photoIdsOfStory(story.leadPhoto, bodyState),
      ),
    ),
  ];
}

/** The pending edits less those of one photo. */
function withoutEdits<T>(edits: Record<string, T>, photoId: string): Record<string, T> {
  return Object.fromEntries(Object.entries(edits).filter(([id]) => id !== photoId));
}

/** The chunks of a fetched body, one at a time. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // A consumer that stopped early (over the size limit) stops the download too.
    await reader.cancel();
  }
}

/** The newsroom side of the workstation's photo library (see createNewsroomPhotos). */
export interface NewsroomPhotos {
  /** After a local import: a signed-in workstation sends the photo to the server (or queues it). */
  imported(outcome: ImportOutcome): Promise<void>;
  /**
   * A photo of this library was put into a story: signed in, it is queued for the server (sent
   * only if the server lacks it) and the queue starts draining; answers once it is queued.
   */
  used(photoId: string): Promise<void>;
  /** Changes a photo's fields; signed in, on the server first (it checks the role), then here. */
  update(photoId: string, fields: Partial<PhotoFields>): Promise<Result<Photo>>;
  /** The same for a batch caption. */
  captionMany(ids: string[], batch: BatchCaption): Promise<Result<Photo[]>>;
  /** Grows whenever the library here changed because of the newsroom (or an import). */
  revision(): number;
  /** Answers once the revision passes `after`, or after `waitMs` with the same one. */
  waitForRevision(after: number, waitMs: number): Promise<number>;
  /**
   * Before a call goes to the server, the photos of this library it puts in a story are sent, each
   * only if the server lacks it, so the server can publish them (offline, they wait in the queue):
   * a `stories:upload` (the first sign-in's upload, a new story, a merge) sends its stories'
   * photos, a `story:update` its new lead photo, and a `story:transition` every photo the server's
   * own copy of the story shows (figures reach it through `/collab`, which main does not read).
   */
  sendPhotosFor(channel: string, input: unknown): Promise<void>;
  /** Uploads what is queued and reads the server's changes now (also runs on its own). */
  syncNow(): Promise<void>;
  /** What is still to upload, oldest first. */
  pendingUploads(): readonly string[];
  close(): void;
}

/**
 * Keeps a signed-in workstation's photo library one with the newsroom's. A photo imported here is
 * checked by the local library first (the same per-file messages as a standalone workstation), then
 * sent to the server once: `photo:exists` with its SHA-256 (its id), and only if the server lacks it
 * the original, streamed from disk (`POST /photos`). Imports made offline wait in a queue kept on
 * disk and go when the connection returns. The other way, the server's `photos` events (and every
 * reconnection) make it read `photos:changes` from its cursor: a photo this library lacks is
 * fetched (the original, checked and rendered here by the same library, so the picker, preview and
 * a standalone publish work as before), and captions, credits and alt texts typed elsewhere are
 * applied. Edits made here go to the server first, which decides whether this account may.
 */
export function createNewsroomPhotos(options: {
  dataDir: string;
  library: MediaLibrary;
  gateway: NewsroomGateway;
  fetch?: typeof fetch;
  onProblem?: (line: string) => void;
}): NewsroomPhotos {
  const { library, gateway } = options;
  const doFetch = options.fetch ?? fetch;
  const onProblem = options.onProblem ?? ((line: string) => console.warn(line));
  const stateFile = path.join(options.dataDir, STATE_FILE);

  let state: SyncState | null = null;
  let revision = 0;
  const waiters = new Set<() => void>();
  /** One sync pass at a time; a request during a pass runs one more pass after it. */
  let running: Promise<void> | null = null;
  let isAgain = false;
  let isClosed = false;

  function bump(): void {
    revision += 1;
    for (const wake of [...waiters]) wake();
  }

  async function loadState(serverUrl: string): Promise<SyncState> {
    if (state?.serverUrl === serverUrl) return state;
    let kept: SyncState | null = null;
    try {
      const parsed = stateSchema.safeParse(JSON.parse(await readFile(stateFile, 'utf8')));
      if (parsed.success) kept = parsed.data;
      else onProblem(`${STATE_FILE} was not readable: the newsroom's photos are read afresh.`);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT'))
        onProblem(`${STATE_FILE} could not be read: ${errorMessage(error)}`);
    }
    state =
      kept?.serverUrl === serverUrl
        ? kept
        : {
            serverUrl,
            cursor: 0,
            // Uploads queued for another server are still this workstation's photos: they go too.
            pendingUploads: kept?.pendingUploads ?? [],
            pendingEdits: kept?.pendingEdits ?? {},
          };
    return state;
  }

  /** Writes of the state file, one after another (an import and a sync pass may save at once). */
  let saving: Promise<void> = Promise.resolve();

  function saveState(next: SyncState): Promise<void> {
    state = next;
    const written = saving.then(async () => {
      // The newest state when this write's turn comes: writes queued meanwhile coalesce.
      const temporary = `${stateFile}.tmp`;
      await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
      await rename(temporary, stateFile);
    });
    saving = written.catch(() => undefined);
    return written;
  }

  async function queueUpload(serverUrl: string, photoId: string): Promise<void> {
    const current = await loadState(serverUrl);
    if (current.pendingUploads.includes(photoId)) return;
    await saveState({ ...current, pendingUploads: [...current.pendingUploads, photoId] });
  }

  /**
   * Takes a photo off the upload queue; `withEdits` also drops the fields edited while it waited
   * (the photo will never be on the server). Otherwise they stay until sent: an edit may be
   * recorded while the upload finishes (see `update`), after the edits were sent.
   */
  async function dequeueUpload(photoId: string, withEdits: boolean): Promise<void> {
    if (state === null) return;
    await saveState({
      ...state,
      pendingUploads: state.pendingUploads.filter((id) => id !== photoId),
      pendingEdits: withEdits ? withoutEdits(state.pendingEdits, photoId) : state.pendingEdits,
    });
  }

  /**
   * Sends the fields edited here while the photo waited for its upload, now that the server has
   * it. Answers false when the server cannot be reached (the edits wait with the queue).
   */
  async function sendPendingEdits(photoId: string): Promise<boolean> {
    const fields = state?.pendingEdits[photoId];
    if (fields === undefined) return true;
    const answer = await gateway.call('photo:update', { id: photoId, fields });
    if (!answer.ok && answer.error.code === OFFLINE_CODE) return false;
    if (!answer.ok)
      onProblem(`The newsroom refused the fields edited here: ${answer.error.message}`);
    // Edits recorded while this call was under way are newer than what it sent: they stay.
    if (state !== null && state.pendingEdits[photoId] === fields)
      await saveState({ ...state, pendingEdits: withoutEdits(state.pendingEdits, photoId) });
    return true;
  }

  /** Sends one photo's original, streamed from the library's disk. */
  async function upload(
    credentials: { serverUrl: string; token: string },
    photo: Photo,
  ): Promise<'sent' | 'refused' | 'offline'> {
    const original = await library.resolveFile(photo.id, 'original');
    if (original === null) {
      onProblem(`${photo.fileName} is no longer in this workstation's library: not sent.`);
      return 'refused';
    }
    let answer: Response;
    try {
      answer = await doFetch(new URL(NEWSROOM_PHOTO_PATHS.upload, credentials.serverUrl), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${credentials.token}`,
          'Content-Type': 'application/octet-stream',
          [PHOTO_UPLOAD_HEADERS.fileName]: encodeURIComponent(photo.fileName),
          [PHOTO_UPLOAD_HEADERS.sha256]: photo.id,
        },
        // A blob backed by the file: read from disk as it is sent, never held whole.
        body: await openAsBlob(original.filePath),
      });
    } catch {
      return 'offline';
    }
    const parsed = uploadAnswerSchema.safeParse(await answer.json().catch(() => null));
    if (parsed.success && parsed.data.ok) return 'sent';
    if (answer.status >= 500 || answer.status === 429 || answer.status === 401) return 'offline';
    // The server refused the file itself (its own checks): it stays here, and the desk is told.
    onProblem(
      `The newsroom refused ${photo.fileName}: ${parsed.success && !parsed.data.ok ? parsed.data.error.message : `HTTP ${answer.status}`}`,
    );
    return 'refused';
  }

  async function drainUploads(credentials: { serverUrl: string; token: string }): Promise<void> {
    const current = await loadState(credentials.serverUrl);
    for (const photoId of [...current.pendingUploads]) {
      if (isClosed) return;
      const photo = await library.get(photoId);
      if (photo === null) {
        await dequeueUpload(photoId, true);
        continue;
      }
      const exists = await gateway.call('photo:exists', { sha256: photoId });
      if (!exists.ok) return; // Offline or signed out: the queue waits for the next pass.
      const known = z.object({ exists: z.boolean() }).safeParse(exists.value);
      const outcome =
        known.success && known.data.exists ? 'sent' : await upload(credentials, photo);
      if (outcome === 'offline') return;
      if (outcome === 'sent' && !(await sendPendingEdits(photoId))) return;
      await dequeueUpload(photoId, outcome === 'refused');
    }
    // Edits of photos the server has by now, recorded as their upload finished.
    for (const photoId of Object.keys(state?.pendingEdits ?? {})) {
      if (isClosed) return;
      if (state?.pendingUploads.includes(photoId) === true) continue;
      if (!(await sendPendingEdits(photoId))) return;
    }
  }

  /** Fetches a photo this library lacks from the server and imports it here. */
  async function fetchPhoto(
    credentials: { serverUrl: string; token: string },
    photo: Photo,
  ): Promise<boolean> {
    let answer: Response;
    try {
      answer = await doFetch(
        new URL(newsroomPhotoFilePath(photo.id, 'original'), credentials.serverUrl),
        { headers: { Authorization: `Bearer ${credentials.token}` } },
      );
    } catch {
      return false;
    }
    if (!answer.ok || answer.body === null) {
      await answer.body?.cancel();
      return false;
    }
    const target = await library.uploadPath();
    try {
      await mkdir(path.dirname(target), { recursive: true });
      const file = await spoolToDisk(chunksOf(answer.body), target, MAX_IMPORT_BYTES);
      const imported = await library.importFile(photo.fileName, file);
      if (!imported.ok) {
        onProblem(
          `${photo.fileName} from the newsroom could not be used: ${imported.error.message}`,
        );
        return true; // Nothing a retry changes: the file is what it is.
      }
      if (imported.value.photo.id !== photo.id)
        onProblem(`${photo.fileName} from the newsroom is not the photo it claims to be.`);
      return true;
    } catch (error) {
      onProblem(`${photo.fileName} could not be fetched from the newsroom: ${errorMessage(error)}`);
      return false;
    } finally {
      await rm(target, { force: true });
    }
  }

  /** Puts the server's version of a photo in this library: its file if missing, its fields. */
  async function applyServerPhoto(
    credentials: { serverUrl: string; token: string },
    photo: Photo,
  ): Promise<boolean> {
    let local = await library.get(photo.id);
    if (local === null) {
      if (!(await fetchPhoto(credentials, photo))) return false;
      local = await library.get(photo.id);
      if (local === null) return true;
    }
    if (samePhotoFields(photoFieldsOf(local), photoFieldsOf(photo))) return true;
    const updated = await library.update(photo.id, photoFieldsOf(photo));
    if (!updated.ok)
      onProblem(`The newsroom's fields of ${photo.fileName}: ${updated.error.message}`);
    return true;
  }

  async function pullChanges(credentials: { serverUrl: string; token: string }): Promise<void> {
    for (;;) {
      if (isClosed) return;
      const current = await loadState(credentials.serverUrl);
      const answer = await gateway.call('photos:changes', {
        since: current.cursor,
        limit: CHANGES_PAGE,
      });
      if (!answer.ok) return;
      const page = z
        .object({
          photos: z.array(photoSchema),
          cursor: z.number().int().min(0),
          hasMore: z.boolean(),
          isReset: z.boolean(),
        })
        .safeParse(answer.value);
      if (!page.success) return;
      if (page.data.isReset) {
        await saveState({ ...current, cursor: 0 });
        continue;
      }
      let isChanged = false;
      for (const photo of page.data.photos) {
        // A photo that cannot be fetched now stops the pass at it: the cursor stays before it.
        if (!(await applyServerPhoto(credentials, photo))) {
          if (isChanged) bump();
          return;
        }
        isChanged = true;
      }
      await saveState({ ...(state ?? current), cursor: page.data.cursor });
      if (isChanged) bump();
      if (!page.data.hasMore) return;
    }
  }

  /** Uploads run one drain at a time: a sync pass and a story upload may both want one. */
  let uploading: Promise<void> = Promise.resolve();

  function drainSerially(credentials: { serverUrl: string; token: string }): Promise<void> {
    const drained = uploading.then(() => drainUploads(credentials));
    uploading = drained.catch(() => undefined);
    return drained;
  }

  async function pass(): Promise<void> {
    const credentials = gateway.credentials();
    if (credentials === null || gateway.status().state !== 'online') return;
    await drainSerially(credentials);
    await pullChanges(credentials);
  }

  function syncNow(): Promise<void> {
    if (running !== null) {
      isAgain = true;
      return running;
    }
    running = (async () => {
      do {
        isAgain = false;
        await pass().catch((error: unknown) =>
          onProblem(`The newsroom's photos could not be synced: ${errorMessage(error)}`),
        );
      } while (isAgain && !isClosed);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  let lastState = gateway.status().state;
  const stopWatching = gateway.onChange((status) => {
    const wasOnline = lastState === 'online';
    lastState = status.state;
    if (status.state === 'online' && !wasOnline) void syncNow();
  });
  const stopEvents = gateway.onEvent((event) => {
    if (event.type === 'photos' && (state === null || event.cursor > state.cursor)) void syncNow();
  });
  if (lastState === 'online') void syncNow();

  /**
   * The photos a call puts in a story. A transition is checked against the server's own copy (its
   * lead photo and the body stored from `/collab`), which the renderer cannot misstate.
   */
  async function photoIdsFor(channel: string, input: unknown): Promise<string[]> {
    if (channel === 'stories:upload') return photoIdsOfUpload(input);
    if (channel === 'story:update') {
      const update = leadPhotoUpdateSchema.safeParse(input);
      const leadPhoto = update.success ? update.data.changes.leadPhoto : undefined;
      return leadPhoto === undefined || leadPhoto === null ? [] : [leadPhoto.photoId];
    }
    // Offline, the transition fails too and its outbox sends it again: the photos go then.
    if (channel !== 'story:transition' || gateway.status().state !== 'online') return [];
    const transition = z.object({ id: recordIdSchema }).safeParse(input);
    if (!transition.success) return [];
    const id = transition.data.id;
    const [story, body] = await Promise.all([
      gateway.call('story:get', { id }),
      gateway.call('story:body', { id }),
    ]);
    // Unreachable, or a story the server does not know: the transition itself will say so.
    if (!story.ok || !body.ok) return [];
    const lead = z.object({ leadPhoto: photoRefSchema.nullable() }).safeParse(story.value);
    const state = z.object({ state: yjsStateSchema }).safeParse(body.value);
    if (!lead.success || !state.success) return [];
    return [...new Set(photoIdsOfStory(lead.data.leadPhoto, state.data.state))];
  }

  /** A newsroom refusal of an edit as the workstation's own (offline named as such). */
  function editRefusal<T>(error: { code: string; message: string }): Result<T> {
    return error.code === OFFLINE_CODE
      ? fail(
          OFFLINE_CODE,
          `The newsroom server cannot be reached, so the change was not saved: ${error.message}`,
        )
      : fail(error.code, error.message);
  }

  return {
    async imported(outcome) {
      const credentials = gateway.credentials();
      if (credentials === null) return;
      await queueUpload(credentials.serverUrl, outcome.photo.id);
      bump();
      void syncNow();
    },

    async used(photoId) {
      const credentials = gateway.credentials();
      if (credentials === null || (await library.get(photoId)) === null) return;
      await queueUpload(credentials.serverUrl, photoId);
      // Not awaited: a large original may take a while, and the queue on disk already holds it.
      if (gateway.status().state === 'online')
        void drainSerially(credentials).catch((error: unknown) =>
          onProblem(`A photo put into a story could not be sent: ${errorMessage(error)}`),
        );
    },

    async update(photoId, fields) {
      if (gateway.credentials() === null) return library.update(photoId, fields);
      const wasQueued = state?.pendingUploads.includes(photoId) === true;
      const answer = await gateway.call('photo:update', { id: photoId, fields });
      if (!answer.ok) {
        // A photo the server does not have yet (queued, or its upload just finishing) is the
        // workstation's own for now; the edit follows its upload.
        const isQueued = state?.pendingUploads.includes(photoId) === true;
        if (answer.error.code === 'not_found' && state !== null && (wasQueued || isQueued)) {
          const updated = await library.update(photoId, fields);
          if (!updated.ok) return updated;
          await saveState({
            ...state,
            pendingEdits: {
              ...state.pendingEdits,
              [photoId]: { ...state.pendingEdits[photoId], ...fields },
            },
          });
          // Its upload may have finished meanwhile: the next pass sends the edit either way.
          void syncNow();
          return updated;
        }
        return editRefusal(answer.error);
      }
      const photo = photoSchema.safeParse(answer.value);
      if (!photo.success) return fail('internal', 'The newsroom answered an unreadable photo.');
      return library.update(photoId, photoFieldsOf(photo.data));
    },

    async captionMany(ids, batch) {
      if (gateway.credentials() === null) return library.captionMany(ids, batch);
      const answer = await gateway.call('photos:caption', { ids, batch });
      if (!answer.ok) return editRefusal(answer.error);
      const photos = z.array(photoSchema).safeParse(answer.value);
      if (!photos.success) return fail('internal', 'The newsroom answered unreadable photos.');
      const applied: Photo[] = [];
      for (const photo of photos.data) {
        const updated = await library.update(photo.id, photoFieldsOf(photo));
        if (!updated.ok) return updated;
        applied.push(updated.value);
      }
      return ok(applied);
    },

    revision: () => revision,

    waitForRevision(after, waitMs) {
      const wait = Math.min(Math.max(0, waitMs), MAX_WATCH_MS);
      if (revision > after || wait === 0) return Promise.resolve(revision);
      return new Promise((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(revision);
        }
        waiters.add(done);
      });
    },

    async sendPhotosFor(channel, input) {
      const credentials = gateway.credentials();
      if (credentials === null) return;
      let isQueued = false;
      for (const photoId of await photoIdsFor(channel, input)) {
        // Only photos of this library, read from its disk by their hash: never the caller's bytes.
        if ((await library.get(photoId)) === null) continue;
        await queueUpload(credentials.serverUrl, photoId);
        isQueued = true;
      }
      // Only the uploads: the stories wait for their photos, not for the newsroom's library.
      if (isQueued && gateway.status().state === 'online')
        await drainSerially(credentials).catch((error: unknown) =>
          onProblem(`The stories' photos could not be sent: ${errorMessage(error)}`),
        );
    },

    syncNow,

    pendingUploads: () => state?.pendingUploads ?? [],

    close() {
      isClosed = true;
      stopWatching();
      stopEvents();
      for (const wake of [...waiters]) wake();
    },
  };
}
