/**
 * The bench page: the real renderer modules (App, the story view and its editor, the Dexie
 * database, the story saver, the stories list) plus the baselines they are compared with, all in
 * one page the Node runner drives over CDP. Built into dist/bench by tools/bench.mjs, never shipped.
 */
import { commitsBetween } from './commitProbe';
import { commitRecords } from './idbProbe';
import { StrictMode, useMemo } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createEditor, type Descendant } from 'slate';
import { Editable, Slate, withReact } from 'slate-react';
import * as Y from 'yjs';
import { DEFAULT_PORTAL_PROFILE, listSections } from '../../shared/portal/profile';
import { emptyBody, type ParagraphElement } from '../../shared/story/body';
import { blankStoryFields, STORY_STATES, type Story } from '../../shared/story/story';
import { App } from '../../renderer/app/App';
import '../../renderer/app/app.css';
import { db } from '../../renderer/db/db';
import { BODY_UPDATES_STORE } from '../../renderer/db/bodyUpdates';
import type { StoryChange } from '../../renderer/stories/repository/changes';
import { applyRemoteChanges } from '../../renderer/stories/repository/remote';
import {
  createStory,
  loadBodyDoc,
  newId,
  readStory,
} from '../../renderer/stories/repository/stories';
import { bodyText, docWithBody } from '../../renderer/stories/storyBody';
import { createStorySaver } from '../../renderer/stories/storySaver';
import { checker } from '../../renderer/spelling/checker';
import { createRandom, headlineOf, paragraphsOf } from '../corpus';
import type { BenchPageApi, ListOperation, StorageRun } from './api';

const DATABASE_NAME = 'newsroom-workstation';

let root: Root | null = null;

function mount(element: React.ReactNode): void {
  const container = document.getElementById('root');
  if (container === null) throw new Error('The bench page lacks #root');
  root ??= createRoot(container);
  root.render(<StrictMode>{element}</StrictMode>);
}

/** What the first-underlines benchmark finds to flag: a misspelling and a repeated word. */
const SLIPS = ' The goverment said the the plan works.';

function bodyOf(words: number, seed: number, withSlips = false): ParagraphElement[] {
  return paragraphsOf(words, seed).map((text, index) => ({
    type: 'paragraph',
    children: [{ text: withSlips && index % 10 === 5 ? text + SLIPS : text }],
  }));
}

/** Resolves after the next frame has been produced (rAF, then a task after its rendering). */
function nextFrame(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

/** Resolves as soon as `condition` holds, checked on every DOM mutation (no polling delay). */
function when(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!condition()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`Timed out waiting for ${condition.toString()}`));
    }, timeoutMs);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function openRawDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/** The paragraph in the middle of a body document, where the edits go. */
function middleParagraph(doc: Y.Doc): Y.XmlText {
  const blocks = bodyText(doc).toDelta() as Array<{ insert: unknown }>;
  const block = blocks[Math.floor(blocks.length / 2)]?.insert;
  if (!(block instanceof Y.XmlText)) throw new Error('The body has no paragraph to edit');
  return block;
}

// Keystrokes: keydown (its event timestamp) to the end of the next frame.
let isRecordingKeys = false;
const keyLatencies: number[] = [];
const keydownTimes: number[] = [];
let keyWaiter: { count: number; resolve: () => void } | null = null;

function handleKeyDown(event: KeyboardEvent): void {
  if (!isRecordingKeys) return;
  const start = event.timeStamp;
  keydownTimes.push(start);
  void nextFrame().then((end) => {
    keyLatencies.push(end - start);
    if (keyWaiter !== null && keyLatencies.length >= keyWaiter.count) {
      const waiter = keyWaiter;
      keyWaiter = null;
      waiter.resolve();
    }
  });
}
window.addEventListener('keydown', handleKeyDown, { capture: true });

function BareSlate({ value }: { value: Descendant[] }) {
  const editor = useMemo(() => withReact(createEditor()), []);
  return (
    <Slate editor={editor} initialValue={value}>
      <Editable aria-label="Bare Slate body" className="bare-slate" />
    </Slate>
  );
}

// The list: armed by an event of the person (hashchange, change, input), done when painted.
let listMeasurement: Promise<number> | null = null;

function storiesCountText(): string {
  return document.querySelector('.stories-count')?.textContent ?? '';
}

function isListPainted(previousCount: string, operation: ListOperation): boolean {
  const count = storiesCountText();
  if (count === '') return false;
  if (operation !== 'show' && count === previousCount) return false;
  return (
    document.querySelector('.story-row:not(.is-loading)') !== null &&
    document.querySelector('.story-row.is-loading') === null
  );
}

let loadedFiles: File[] = [];

/**
 * The baselines' upload: the same bytes to the same channel and transport as an import, but with no
 * file name, so the server reads the whole body (within the import's limit) and then refuses it
 * without importing. The page's token is the one the real client took from the ready URL.
 */
async function postPlain(body: Blob): Promise<void> {
  await fetch('/api/media%3Aimport', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localStorage.getItem('workstation-token') ?? ''}`,
      'content-type': 'application/octet-stream',
      'x-api-args': encodeURIComponent('{}'),
    },
    body,
  });
}

const api: BenchPageApi = {
  async seedStory(words, seed, withSlips = false) {
    return createStory({
      author: 'Bench Reporter',
      fields: { headline: `A story of ${words} words`, slug: `bench-${words}` },
      body: bodyOf(words, seed, withSlips),
      wordCount: words,
    });
  },

  async seedStories(count) {
    const random = createRandom(7);
    const sections = listSections(DEFAULT_PORTAL_PROFILE).map((section) => section.id);
    const emptyState = Y.encodeStateAsUpdateV2(docWithBody(emptyBody()));
    const start = Date.now() - count * 60_000;
    const batchSize = 2000;
    for (let offset = 0; offset < count; offset += batchSize) {
      // The newsroom's archive as a signed-in workstation receives it: through the repository's
      // remote path, in large transactions.
      const changes: StoryChange[] = [];
      for (let index = offset; index < Math.min(count, offset + batchSize); index += 1) {
        const headline = headlineOf(random);
        const fields = blankStoryFields({
          headline,
          slug: headline.toLowerCase().split(' ').slice(0, 4).join('-'),
          byline: 'Bench Reporter',
          section: sections[Math.floor(random() * sections.length)] ?? 'news',
          keywords: [headlineOf(random).split(' ')[0] ?? 'wuxi'],
        });
        const at = start + index * 60_000;
        const story: Story = {
          ...fields,
          id: newId(at),
          state: STORY_STATES[Math.floor(random() * STORY_STATES.length)] ?? 'draft',
          stateBeforeSpike: null,
          scheduledAt: null,
          publishedPath: null,
          correctionNote: '',
          createdBy: 'Bench Reporter',
          createdAt: at,
          updatedAt: at,
          firstPublishedAt: null,
          lastPublishedAt: null,
          wordCount: 400 + Math.floor(random() * 800),
        };
        changes.push({ kind: 'story:create', story, body: emptyState });
      }
      await applyRemoteChanges(changes);
    }
    return db.stories.count();
  },

  mountApp() {
    mount(<App />);
  },

  mountTextarea(words, seed) {
    const text = paragraphsOf(words, seed).join('\n\n');
    mount(
      <textarea
        aria-label="Plain text"
        defaultValue={text}
        style={{ width: '100%', height: '90vh', font: '16px/1.5 serif' }}
      />,
    );
  },

  mountBareSlate(words, seed) {
    mount(<BareSlate value={bodyOf(words, seed)} />);
  },

  focusTextareaMiddle() {
    const textarea = document.querySelector('textarea');
    if (textarea === null) throw new Error('No textarea');
    const middle = textarea.value.indexOf('\n\n', Math.floor(textarea.value.length / 2));
    textarea.focus();
    textarea.setSelectionRange(middle, middle);
  },

  recordKeys(isOn) {
    isRecordingKeys = isOn;
    if (isOn) {
      keyLatencies.length = 0;
      keydownTimes.length = 0;
    }
  },

  async waitForKeys(count) {
    if (keyLatencies.length < count) {
      await new Promise<void>((resolve) => {
        keyWaiter = { count, resolve };
      });
    }
    return [...keyLatencies];
  },

  commitsPerKey() {
    return keydownTimes.map((keydownAt, index) =>
      commitsBetween(keydownAt, keydownTimes[index + 1] ?? performance.now()),
    );
  },

  async keyCommitLatencies() {
    // Give the last keystrokes time to commit before reading the record.
    const deadline = performance.now() + 5000;
    const lastKey = keydownTimes.at(-1) ?? 0;
    while (
      performance.now() < deadline &&
      !commitRecords().some((record) => record.createdAt >= lastKey && record.committedAt !== null)
    ) {
      await sleep(20);
    }
    return keydownTimes.flatMap((keydownAt) => {
      const commit = commitRecords().find(
        (record) => record.createdAt >= keydownAt && record.committedAt !== null,
      );
      return commit?.committedAt == null ? [] : [commit.committedAt - keydownAt];
    });
  },

  async openStory(storyId) {
    const start = performance.now();
    window.location.hash = `#/stories/${encodeURIComponent(storyId)}`;
    await when(
      () => document.querySelector('[aria-label="Story body"][contenteditable="true"]') !== null,
    );
    return (await nextFrame()) - start;
  },

  setChecking(isOn) {
    checker().setEnabled(isOn);
  },

  async openStoryUntilFlagged(storyId) {
    const start = performance.now();
    window.location.hash = `#/stories/${encodeURIComponent(storyId)}`;
    await when(() => document.querySelector('[aria-label="Story body"] [aria-invalid]') !== null);
    return (await nextFrame()) - start;
  },

  async leaveStory() {
    window.location.hash = '#/settings';
    await when(() => document.querySelector('[aria-label="Story body"]') === null);
    // The closing session flushes its saver; let it finish so the next open starts clean.
    await sleep(200);
  },

  async loadDocAlone(storyId) {
    const start = performance.now();
    const database = await openRawDatabase();
    const rows = await requestResult<Array<{ i: number; u: Uint8Array }>>(
      database
        .transaction(BODY_UPDATES_STORE)
        .objectStore(BODY_UPDATES_STORE)
        .index('k')
        .getAll(storyId),
    );
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const row of rows) Y.applyUpdateV2(doc, row.u);
    });
    const ms = performance.now() - start;
    doc.destroy();
    database.close();
    return ms;
  },

  async saveThroughSaver(storyId, count, gapMs) {
    const { doc } = await loadBodyDoc(storyId);
    const row = await readStory(storyId);
    const saver = createStorySaver({
      storyId,
      doc,
      now: Date.now,
      wordCount: row?.wordCount ?? 0,
    });
    const paragraph = middleParagraph(doc);
    let bytes = 0;
    doc.on('updateV2', (update: Uint8Array) => {
      bytes += update.length;
    });
    const commitMs: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const start = performance.now();
      paragraph.insert(0, 'x');
      // The story view reports the new word count on every change; so does this edit.
      saver.setDerived({ wordCount: (row?.wordCount ?? 0) + index + 1 });
      await saver.flush();
      commitMs.push(performance.now() - start);
      await sleep(gapMs);
    }
    saver.dispose();
    doc.destroy();
    return { commitMs, bytes } satisfies StorageRun;
  },

  async saveWithRawPut(storyId, count, gapMs) {
    const { doc } = await loadBodyDoc(storyId);
    const paragraph = middleParagraph(doc);
    let pending: Uint8Array | null = null;
    doc.on('updateV2', (update: Uint8Array) => {
      pending = update;
    });
    const database = await openRawDatabase();
    let bytes = 0;
    const commitMs: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const start = performance.now();
      paragraph.insert(0, 'x');
      const update: Uint8Array = pending ?? new Uint8Array();
      bytes += update.length;
      const transaction = database.transaction(BODY_UPDATES_STORE, 'readwrite');
      // A scratch key: the same bytes and the same store, without touching the real story.
      transaction
        .objectStore(BODY_UPDATES_STORE)
        .add({ k: `bench-scratch-${storyId}`, u: update, f: 1 });
      await committed(transaction);
      commitMs.push(performance.now() - start);
      await sleep(gapMs);
    }
    database.close();
    doc.destroy();
    return { commitMs, bytes } satisfies StorageRun;
  },

  armList(operation) {
    const previousCount = storiesCountText();
    const eventName =
      operation === 'show' ? 'hashchange' : operation === 'filter' ? 'change' : 'input';
    listMeasurement = new Promise((resolve, reject) => {
      function handleEvent(event: Event) {
        window.removeEventListener(eventName, handleEvent, { capture: true });
        const start = event.timeStamp;
        when(() => isListPainted(previousCount, operation))
          .then(nextFrame)
          .then((end) => resolve(end - start), reject);
      }
      window.addEventListener(eventName, handleEvent, { capture: true });
    });
  },

  listResult() {
    if (listMeasurement === null) return Promise.reject(new Error('armList was not called'));
    return listMeasurement;
  },

  async getAllRows(operation, argument) {
    const start = performance.now();
    const database = await openRawDatabase();
    const store = database.transaction('stories').objectStore('stories');
    const request =
      operation === 'show'
        ? store.getAll()
        : operation === 'filter'
          ? store.index('state').getAll(argument)
          : store.index('searchTerms').getAll(IDBKeyRange.bound(argument, `${argument}\uffff`));
    const rows = await requestResult(request);
    const ms = performance.now() - start;
    database.close();
    return { ms, rows: rows.length };
  },

  async compareKeyReads() {
    let start = performance.now();
    const reversed = await db.stories.orderBy('updatedAt').reverse().primaryKeys();
    const reverseCursorMs = performance.now() - start;
    start = performance.now();
    const forward = (await db.stories.orderBy('updatedAt').primaryKeys()).reverse();
    const forwardThenReverseMs = performance.now() - start;
    if (forward.length !== reversed.length || forward[0] !== reversed[0]) {
      throw new Error('The two key reads disagree');
    }
    return { reverseCursorMs, forwardThenReverseMs, keys: forward.length };
  },

  async loadFiles(urls) {
    loadedFiles = await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return new File([await response.blob()], url.split('/').at(-1) ?? 'photo.jpg', {
          type: 'image/jpeg',
        });
      }),
    );
    return loadedFiles.length;
  },

  chooseFilesForImport() {
    const input = document.querySelector('.photos-view input[type="file"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('No Import photos input');
    const transfer = new DataTransfer();
    for (const file of loadedFiles) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  },

  async postFilesUncopied() {
    for (const file of loadedFiles) {
      await postPlain(file);
    }
    return loadedFiles.length;
  },

  async postFilesPlain() {
    let posted = 0;
    for (const file of loadedFiles) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await postPlain(new Blob([bytes.slice()]));
      posted += 1;
    }
    return posted;
  },
};

window.bench = api;
