import { modulePageForTests } from '../../tests/support/modulePage';
import { describe, expect, it } from 'vitest';
import type * as SlateYjs from '@slate-yjs/core';
import type * as Slate from 'slate';
import type * as BodyUpdates from '../db/bodyUpdates';
import type * as Database from '../db/db';
import type * as EditorFactory from '../editor/createStoryEditor';
import type * as Stories from './repository/stories';
import type * as StoryBody from './storyBody';
import { describeStorageError } from './storySaver';
import type * as StorySaverModule from './storySaver';
import type * as ReceivedOrigins from '../collab/receivedOrigins';
import type * as Yjs from 'yjs';

/** What the test bundle puts on the page's window. */
interface SaverApi {
  YjsEditor: typeof SlateYjs.YjsEditor;
  Editor: typeof Slate.Editor;
  Transforms: typeof Slate.Transforms;
  BODY_UPDATES_STORE: typeof BodyUpdates.BODY_UPDATES_STORE;
  createStoryEditor: typeof EditorFactory.createStoryEditor;
  bodyOfDoc: typeof StoryBody.bodyOfDoc;
  bodyText: typeof StoryBody.bodyText;
  loadBodyDoc: typeof Stories.loadBodyDoc;
  addReceivedOrigin: typeof ReceivedOrigins.addReceivedOrigin;
  Y: typeof Yjs;
  /** A new story in a database of its own, and its body's document as the story view loads it. */
  openStory(
    databaseName: string,
  ): Promise<{ database: Database.WorkstationDb; storyId: string; doc: Yjs.Doc }>;
  /** An editor of a body's document, bound to it as the story view binds it. */
  boundEditor(doc: Yjs.Doc): Slate.Editor;
  /** The saver of a story opened by `openStory`: its clock stands at 2000 unless `now` says. */
  saverFor(
    story: { database: Database.WorkstationDb; storyId: string; doc: Yjs.Doc },
    options?: { now?: () => number; onBodyStored?: (key: number) => void },
  ): StorySaverModule.StorySaver;
}

declare global {
  interface Window {
    saverApi: SaverApi;
  }
}

/**
 * The saver is tested against real IndexedDB in Chromium: the module under test, Dexie, y-dexie,
 * Yjs and Slate bundled as the app bundles them.
 */
const { page } = modulePageForTests({
  contents: `
      import { YjsEditor } from '@slate-yjs/core';
      import { Editor, Transforms } from 'slate';
      import { BODY_UPDATES_STORE } from '../db/bodyUpdates';
      import { WorkstationDb } from '../db/db';
      import { createStoryEditor } from '../editor/createStoryEditor';
      import { createStory, loadBodyDoc } from './repository/stories';
      import { bodyOfDoc, bodyText } from './storyBody';
      import { createStorySaver } from './storySaver';
      import { addReceivedOrigin } from '../collab/receivedOrigins';
      import * as Y from 'yjs';
      async function openStory(databaseName) {
        const database = new WorkstationDb(databaseName);
        const storyId = await createStory({ author: 'Li Qiang', database, now: 1000 });
        const { doc } = await loadBodyDoc(storyId, database);
        return { database, storyId, doc };
      }
      function saverFor({ database, storyId, doc }, { now = () => 2000, onBodyStored } = {}) {
        return createStorySaver({ storyId, doc, now, wordCount: 0, database, onBodyStored });
      }
      function boundEditor(doc) {
        const editor = createStoryEditor(bodyText(doc));
        YjsEditor.connect(editor);
        return editor;
      }
      window.saverApi = { YjsEditor, Editor, Transforms, BODY_UPDATES_STORE, createStoryEditor,
        bodyOfDoc, bodyText, loadBodyDoc, addReceivedOrigin, Y, openStory, boundEditor, saverFor };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

describe('createStorySaver', () => {
  it('stores what the newsroom sent unflagged and what was typed here flagged, both durable', async () => {
    const result = await page().evaluate(async () => {
      const api = window.saverApi;
      const opened = await api.openStory('saver-test-received');
      const { database, storyId, doc } = opened;
      const stored: number[] = [];
      const saver = api.saverFor(opened, { onBodyStored: (key) => stored.push(key) });
      const provider = {};
      api.addReceivedOrigin(provider);
      const elsewhere = new api.Y.Doc();
      api.Y.applyUpdate(elsewhere, api.Y.encodeStateAsUpdate(doc));
      const paragraph = api.bodyText(elsewhere).toDelta() as Array<{ insert: unknown }>;
      const first = paragraph[0]?.insert;
      if (!(first instanceof api.Y.XmlText)) throw new Error('no first paragraph');
      first.insert(0, 'From the desk. ');
      api.Y.applyUpdate(
        doc,
        api.Y.encodeStateAsUpdate(elsewhere, api.Y.encodeStateVector(doc)),
        provider,
      );
      const editor = api.boundEditor(doc);
      api.Transforms.select(editor, api.Editor.end(editor, []));
      api.Transforms.insertText(editor, 'Typed here.');
      editor.onChange();
      await saver.flush();
      const rows = (await database
        .table(api.BODY_UPDATES_STORE)
        .where('k')
        .equals(storyId)
        .toArray()) as Array<{ i: number; f?: number }>;
      const reloaded = await api.loadBodyDoc(storyId, database);
      database.close();
      return {
        status: saver.status().kind,
        flags: rows.map((row) => row.f ?? 0),
        body: api.bodyOfDoc(reloaded.doc),
        told: stored,
        savedRows: rows.slice(1).map((row) => row.i),
      };
    });
    // The rows the saver stored are the ones it told of (its document's follow passes them over).
    const { told, savedRows, ...saved } = result;
    expect(told).toEqual(savedRows);
    expect(told).toHaveLength(2);
    expect(saved).toEqual({
      status: 'saved',
      // The new story's first update and the typed one are this workstation's; the desk's is not.
      flags: [1, 0, 1],
      body: [{ type: 'paragraph', children: [{ text: 'From the desk. Typed here.' }] }],
    });
  });

  it('says Saving while it writes and Saved once the edit and fields are committed', async () => {
    const result = await page().evaluate(async () => {
      const api = window.saverApi;
      const opened = await api.openStory('saver-test-1');
      const { database, storyId, doc } = opened;
      const saver = api.saverFor(opened);
      const editor = api.boundEditor(doc);
      const seen: string[] = [saver.status().kind];
      saver.subscribe(() => seen.push(saver.status().kind));
      api.Transforms.select(editor, api.Editor.start(editor, []));
      api.Transforms.insertText(editor, 'Wuxi reaps 无锡');
      editor.onChange();
      saver.setDerived({ wordCount: 4 });
      saver.saveFields({ headline: 'Wuxi IoT 无锡物联网', keywords: ['CETC'] });
      await saver.flush();
      const reloaded = await api.loadBodyDoc(storyId, database);
      const row = await database.stories.get(storyId);
      if (row === undefined) throw new Error('The story row is gone');
      return {
        seen,
        body: api.bodyOfDoc(reloaded.doc),
        row: {
          headline: row.headline,
          wordCount: row.wordCount,
          updatedAt: row.updatedAt,
          searchTerms: row.searchTerms,
        },
        isUnsaved: saver.hasUnsavedEdits(),
      };
    });
    expect(result).toEqual({
      seen: ['saved', 'saving', 'saved'],
      body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps 无锡' }] }],
      row: {
        headline: 'Wuxi IoT 无锡物联网',
        wordCount: 4,
        updatedAt: 2000,
        searchTerms: expect.arrayContaining(['wuxi', 'iot', 'cetc', '无锡', '无', '锡']),
      },
      isUnsaved: false,
    });
  });

  it('says Saved only after the complete event of the one transaction, begun after the frame, that holds a frame’s edits', async () => {
    const log = await page().evaluate(async () => {
      const api = window.saverApi;
      const events: string[] = [];
      let isRecording = false;
      // Every read-write transaction on the body updates reports its complete event to the log,
      // from a listener added before Dexie attaches its own, so the log shows the true order.
      // Dexie binds IDBDatabase.transaction when it opens a database: this comes first.
      const original = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function transaction(
        this: IDBDatabase,
        names: string | string[],
        mode?: IDBTransactionMode,
        options?: IDBTransactionOptions,
      ) {
        const created = original.call(this, names, mode, options);
        if (
          isRecording &&
          mode === 'readwrite' &&
          [names].flat().includes(api.BODY_UPDATES_STORE)
        ) {
          events.push('transaction begins');
          created.addEventListener('complete', () => events.push('transaction completes'));
        }
        return created;
      };
      const opened = await api.openStory('saver-test-order');
      const { database, doc } = opened;
      try {
        const saver = api.saverFor(opened);
        const editor = api.boundEditor(doc);
        const saved = new Promise<void>((resolve) => {
          saver.subscribe(() => {
            events.push(`status ${saver.status().kind}`);
            if (saver.status().kind === 'saved') resolve();
          });
        });
        isRecording = true;
        api.Transforms.select(editor, api.Editor.start(editor, []));
        requestAnimationFrame(() => events.push('frame painted'));
        // Three keystrokes in one frame: the keystroke's frame does not wait for their write.
        for (const text of ['W', 'u', 'xi']) {
          api.Transforms.insertText(editor, text);
          editor.onChange();
        }
        await saved;
      } finally {
        IDBDatabase.prototype.transaction = original;
        database.close();
      }
      return events;
    });
    expect(log).toEqual([
      'status saving',
      'frame painted',
      'transaction begins',
      'transaction completes',
      'status saved',
    ]);
  });

  it('commits every body edit at once but rewrites the row at most once a second, ending on the last edit', async () => {
    const result = await page().evaluate(async () => {
      const api = window.saverApi;
      const opened = await api.openStory('saver-test-throttle');
      const { database, storyId, doc } = opened;
      let clock = 10_000;
      const saver = api.saverFor(opened, { now: () => clock });
      const editor = api.boundEditor(doc);
      let rowWrites = 0;
      database.stories.hook('updating', () => {
        rowWrites += 1;
      });
      api.Transforms.select(editor, api.Editor.start(editor, []));
      const durableBodies: string[] = [];
      for (const [index, text] of ['Wuxi', ' reaps', ' gains'].entries()) {
        clock = 10_000 + index * 100;
        api.Transforms.insertText(editor, text);
        editor.onChange();
        await saver.flush();
        const stored = await api.loadBodyDoc(storyId, database);
        durableBodies.push(JSON.stringify(api.bodyOfDoc(stored.doc)));
      }
      const rowWritesWhileTyping = rowWrites;
      clock = 10_300;
      await new Promise((resolve) => setTimeout(resolve, 1300));
      await saver.flush();
      const row = await database.stories.get(storyId);
      return {
        durableBodies: durableBodies.map((body) => JSON.parse(body) as unknown),
        rowWritesWhileTyping,
        rowWrites,
        updatedAt: row?.updatedAt,
        status: saver.status().kind,
      };
    });
    expect(result).toEqual({
      durableBodies: [
        [{ type: 'paragraph', children: [{ text: 'Wuxi' }] }],
        [{ type: 'paragraph', children: [{ text: 'Wuxi reaps' }] }],
        [{ type: 'paragraph', children: [{ text: 'Wuxi reaps gains' }] }],
      ],
      rowWritesWhileTyping: 1,
      rowWrites: 2,
      updatedAt: 10_300,
      status: 'saved',
    });
  });

  it('reports a closed database in an alert, keeps the edit, and saves it when the database reopens', async () => {
    const result = await page().evaluate(async () => {
      const api = window.saverApi;
      const opened = await api.openStory('saver-test-2');
      const { database, storyId, doc } = opened;
      const saver = api.saverFor(opened, { now: () => 3000 });
      const editor = api.boundEditor(doc);
      const statuses: Array<{ kind: string; message?: string }> = [];
      saver.subscribe(() => {
        const status = saver.status();
        statuses.push(
          status.kind === 'failed'
            ? { kind: 'failed', message: status.message }
            : { kind: status.kind },
        );
      });
      database.close();
      api.Transforms.select(editor, api.Editor.start(editor, []));
      api.Transforms.insertText(editor, 'Kept in memory');
      editor.onChange();
      const failure = await saver.flush().then(
        () => 'no failure',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
      const isUnsavedWhileClosed = saver.hasUnsavedEdits();
      await new Promise((resolve) => {
        const stop = saver.subscribe(() => {
          if (saver.status().kind === 'saved') {
            stop();
            resolve(null);
          }
        });
      });
      const reloaded = await api.loadBodyDoc(storyId, database);
      return {
        failure,
        isUnsavedWhileClosed,
        statuses,
        body: api.bodyOfDoc(reloaded.doc),
        isUnsaved: saver.hasUnsavedEdits(),
      };
    });
    expect(result).toEqual({
      failure: 'DatabaseClosedError',
      isUnsavedWhileClosed: true,
      statuses: [
        { kind: 'saving' },
        {
          kind: 'failed',
          message:
            'Could not save: the story database was closed. Your text is kept in this window and saving is being retried; do not close the window.',
        },
        { kind: 'saved' },
      ],
      body: [{ type: 'paragraph', children: [{ text: 'Kept in memory' }] }],
      isUnsaved: false,
    });
  });
});

describe('describeStorageError', () => {
  it('says the storage is full when IndexedDB refuses for quota, inside a Dexie error or not', () => {
    const quota = new Error('quota');
    quota.name = 'QuotaExceededError';
    const wrapped = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: quota,
    });
    const expected =
      'Could not save: this computer’s storage is full. Your text is kept in this window and will be saved as soon as space is freed; do not close the window.';
    expect([describeStorageError(quota), describeStorageError(wrapped)]).toEqual([
      expected,
      expected,
    ]);
  });

  it('names any other failure with its message', () => {
    expect(describeStorageError(new Error('disk on fire'))).toBe(
      'Could not save: disk on fire. Your text is kept in this window and saving is being retried; do not close the window.',
    );
  });
});
