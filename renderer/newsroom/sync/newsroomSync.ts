import { Dexie } from 'dexie';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { OFFLINE_CODE, type NewsroomStatus } from '../../../shared/api/gateway';
import type { FieldEdit, NewsroomStory, UploadedStory } from '../../../shared/api/newsroom';
import { ok, type Result, type UserError } from '../../../shared/result';
import { STORY_FIELD_KEYS, storyOf, type StoryFields } from '../../../shared/story/story';
import {
  db,
  type EventRow,
  type NewsroomCopyRow,
  type NoteRow,
  type OutboxEntry,
  type OutboxRow,
} from '../../db/db';
import { clearCollabState, clearPending } from '../../collab/collabState';
import { installSyncHook, type StoryChange } from '../../stories/repository/changes';
import {
  applyRemoteChanges,
  applyServerStory,
  removeStories,
} from '../../stories/repository/remote';
import { newId, readStoryWithBody } from '../../stories/repository/stories';
import { readEvents, readNotes } from '../../stories/repository/trail';
import { buildVersion, readVersions } from '../../stories/repository/versions';
import { newsroomCall } from '../client';
import { call } from '../../api/client';
import {
  acceptStatus,
  currentConnection,
  onConnectionChange,
  reportPendingWork,
  whenStatusKnown,
} from '../connection';
import {
  fieldLabel,
  nextBatch,
  outboxAccountOf,
  outboxEntriesOf,
  shownValue,
  transitionInputOf,
} from './outboxEntries';
import { scopeToServer } from './serverScope';

/**
 * The workstation's side of the newsroom for story data (bodies are the collab provider's): every
 * local change of fields, notes, new stories and transitions goes into the outbox in the same
 * transaction as the change (the repository's sync hook), and is sent in order whenever the server
 * can be reached; the server's changes come back through `stories:changes` from a cursor kept
 * here, and are written without the hook. What the server refuses is kept as an outcome shown on
 * the story; a value the server's field history says was overwritten becomes a version in History.
 */

const SYNC_TABLES = ['outbox', 'newsroomCopies', 'syncOutcomes', 'syncMeta'] as const;
const CURSOR_KEY = 'cursor';
const PAGE = 200;
/** Codes of answers that will not change if the same request is sent again. */
const REFUSED_CODES = new Set(['forbidden', 'not_found', 'conflict', 'invalid_input', 'too_large']);

type SendOutcome = 'done' | 'refused' | 'stop';

let uninstallHook: (() => void) | null = null;
/** Transitions the server decided while online, recorded here afterwards: not queued again. */
const decidedOnline = new Set<string>();
let sending: Promise<void> | null = null;
let pulling: Promise<void> | null = null;
let isPullAgain = false;
let isStarted = false;
/**
 * Stories whose transition the server decided and this workstation is recording (and maybe
 * publishing): a catch-up meanwhile would move the story before the local record, so it waits.
 */
const deciding = new Set<string>();

function newsroomKey(status: NewsroomStatus | null): string | null {
  return outboxAccountOf(status)?.key ?? null;
}

/** The outbox rows of one account, oldest first: only they are sent while it is signed in. */
function outboxOf(account: string) {
  return db.outbox.where('[account+seq]').between([account, Dexie.minKey], [account, Dexie.maxKey]);
}

/** The account signed in now ('' for none: no row has it once adopted). */
function currentAccount(): string {
  return newsroomKey(currentConnection().status) ?? '';
}

function isOnline(): boolean {
  const { status, isMainReachable } = currentConnection();
  return isMainReachable && status?.state === 'online';
}

/** Whether the sync records changes now: signed in, whether or not the server can be reached. */
function isRecording(status: NewsroomStatus | null): boolean {
  return (
    status !== null &&
    status.state !== 'signedOut' &&
    status.state !== 'disabled' &&
    status.serverUrl !== null
  );
}

async function updatePendingCount(): Promise<void> {
  const account = currentAccount();
  const count = account === '' ? 0 : await outboxOf(account).count();
  reportPendingWork(count + (pulling === null ? 0 : 1));
}

function storyIdOf(change: StoryChange): string {
  switch (change.kind) {
    case 'story:create':
      return change.story.id;
    case 'note:add':
      return change.note.storyId;
    case 'trail:claim':
      return change.event.storyId;
    case 'version:add':
      return change.version.storyId;
    case 'story:edit':
    case 'story:transition':
    case 'trail:unclaim':
      return change.storyId;
  }
}

async function recordChanges(changes: readonly StoryChange[]): Promise<void> {
  const account = outboxAccountOf(currentConnection().status);
  // The hook is installed only while signed in; a status without an account records nothing.
  if (account === null) return;
  const rows: OutboxRow[] = [];
  const at = Date.now();
  for (const change of changes) {
    if (
      change.kind === 'story:transition' &&
      change.event !== null &&
      decidedOnline.has(change.event.id)
    )
      continue;
    const storyId = storyIdOf(change);
    const copy = await db.newsroomCopies.get(storyId);
    for (const entry of outboxEntriesOf(change, copy))
      rows.push({ storyId, at, account: account.key, login: account.login, entry });
  }
  if (rows.length > 0) await db.outbox.bulkAdd(rows);
}

function copyOf(story: NewsroomStory): NewsroomCopyRow {
  const fields = Object.fromEntries(STORY_FIELD_KEYS.map((key) => [key, story[key]]));
  return {
    id: story.id,
    fields: { ...storyOf(story), ...fields } satisfies StoryFields,
    state: story.state,
    owner: story.owner,
    ownerName: story.ownerName,
    changeSeq: story.changeSeq,
  };
}

/**
 * The fields of a story the server's copy must not overwrite here: those this account still has
 * to send. Another account's waiting changes do not hold the story back: it shows the newsroom's
 * values, and the line on the story says what waits for that account.
 */
async function pendingFields(storyId: string): Promise<ReadonlySet<string>> {
  const account = currentAccount();
  const rows = await db.outbox.where('storyId').equals(storyId).toArray();
  const fields = new Set<string>();
  for (const row of rows) {
    if (row.account !== account) continue;
    if (row.entry.kind === 'update')
      for (const key of Object.keys(row.entry.changes)) fields.add(key);
    // A story still to be created keeps every local field: its upload sends them.
    if (row.entry.kind === 'create') for (const key of STORY_FIELD_KEYS) fields.add(key);
  }
  return fields;
}

/** Reads a story's trail, notes and body from the server; null when offline or refused. */
async function fetchServerStory(story: NewsroomStory, withBody: boolean) {
  const [trail, notes, body] = await Promise.all([
    newsroomCall('story:trail', { id: story.id }),
    newsroomCall('story:notes', { id: story.id }),
    withBody ? newsroomCall('story:body', { id: story.id }) : Promise.resolve(null),
  ]);
  if (!trail.ok) return trail;
  if (!notes.ok) return notes;
  if (body !== null && !body.ok) return body;
  return ok({
    story: storyOf(story),
    bodyState: body === null ? null : fromBase64(body.value.state),
    events: trail.value.map((event): EventRow => ({
      id: event.id,
      storyId: event.storyId,
      at: event.at,
      actor: event.actor,
      role: event.role,
      action: event.action,
      from: event.from,
      to: event.to,
      note: event.note,
    })),
    notes: notes.value.map((note): NoteRow => ({
      id: note.id,
      storyId: note.storyId,
      at: note.at,
      author: note.author,
      role: note.role,
      text: note.text,
    })),
  });
}

/** Writes one story as the server has it now (with its trail, notes and body). */
async function receiveStory(story: NewsroomStory): Promise<Result<void>> {
  const [fetched, fieldHistory] = await Promise.all([
    fetchServerStory(story, true),
    newsroomCall('story:fieldHistory', { id: story.id }),
  ]);
  if (!fetched.ok) return fetched;
  await applyServerStory(fetched.value, {
    tables: SYNC_TABLES,
    keptFields: pendingFields,
    async then() {
      await db.newsroomCopies.put(copyOf(story));
    },
  });
  if (fieldHistory.ok) await keepOverwritten(story.id, fieldHistory.value);
  return ok(undefined);
}

async function refreshStory(storyId: string): Promise<void> {
  const answer = await newsroomCall('story:get', { id: storyId });
  if (answer.ok) await receiveStory(answer.value);
}

async function keepOutcome(storyId: string, error: UserError, prefix: string): Promise<void> {
  const at = Date.now();
  await db.syncOutcomes.put({
    id: newId(at),
    storyId,
    at,
    message: `${prefix} ${error.message}`,
    reasons: error.details ?? [],
  });
}

function isRefusal(error: UserError): boolean {
  return REFUSED_CODES.has(error.code);
}

function encoded(bytes: Uint8Array): string {
  return toBase64(bytes);
}

/** A local story as `stories:upload` takes it: fields, body, trail, notes and versions. */
export async function uploadedStoryOf(storyId: string): Promise<UploadedStory | null> {
  const loaded = await readStoryWithBody(storyId);
  if (loaded === undefined) return null;
  const [events, notes, versions] = await Promise.all([
    readEvents(storyId),
    readNotes(storyId),
    readVersions(storyId),
  ]);
  return {
    story: storyOf(loaded.story),
    bodyState: encoded(loaded.bodyState),
    trail: events,
    notes,
    versions: versions.map((version) => ({ ...version, bodyState: encoded(version.bodyState) })),
  };
}

/** Sends one outbox entry; `stop` when the server cannot be reached (or answers a fault). */
async function send(entry: OutboxEntry): Promise<SendOutcome> {
  switch (entry.kind) {
    case 'create': {
      const uploaded = await uploadedStoryOf(entry.storyId);
      if (uploaded === null) return 'done';
      const answer = await newsroomCall('stories:upload', { stories: [uploaded] });
      if (!answer.ok) return settle(entry.storyId, answer.error, 'The new story was not sent:');
      const [result] = answer.value.results;
      if (result !== undefined && result.outcome === 'refused') {
        await keepOutcome(
          entry.storyId,
          { code: 'refused', message: result.message },
          'The newsroom refused this story:',
        );
        // Its body will not reach the newsroom either: nothing is syncing, the story stays here.
        await clearPending(entry.storyId, Number.POSITIVE_INFINITY);
        return 'refused';
      }
      await refreshStory(entry.storyId);
      return 'done';
    }
    case 'update': {
      const answer = await newsroomCall('story:update', {
        id: entry.storyId,
        changes: entry.changes,
        base: entry.base,
      });
      if (!answer.ok) {
        const values = Object.entries(entry.changes).map(
          ([key, value]) => `${fieldLabel(key)}: ${shownValue(value)}`,
        );
        return settle(
          entry.storyId,
          {
            ...answer.error,
            details: [
              ...(answer.error.details ?? []),
              ...values.map((line) => `Your value, kept here to copy: ${line}`),
            ],
          },
          'Your field changes were not accepted:',
        );
      }
      await receiveStory(answer.value.story);
      return 'done';
    }
    case 'note': {
      const answer = await newsroomCall('story:addNote', {
        id: entry.storyId,
        noteId: entry.noteId,
        text: entry.text,
      });
      if (!answer.ok) return settle(entry.storyId, answer.error, 'Your note was not posted:');
      return 'done';
    }
    case 'transition': {
      const body = await ensureBodyOnServer(entry.storyId);
      if (body !== 'done') return body;
      const answer = await newsroomCall('story:transition', transitionInputOf(entry));
      if (!answer.ok) {
        const outcome = await settle(entry.storyId, answer.error, '');
        if (outcome === 'refused')
          await applyRemoteChanges([
            { kind: 'trail:unclaim', storyId: entry.storyId, eventId: entry.eventId },
          ]);
        return outcome;
      }
      await receiveStory(answer.value.story);
      return 'done';
    }
  }
}

/** An error answer: refused (kept on the story, the server's copy taken again) or stop. */
async function settle(storyId: string, error: UserError, prefix: string): Promise<SendOutcome> {
  if (!isRefusal(error)) return 'stop';
  await keepOutcome(storyId, error, prefix);
  await refreshStory(storyId);
  return 'refused';
}

/**
 * The values later edits replaced, from the server's field history, kept as versions in History:
 * on every workstation that has the story, the one whose value lost included. Each version takes
 * its edit's id, so it is added once however often the story is received.
 */
async function keepOverwritten(storyId: string, edits: readonly FieldEdit[]): Promise<void> {
  const overwrites = edits.filter((edit) => edit.overwrote);
  if (overwrites.length === 0) return;
  const known = await db.versions.bulkGet(overwrites.map((edit) => edit.id));
  const missing = overwrites.filter((_, index) => known[index] === undefined);
  if (missing.length === 0) return;
  const loaded = await readStoryWithBody(storyId);
  if (loaded === undefined) return;
  const versions = missing.map((edit) => {
    // The history is newest first: the same field's next entry set the value this edit replaced.
    const earlier = edits
      .slice(edits.indexOf(edit) + 1)
      .find((entry) => entry.field === edit.field);
    const by = earlier === undefined ? '' : ` by ${earlier.actor}`;
    const version = buildVersion({
      story: { ...storyOf(loaded.story), [edit.field]: edit.previous },
      bodyState: loaded.bodyState,
      author: earlier?.actor ?? edit.actor,
      reason: 'manual',
      label: `${fieldLabel(edit.field)} ${shownValue(edit.previous)}${by}, replaced by ${edit.actor}’s change on the server`,
      now: edit.at,
    });
    return { ...version, id: edit.id };
  });
  await applyRemoteChanges(versions.map((version) => ({ kind: 'version:add', version })));
}

type BodyCheck = (storyId: string) => Promise<'done' | 'stop'>;
let bodyCheck: BodyCheck | null = null;

/**
 * Installs the body check of the collab hub (the server's `stored` snapshot covers the local
 * body): a transition is sent only once it answers `done`. Returns the function that removes it.
 */
export function installBodyCheck(check: BodyCheck): () => void {
  bodyCheck = check;
  return () => {
    if (bodyCheck === check) bodyCheck = null;
  };
}

/**
 * Makes sure the server has stored every part of the local body before a transition that depends
 * on it (issue 10: a transition made offline is replayed only after its body reached the server).
 * The collab hub's check does it through /collab and the server's `stored` word, which is durable;
 * until the hub has installed it (the first moments after start), nothing is sent.
 */
async function ensureBodyOnServer(storyId: string): Promise<SendOutcome> {
  if (bodyCheck === null) return 'stop';
  // The check waits for the body's socket; once the newsroom is out of reach (the page lost main,
  // or main the server) it is left for later at once, so a person's action is queued, not held.
  let stopWatching = (): void => undefined;
  const lost = new Promise<SendOutcome>((resolve) => {
    stopWatching = onConnectionChange(() => {
      if (!isOnline()) resolve('stop');
    });
  });
  try {
    return await Promise.race([bodyCheck(storyId), lost]);
  } finally {
    stopWatching();
  }
}

/** Retry delays after the server answered a fault while online: doubling, up to a minute. */
const RETRY = { firstMs: 2000, longestMs: 60_000 } as const;
let retryDelayMs: number = RETRY.firstMs;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** The server answered but failed (a fault, not a refusal): the same send is tried again later. */
function retryLater(): void {
  if (retryTimer !== null) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flushOutbox();
  }, retryDelayMs);
  retryDelayMs = Math.min(RETRY.longestMs, retryDelayMs * 2);
}

async function sendAll(): Promise<void> {
  while (isOnline()) {
    const account = currentAccount();
    if (account === '') break;
    const rows = await outboxOf(account).limit(50).toArray();
    const batch = nextBatch(rows);
    if (batch === null) break;
    const outcome = await send(batch.entry);
    if (outcome === 'stop') {
      // Offline: the connection's return sends again. Online: a fault, tried again with backoff.
      if (isOnline()) retryLater();
      break;
    }
    retryDelayMs = RETRY.firstMs;
    await db.outbox.bulkDelete(
      batch.rows.flatMap((row) => (row.seq === undefined ? [] : [row.seq])),
    );
    await updatePendingCount();
  }
  await updatePendingCount();
}

/** Sends what waits in the outbox (one sender at a time); resolves when it stops. */
export function flushOutbox(): Promise<void> {
  sending ??= sendAll().finally(() => {
    sending = null;
  });
  return sending;
}

async function readCursor(key: string): Promise<number> {
  const row = await db.syncMeta.get(CURSOR_KEY);
  return row === undefined || row.newsroom !== key ? 0 : row.value;
}

async function pullAll(): Promise<void> {
  const key = newsroomKey(currentConnection().status);
  if (key === null) return;
  let since = await readCursor(key);
  for (;;) {
    if (!isOnline()) return;
    const answer = await newsroomCall('stories:changes', { since, limit: PAGE });
    if (!answer.ok) return;
    for (const story of answer.value.stories) {
      // Signed in elsewhere meanwhile: this newsroom's stories must not land in the other's lists.
      if (newsroomKey(currentConnection().status) !== key) return;
      if (deciding.has(story.id)) continue;
      const received = await receiveStory(story);
      if (!received.ok) return;
    }
    since = answer.value.cursor;
    await db.syncMeta.put({ key: CURSOR_KEY, newsroom: key, value: since });
    if (!answer.value.hasMore) return;
  }
}

/** Catches up with the server's changes (one pull at a time; a request meanwhile runs once more). */
export function pullChanges(): Promise<void> {
  if (pulling !== null) {
    isPullAgain = true;
    return pulling;
  }
  pulling = (async () => {
    do {
      isPullAgain = false;
      await updatePendingCount();
      await pullAll();
    } while (isPullAgain && isOnline());
  })().finally(() => {
    pulling = null;
    void updatePendingCount();
  });
  return pulling;
}

/**
 * A disabled account: the newsroom's stories leave this workstation (those the server knows, and
 * what waited to be sent about them), then the workstation signs out. Stories that never reached
 * the server stay: they were never the newsroom's.
 */
async function dropNewsroomCopy(): Promise<number> {
  const ids = await db.newsroomCopies.toCollection().primaryKeys();
  const account = currentAccount();
  await removeStories(ids, {
    tables: SYNC_TABLES,
    async run() {
      await db.outbox.where('storyId').anyOf(ids).delete();
      // What this account made of stories the newsroom never had can never be sent now: the
      // stories stay here, and the next account signed in is offered to upload them.
      await outboxOf(account).delete();
      await db.newsroomCopies.clear();
      await db.syncOutcomes.clear();
      await db.syncMeta.delete(CURSOR_KEY);
    },
  });
  // What this workstation knew of the newsroom's bodies (stored snapshots, bodies waiting to be
  // synced) goes with them: it is kept in a database of its own.
  await clearCollabState();
  return ids.length;
}

let droppedLine: string | null = null;

/** The line saying what a disabled account's sign-out removed (shown until dismissed). */
export function droppedCopyLine(): string | null {
  return droppedLine;
}

/** Forgets the line once the person has read it. */
export function forgetDroppedCopyLine(): void {
  droppedLine = null;
}

let lastKey: string | null = null;
let lastCursor = -1;
let lastOnline = false;

/**
 * Rows kept from before outbox rows named their account were made by the account signed in
 * then, which is the one signed in when this version first runs unless someone signed out and
 * another signed in meanwhile: the first account signed in takes them.
 */
async function adoptUnownedRows(status: NewsroomStatus): Promise<void> {
  const account = outboxAccountOf(status);
  if (account === null) return;
  await outboxOf('').modify({ account: account.key, login: account.login });
}

/** The server this workstation's lists were last scoped to (null until the first sign-in seen). */
let scopedServer: string | null = null;
const scopeListeners = new Set<() => void>();

/**
 * Calls back each time the stories were scoped to another server (some may have come back with
 * unsent text: the collab hub syncs it). Returns the function that stops.
 */
export function onScoped(listener: () => void): () => void {
  scopeListeners.add(listener);
  return () => scopeListeners.delete(listener);
}

/**
 * Signed in to a server other than the one the lists hold: what is being sent or pulled finishes
 * (each step checks the account), then the lists are scoped to the new server before anything
 * is recorded, sent or pulled for it.
 */
async function scopeTo(server: string): Promise<void> {
  if (server === scopedServer) return;
  await Promise.all([sending, pulling]);
  await scopeToServer(server);
  scopedServer = server;
  for (const listener of [...scopeListeners]) listener();
}

async function handleStatus(status: NewsroomStatus | null): Promise<void> {
  if (status !== null && isRecording(status) && status.serverUrl !== null)
    await scopeTo(status.serverUrl);
  if (status !== null && isRecording(status)) await adoptUnownedRows(status);
  if (isRecording(status) && uninstallHook === null) {
    uninstallHook = installSyncHook(db, {
      tables: ['outbox', 'newsroomCopies'],
      record: recordChanges,
      committed: () => {
        void updatePendingCount();
        if (isOnline()) void flushOutbox();
      },
    });
  } else if (!isRecording(status) && uninstallHook !== null) {
    uninstallHook();
    uninstallHook = null;
  }
  if (status?.state === 'disabled') {
    const count = await dropNewsroomCopy();
    droppedLine = `Your newsroom account was disabled: this workstation removed its copy of the newsroom’s stories (${count}) and signed out.`;
    const signedOut = await call('newsroom:signOut', {});
    if (signedOut.ok) acceptStatus(signedOut.value);
    return;
  }
  const isNowOnline = isOnline();
  const wasOnline = lastOnline;
  lastOnline = isNowOnline;
  if (!isNowOnline || status === null) return;
  const key = newsroomKey(status);
  // Back online (or first online): what waited is sent; a newer cursor: the server's changes read.
  if (!wasOnline || key !== lastKey || status.cursor !== lastCursor) {
    lastKey = key;
    lastCursor = status.cursor;
    // Not awaited: the next status (a disabled account, offline) must not wait for a long catch-up.
    void flushOutbox().then(pullChanges);
  }
}

/** Starts the newsroom sync once: it follows the connection (signed in, online, cursor). */
export function startNewsroomSync(): void {
  if (isStarted) return;
  isStarted = true;
  let queue = Promise.resolve();
  onConnectionChange((connection) => {
    queue = queue
      .then(() => handleStatus(connection.status))
      .catch((error: unknown) => {
        console.error('The newsroom sync failed', error);
      });
  });
}

/**
 * Asks the server to decide a transition now (online): what waits in the outbox goes first, then
 * the body, then the transition itself with the event id the local record will carry. `queued`
 * when the server cannot be reached (the caller records it locally and the outbox sends it later).
 */
export async function transitionOnServer(
  storyId: string,
  entry: Omit<Extract<OutboxEntry, { kind: 'transition' }>, 'kind' | 'storyId'>,
): Promise<
  | { kind: 'signedOut' }
  | { kind: 'queued' }
  | { kind: 'decided'; story: NewsroomStory; publishing: 'none' | 'workstation' | 'server' }
  | { kind: 'refused'; error: UserError }
> {
  await whenStatusKnown(5000);
  const { status } = currentConnection();
  if (!isRecording(status)) return { kind: 'signedOut' };
  if (!isOnline()) return { kind: 'queued' };
  await flushOutbox();
  const full = { kind: 'transition' as const, storyId, ...entry };
  const body = await ensureBodyOnServer(storyId);
  if (body === 'stop') return { kind: 'queued' };
  const answer = await newsroomCall('story:transition', transitionInputOf(full));
  if (!answer.ok) {
    if (answer.error.code === OFFLINE_CODE || !isRefusal(answer.error)) return { kind: 'queued' };
    await refreshStory(storyId);
    return { kind: 'refused', error: answer.error };
  }
  decidedOnline.add(entry.eventId);
  deciding.add(storyId);
  return { kind: 'decided', story: answer.value.story, publishing: answer.value.publishing };
}

/**
 * After a transition the server decided was recorded here (or failed to be): the server's copy of
 * the story, taken again when given, and catch-ups may write the story again.
 */
export async function finishDecided(storyId: string, story: NewsroomStory | null): Promise<void> {
  try {
    if (story !== null) await receiveStory(story);
  } finally {
    deciding.delete(storyId);
  }
}
