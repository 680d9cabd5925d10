import type * as YDexie from 'y-dexie';
import type * as Yjs from 'yjs';
import { describe, expect, it } from 'vitest';
import { modulePageForTests, openModulePage } from '../../tests/support/modulePage';
import type * as Stories from '../stories/repository/stories';
import type * as StoryBody from '../stories/storyBody';
import type * as BodyUpdates from './bodyUpdates';
import type * as Database from './db';

/** What the test bundle puts on the page's window: the real y-dexie beside this app's modules. */
interface ContractApi {
  Y: typeof Yjs;
  DexieYProvider: typeof YDexie.DexieYProvider;
  compressYDocs: typeof YDexie.compressYDocs;
  WorkstationDb: typeof Database.WorkstationDb;
  bodyUpdates: typeof BodyUpdates;
  createStory: typeof Stories.createStory;
  loadBodyDoc: typeof Stories.loadBodyDoc;
  bodyOfDoc: typeof StoryBody.bodyOfDoc;
  bodyText: typeof StoryBody.bodyText;
}

declare global {
  interface Window {
    contractApi: ContractApi;
  }
}

const source = {
  contents: `
      import * as Y from 'yjs';
      import { DexieYProvider, compressYDocs } from 'y-dexie';
      import { WorkstationDb } from './db';
      import * as bodyUpdates from './bodyUpdates';
      import { createStory, loadBodyDoc } from '../stories/repository/stories';
      import { bodyOfDoc, bodyText } from '../stories/storyBody';
      window.contractApi = { Y, DexieYProvider, compressYDocs, WorkstationDb,
        bodyUpdates, createStory, loadBodyDoc, bodyOfDoc, bodyText };`,
  resolveDir: new URL('.', import.meta.url).pathname,
};
const { page } = modulePageForTests(source);

/**
 * The contract between this app and y-dexie's private storage (renderer/db/bodyUpdates.ts),
 * checked against the real y-dexie in real IndexedDB: an upgrade that moves or reshapes the update
 * table, stops loading what this app writes, or writes elsewhere itself fails here instead of
 * losing stories.
 */
describe('y-dexie body updates', () => {
  it('are kept by y-dexie in the table, key and index this app writes and reads', async () => {
    const schema = await page().evaluate(async () => {
      const api = window.contractApi;
      const database = new api.WorkstationDb('contract-schema');
      await database.open();
      const table = api.bodyUpdates.bodyUpdatesTable(database);
      const result = {
        name: table.name,
        isStore: database.backendDB().objectStoreNames.contains(api.bodyUpdates.BODY_UPDATES_STORE),
        primaryKey: {
          keyPath: table.schema.primKey.keyPath,
          isAutoIncrement: table.schema.primKey.auto,
        },
        indexes: table.schema.indexes.map((index) => index.keyPath),
        yProps: database.stories.schema.yProps,
      };
      database.close();
      return result;
    });
    expect(schema).toEqual({
      name: '$stories.body_updates',
      isStore: true,
      primaryKey: { keyPath: 'i', isAutoIncrement: true },
      indexes: ['k'],
      yProps: [{ prop: 'body', updatesTable: '$stories.body_updates' }],
    });
  });

  it('written by this app are loaded by y-dexie’s own provider', async () => {
    const loaded = await page().evaluate(async () => {
      const api = window.contractApi;
      const database = new api.WorkstationDb('contract-load');
      const storyId = await api.createStory({
        author: 'Li Qiang',
        database,
        body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps strong partnership' }] }],
      });
      const { doc: mine } = await api.loadBodyDoc(storyId, database);
      const before = api.Y.encodeStateVector(mine);
      const paragraph = api.bodyText(mine).toDelta()[0]?.insert;
      if (!(paragraph instanceof api.Y.XmlText)) throw new Error('No paragraph');
      paragraph.insert(0, 'Exclusive: ');
      await database.transaction('rw', api.bodyUpdates.bodyUpdatesTable(database), () =>
        api.bodyUpdates.addBodyUpdate(
          database,
          storyId,
          api.Y.encodeStateAsUpdateV2(mine, before),
          'local',
        ),
      );
      mine.destroy();
      const row = await database.stories.get(storyId);
      if (row === undefined) throw new Error('The story row is gone');
      const provider = api.DexieYProvider.load(row.body);
      await provider.whenLoaded;
      const body = api.bodyOfDoc(row.body);
      api.DexieYProvider.release(row.body);
      database.close();
      return body;
    });
    expect(loaded).toEqual([
      { type: 'paragraph', children: [{ text: 'Exclusive: Wuxi reaps strong partnership' }] },
    ]);
  });

  it('that y-dexie’s provider stores itself are found and read by this app', async () => {
    const read = await page().evaluate(async () => {
      const api = window.contractApi;
      const database = new api.WorkstationDb('contract-provider-writes');
      const storyId = await api.createStory({
        author: 'Li Qiang',
        database,
        body: [{ type: 'paragraph', children: [{ text: 'Wuxi' }] }],
      });
      const row = await database.stories.get(storyId);
      if (row === undefined) throw new Error('The story row is gone');
      const provider = api.DexieYProvider.load(row.body);
      await provider.whenLoaded;
      const before = (await api.bodyUpdates.readBodyUpdates(database, storyId)).updates.length;
      const paragraph = api.bodyText(row.body).toDelta()[0]?.insert;
      if (!(paragraph instanceof api.Y.XmlText)) throw new Error('No paragraph');
      paragraph.insert(4, ' reaps');
      // y-dexie writes the update with a write of its own: wait until that has landed.
      const deadline = Date.now() + 5000;
      let stored = await api.bodyUpdates.readBodyUpdates(database, storyId);
      while (stored.updates.length === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored = await api.bodyUpdates.readBodyUpdates(database, storyId);
      }
      api.DexieYProvider.release(row.body);
      const { doc } = await api.loadBodyDoc(storyId, database);
      const body = api.bodyOfDoc(doc);
      doc.destroy();
      database.close();
      return { rowsBefore: before, rowsAfter: stored.updates.length, body };
    });
    expect(read).toEqual({
      rowsBefore: 1,
      rowsAfter: 2,
      body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps' }] }],
    });
  });

  it('compressed by y-dexie still read as the same body, flagged local or not', async () => {
    const result = await page().evaluate(async () => {
      const api = window.contractApi;
      const database = new api.WorkstationDb('contract-compress');
      const storyId = await api.createStory({
        author: 'Li Qiang',
        database,
        body: [{ type: 'paragraph', children: [{ text: 'Wuxi' }] }],
      });
      const { doc } = await api.loadBodyDoc(storyId, database);
      const table = api.bodyUpdates.bodyUpdatesTable(database);
      for (const [origin, text] of [
        ['local', ' reaps'],
        ['remote', ' gains'],
      ] as const) {
        const before = api.Y.encodeStateVector(doc);
        const paragraph = api.bodyText(doc).toDelta()[0]?.insert;
        if (!(paragraph instanceof api.Y.XmlText)) throw new Error('No paragraph');
        paragraph.insert(paragraph.length, text);
        await database.transaction('rw', table, () =>
          api.bodyUpdates.addBodyUpdate(
            database,
            storyId,
            api.Y.encodeStateAsUpdateV2(doc, before),
            origin,
          ),
        );
      }
      doc.destroy();
      const flags = (await table.where('k').equals(storyId).sortBy('i')).map((row) => row.f);
      await api.compressYDocs(database);
      const rowsAfter = await table.where('k').equals(storyId).count();
      const { doc: reloaded } = await api.loadBodyDoc(storyId, database);
      const body = api.bodyOfDoc(reloaded);
      reloaded.destroy();
      database.close();
      return { flags, rowsAfter, body };
    });
    expect(result).toEqual({
      flags: [1, 1, undefined],
      rowsAfter: 1,
      body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps gains' }] }],
    });
  });

  it('stored after a point reach an open story, and only that story’s', async () => {
    const delivered = await page().evaluate(async () => {
      const api = window.contractApi;
      const database = new api.WorkstationDb('contract-observe');
      const storyId = await api.createStory({ author: 'Li Qiang', database });
      const otherId = await api.createStory({ author: 'Li Qiang', database });
      const { lastUpdateId } = await api.bodyUpdates.readBodyUpdates(database, storyId);
      const batches: number[][] = [];
      let resolveSeen: () => void = () => undefined;
      const seen = new Promise<void>((resolve) => {
        resolveSeen = resolve;
      });
      const follow = api.bodyUpdates.observeBodyUpdates(
        database,
        storyId,
        lastUpdateId,
        (updates) => {
          batches.push(updates.map((update) => update.length));
          resolveSeen();
        },
      );
      const table = api.bodyUpdates.bodyUpdatesTable(database);
      await database.transaction('rw', table, async () => {
        await api.bodyUpdates.addBodyUpdate(database, otherId, new Uint8Array([0, 0]), 'remote');
        await api.bodyUpdates.addBodyUpdate(database, storyId, new Uint8Array([0, 0, 0]), 'remote');
      });
      await seen;
      follow.stop();
      database.close();
      return batches;
    });
    expect(delivered).toEqual([[3]]);
  });

  it('stored by the document’s own saver are passed over, and everyone else’s still arrive', async () => {
    const name = 'contract-pass-over';
    const started = await page().evaluate(async (databaseName) => {
      const api = window.contractApi;
      const database = new api.WorkstationDb(databaseName);
      const storyId = await api.createStory({ author: 'Li Qiang', database });
      const { lastUpdateId } = await api.bodyUpdates.readBodyUpdates(database, storyId);
      const delivered: number[] = [];
      const follow = api.bodyUpdates.observeBodyUpdates(
        database,
        storyId,
        lastUpdateId,
        (updates) => delivered.push(...updates.map((update) => update.length)),
      );
      const table = api.bodyUpdates.bodyUpdatesTable(database);
      async function store(length: number): Promise<number> {
        return database.transaction('rw', table, () =>
          api.bodyUpdates.addBodyUpdate(database, storyId, new Uint8Array(length), 'local'),
        );
      }
      // The saver's own rows, passed over once committed (as the saver does).
      follow.passOver(await store(1));
      follow.passOver(await store(1));
      // Another writer of this window (a sync storing what the newsroom sent).
      await store(2);
      Object.assign(window, { passOverTest: { database, follow, delivered, store } });
      return storyId;
    }, name);
    // Another window of the workstation, with a Dexie of its own, stores an update too.
    const other = await openModulePage(page().context(), source);
    await other.evaluate(
      async ({ databaseName, storyId }) => {
        const api = window.contractApi;
        const database = new api.WorkstationDb(databaseName);
        await database.transaction('rw', api.bodyUpdates.bodyUpdatesTable(database), () =>
          api.bodyUpdates.addBodyUpdate(database, storyId, new Uint8Array(3), 'local'),
        );
        database.close();
      },
      { databaseName: name, storyId: started },
    );
    await other.close();
    const delivered = await page().evaluate(async () => {
      const { database, follow, delivered, store } = (
        window as unknown as {
          passOverTest: {
            database: InstanceType<ContractApi['WorkstationDb']>;
            follow: ReturnType<ContractApi['bodyUpdates']['observeBodyUpdates']>;
            delivered: number[];
            store(length: number): Promise<number>;
          };
        }
      ).passOverTest;
      // And the saver again, after the others: still passed over.
      follow.passOver(await store(1));
      const deadline = Date.now() + 5000;
      while (delivered.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      follow.stop();
      database.close();
      return delivered;
    });
    expect(delivered).toEqual([2, 3]);
  });
});
