import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchHeadlessChromium } from '../../tests/support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as SlateYjs from '@slate-yjs/core';
import type * as Slate from 'slate';
import type { StoryFields } from '../../shared/story/story';
import type * as Database from '../db/db';
import type * as EditorFactory from '../editor/createStoryEditor';
import type * as StoryBody from './storyBody';
import type * as StoryRepository from './storyRepository';
import { describeStorageError } from './storySaver';
import type * as StorySaverModule from './storySaver';

/** What the test bundle puts on the page's window. */
interface SaverApi {
  YjsEditor: typeof SlateYjs.YjsEditor;
  Editor: typeof Slate.Editor;
  Transforms: typeof Slate.Transforms;
  WorkstationDb: typeof Database.WorkstationDb;
  createStoryEditor: typeof EditorFactory.createStoryEditor;
  bodyOfDoc: typeof StoryBody.bodyOfDoc;
  bodyText: typeof StoryBody.bodyText;
  loadBodyDoc: typeof StoryBody.loadBodyDoc;
  createStory: typeof StoryRepository.createStory;
  createStorySaver: typeof StorySaverModule.createStorySaver;
}

declare global {
  interface Window {
    saverApi: SaverApi;
  }
}

const here = new URL('.', import.meta.url).pathname;
let browser: Browser;
let page: Page;

/**
 * The saver is tested against real IndexedDB in Chromium: the module under test, Dexie, y-dexie,
 * Yjs and Slate bundled as the app bundles them, on a page with an http origin (IndexedDB is not
 * available on about:blank).
 */
beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `
        import { YjsEditor } from '@slate-yjs/core';
        import { Editor, Transforms } from 'slate';
        import { WorkstationDb } from '../db/db';
        import { createStoryEditor } from '../editor/createStoryEditor';
        import { bodyOfDoc, bodyText, loadBodyDoc } from './storyBody';
        import { createStory } from './storyRepository';
        import { createStorySaver } from './storySaver';
        window.saverApi = { YjsEditor, Editor, Transforms, WorkstationDb, createStoryEditor,
          bodyOfDoc, bodyText, loadBodyDoc, createStory, createStorySaver };`,
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  browser = await launchHeadlessChromium();
  page = await browser.newPage();
  await page.route('http://saver.test/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>saver</title>' }),
  );
  await page.goto('http://saver.test/');
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
}, 60_000);

afterAll(async () => {
  await browser.close();
});

describe('createStorySaver', () => {
  it('says Saving while it writes and Saved once the edit and fields are committed', async () => {
    const result = await page.evaluate(async () => {
      const api = window.saverApi;
      const database = new api.WorkstationDb('saver-test-1');
      const storyId = await api.createStory({ author: 'Li Qiang', database, now: 1000 });
      const { doc } = await api.loadBodyDoc(storyId, database);
      const saver = api.createStorySaver({ storyId, doc, now: () => 2000, wordCount: 0, database });
      const editor = api.createStoryEditor(api.bodyText(doc));
      api.YjsEditor.connect(editor);
      const seen: string[] = [saver.status().kind];
      saver.subscribe(() => seen.push(saver.status().kind));
      api.Transforms.select(editor, api.Editor.start(editor, []));
      api.Transforms.insertText(editor, 'Wuxi reaps 无锡');
      editor.onChange();
      saver.setDerived({ wordCount: 4 });
      const fields: StoryFields = {
        slug: 'wuxi-iot',
        headline: 'Wuxi IoT 无锡物联网',
        subheadline: '',
        byline: 'Li Qiang',
        dateline: '',
        section: 'news',
        source: '',
        summary: '',
        keywords: ['CETC'],
        urgency: 'normal',
        editorialNote: '',
        language: 'en',
        leadPhoto: null,
      };
      saver.saveFields({ headline: fields.headline }, fields);
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

  it('commits every body edit at once but rewrites the row at most once a second, ending on the last edit', async () => {
    const result = await page.evaluate(async () => {
      const api = window.saverApi;
      const database = new api.WorkstationDb('saver-test-throttle');
      const storyId = await api.createStory({ author: 'Li Qiang', database, now: 1000 });
      const { doc } = await api.loadBodyDoc(storyId, database);
      let clock = 10_000;
      const saver = api.createStorySaver({
        storyId,
        doc,
        now: () => clock,
        wordCount: 0,
        database,
      });
      const editor = api.createStoryEditor(api.bodyText(doc));
      api.YjsEditor.connect(editor);
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
    const result = await page.evaluate(async () => {
      const api = window.saverApi;
      const database = new api.WorkstationDb('saver-test-2');
      const storyId = await api.createStory({ author: 'Li Qiang', database, now: 1000 });
      const { doc } = await api.loadBodyDoc(storyId, database);
      const saver = api.createStorySaver({ storyId, doc, now: () => 3000, wordCount: 0, database });
      const editor = api.createStoryEditor(api.bodyText(doc));
      api.YjsEditor.connect(editor);
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
