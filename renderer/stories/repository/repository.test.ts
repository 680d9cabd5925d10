import type * as DexieModule from 'dexie';
import type * as Yjs from 'yjs';
import { describe, expect, it } from 'vitest';
import { modulePageForTests } from '../../../tests/support/modulePage';
import { blankStoryFields } from '../../../shared/story/story';
import { buildStory } from '../../../tests/support/buildStory';
import type * as BodyUpdates from '../../db/bodyUpdates';
import type * as Database from '../../db/db';
import type { EventRow } from '../../db/db';
import type * as StoryBody from '../storyBody';
import type * as Changes from './changes';
import type * as Remote from './remote';
import type * as Stories from './stories';
import type * as Trail from './trail';
import type * as Versions from './versions';

/** What the test bundle puts on the page's window. */
interface RepositoryApi {
  Y: typeof Yjs;
  Dexie: typeof DexieModule.Dexie;
  WorkstationDb: typeof Database.WorkstationDb;
  /** A workstation database with a sync module's outbox table, as the sync will declare it. */
  OutboxDb: typeof Database.WorkstationDb;
  changes: typeof Changes;
  remote: typeof Remote;
  stories: typeof Stories;
  trail: typeof Trail;
  versions: typeof Versions;
  storyBody: typeof StoryBody;
  bodyUpdates: typeof BodyUpdates;
  /** Saves the story's "First draft" version by hand, as Li Qiang; answers the row and body read. */
  saveFirstDraft(
    storyId: string,
    database: Database.WorkstationDb,
    now: number,
  ): Promise<{ row: NonNullable<Awaited<ReturnType<typeof Stories.readStory>>>; doc: Yjs.Doc }>;
}

declare global {
  interface Window {
    repositoryApi: RepositoryApi;
  }
}

const { page } = modulePageForTests({
  contents: `
      import * as Y from 'yjs';
      import { Dexie } from 'dexie';
      import { WorkstationDb } from '../../db/db';
      import * as changes from './changes';
      import * as remote from './remote';
      import * as stories from './stories';
      import * as trail from './trail';
      import * as versions from './versions';
      import * as storyBody from '../storyBody';
      import * as bodyUpdates from '../../db/bodyUpdates';
      class OutboxDb extends WorkstationDb {
        constructor(name) {
          super(name);
          this.version(3).stores({ outbox: '++seq' });
        }
      }
      async function saveFirstDraft(storyId, database, now) {
        const row = await stories.readStory(storyId, database);
        if (row === undefined) throw new Error('The story is gone');
        const { doc } = await stories.loadBodyDoc(storyId, database);
        await versions.saveVersion({
          row, doc, fields: row, author: 'Li Qiang', reason: 'manual', label: 'First draft', now,
          database,
        });
        return { row, doc };
      }
      window.repositoryApi = { Y, Dexie, WorkstationDb, OutboxDb, changes, remote, stories, trail,
        versions, storyBody, bodyUpdates, saveFirstDraft };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

/** A reporter's submission in a story's trail (each test sets the story and time). */
const submitted: EventRow = {
  id: '0190a000-0000-7000-8000-0000000000e1',
  storyId: '',
  at: 0,
  actor: 'Li Qiang',
  role: 'reporter',
  action: 'submit',
  from: 'draft',
  to: 'submitted',
  note: '',
};

describe('the story repository’s sync seam', () => {
  it('hands every kind of local change to the sync hook inside the write’s own transaction', async () => {
    const result = await page().evaluate(async (submitted) => {
      const api = window.repositoryApi;
      const database = new api.OutboxDb('seam-every-change');
      const outbox = database.table('outbox');
      const committed: string[] = [];
      const remove = api.changes.installSyncHook(database, {
        tables: ['outbox'],
        async record(changes) {
          // Only a table in the write's transaction can be written here: this proves it is.
          if (api.Dexie.currentTransaction?.storeNames.includes('outbox') !== true) {
            throw new Error('The hook ran outside the write transaction');
          }
          await outbox.bulkAdd(changes.map((change) => ({ kind: change.kind })));
        },
        committed(changes) {
          committed.push(...changes.map((change) => change.kind));
        },
      });
      const storyId = await api.stories.createStory({ author: 'Li Qiang', database, now: 1000 });
      await api.stories.writeStoryEdit(
        {
          storyId,
          body: null,
          fields: { headline: 'Wuxi reaps strong partnership', section: 'business' },
          wordCount: null,
          touchesRow: false,
          now: 2000,
        },
        database,
      );
      await api.trail.addNote(
        { storyId, author: 'Wang Fang', role: 'editor', text: 'Check the figures', now: 3000 },
        database,
      );
      const { row, doc } = await api.saveFirstDraft(storyId, database, 4000);
      const outcome = await api.trail.recordTransition(
        {
          storyId,
          from: 'draft',
          workflow: { ...row, state: 'submitted' },
          updatedAt: 5000,
          event: { ...submitted, id: api.stories.newId(5000), storyId, at: 5000 },
          claimEventId: null,
          version: {
            bodyState: api.Y.encodeStateAsUpdate(doc),
            label: 'Submitted',
            author: 'Li Qiang',
            now: 5000,
          },
        },
        database,
      );
      const scheduled = await api.trail.recordTransition(
        {
          storyId,
          from: 'submitted',
          workflow: { ...row, state: 'scheduled', scheduledAt: 9000 },
          updatedAt: 6000,
          event: null,
          claimEventId: null,
          version: {
            bodyState: api.Y.encodeStateAsUpdate(doc),
            label: 'Scheduled',
            author: 'Wang Fang',
            now: 6000,
          },
        },
        database,
      );
      const claimId = await api.trail.claimRelease(
        { id: storyId, scheduledAt: 9000 },
        { at: 9000, actor: 'Wang Fang', role: 'editor', note: 'Published at the scheduled time.' },
        database,
      );
      if (claimId === null) throw new Error('The release was not claimed');
      await api.trail.dropClaim(storyId, claimId, database);
      doc.destroy();
      remove();
      const kinds = (await outbox.toArray()).map((entry: { kind: string }) => entry.kind);
      database.close();
      return { kinds, committed, outcomes: [outcome.kind, scheduled.kind] };
    }, submitted);
    const every = [
      'story:create',
      'story:edit',
      'note:add',
      'version:add',
      'story:transition',
      'story:transition',
      'trail:claim',
      'trail:unclaim',
    ];
    expect(result).toEqual({ kinds: every, committed: every, outcomes: ['recorded', 'recorded'] });
  });

  it('stores nothing of a write whose hook fails, and says why', async () => {
    const result = await page().evaluate(async () => {
      const api = window.repositoryApi;
      const database = new api.OutboxDb('seam-failing-hook');
      const storyId = await api.stories.createStory({ author: 'Li Qiang', database, now: 1000 });
      const remove = api.changes.installSyncHook(database, {
        tables: ['outbox'],
        async record(changes) {
          await database.table('outbox').bulkAdd(changes.map((change) => ({ kind: change.kind })));
          throw new Error('The outbox is full');
        },
      });
      const failure = await api.trail
        .addNote(
          { storyId, author: 'Wang Fang', role: 'editor', text: 'Lost?', now: 2000 },
          database,
        )
        .then(
          () => 'stored',
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      remove();
      const stored = {
        notes: await api.trail.readNotes(storyId, database),
        outbox: await database.table('outbox').count(),
      };
      database.close();
      return { failure, stored };
    });
    expect(result).toEqual({ failure: 'The outbox is full', stored: { notes: [], outbox: 0 } });
  });

  it('writes remote changes without handing them to the hook, the same data however often applied', async () => {
    const story = buildStory({
      ...blankStoryFields({ headline: 'Wuxi reaps', keywords: ['CETC'] }),
      wordCount: 2,
    });
    const result = await page().evaluate(
      async ({ story, submitted }) => {
        const api = window.repositoryApi;
        const database = new api.OutboxDb('seam-remote');
        const recorded: string[] = [];
        const remove = api.changes.installSyncHook(database, {
          tables: ['outbox'],
          async record(changes) {
            recorded.push(...changes.map((change) => change.kind));
          },
        });
        const storyId = story.id;
        const doc = api.storyBody.docWithBody([
          { type: 'paragraph', children: [{ text: 'Wuxi reaps' }] },
        ]);
        const created = api.Y.encodeStateAsUpdateV2(doc);
        const before = api.Y.encodeStateVector(doc);
        const paragraph = api.storyBody.bodyText(doc).toDelta()[0]?.insert;
        if (!(paragraph instanceof api.Y.XmlText)) throw new Error('No paragraph');
        paragraph.insert(paragraph.length, ' gains');
        const edited = api.Y.encodeStateAsUpdateV2(doc, before);
        const version = api.versions.buildVersion({
          story,
          bodyState: api.Y.encodeStateAsUpdate(doc),
          author: 'Li Qiang',
          reason: 'transition',
          label: 'Submitted',
          now: 3000,
        });
        const changes: Changes.StoryChange[] = [
          { kind: 'story:create', story, body: created },
          {
            kind: 'story:edit',
            storyId,
            fields: { headline: 'Wuxi reaps gains' },
            wordCount: 3,
            updatedAt: 2000,
            body: edited,
          },
          {
            kind: 'story:transition',
            storyId,
            from: 'draft',
            workflow: { ...story, state: 'submitted' },
            updatedAt: 3000,
            event: { ...submitted, storyId, at: 3000 },
            version,
          },
          {
            kind: 'note:add',
            note: {
              id: '0190a000-0000-7000-8000-0000000000n1',
              storyId,
              at: 3500,
              author: 'Wang Fang',
              role: 'editor',
              text: 'Check the figures',
            },
          },
        ];
        doc.destroy();
        await api.remote.applyRemoteChanges(changes, database);
        await api.remote.applyRemoteChanges(changes, database);
        remove();
        const row = await api.stories.readStory(storyId, database);
        const loaded = await api.stories.loadBodyDoc(storyId, database);
        const body = api.storyBody.bodyOfDoc(loaded.doc);
        loaded.doc.destroy();
        const stored = {
          row:
            row === undefined
              ? null
              : {
                  headline: row.headline,
                  state: row.state,
                  updatedAt: row.updatedAt,
                  wordCount: row.wordCount,
                  searchTerms: row.searchTerms,
                },
          body,
          flags: (
            await api.bodyUpdates.bodyUpdatesTable(database).where('k').equals(storyId).toArray()
          ).map((update) => update.f ?? 'unflagged'),
          events: (await api.trail.readEvents(storyId, database)).map((event) => event.action),
          notes: (await api.trail.readNotes(storyId, database)).map((note) => note.text),
          versions: (await api.versions.readVersions(storyId, database)).map(
            (entry) => entry.label,
          ),
        };
        database.close();
        return { recorded, stored };
      },
      { story, submitted },
    );
    expect(result).toEqual({
      recorded: [],
      stored: {
        row: {
          headline: 'Wuxi reaps gains',
          state: 'submitted',
          updatedAt: 3000,
          wordCount: 3,
          searchTerms: ['wuxi', 'reaps', 'gains', 'cetc'],
        },
        // Applied twice: the second body update adds nothing the document does not have.
        body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps gains' }] }],
        flags: ['unflagged', 'unflagged', 'unflagged'],
        events: ['submit'],
        notes: ['Check the figures'],
        versions: ['Submitted'],
      },
    });
  });
});

describe('the scheduler’s reads', () => {
  it('find the scheduled stories that are due and when the next one is, from the time index', async () => {
    const stories = [
      buildStory({
        id: '0190a000-0000-7000-8000-00000000000a',
        state: 'scheduled',
        scheduledAt: 5000,
      }),
      buildStory({
        id: '0190a000-0000-7000-8000-00000000000b',
        state: 'scheduled',
        scheduledAt: 9000,
      }),
      buildStory({ id: '0190a000-0000-7000-8000-00000000000c', state: 'published' }),
      // A time left on a story that is no longer scheduled never publishes it.
      buildStory({ id: '0190a000-0000-7000-8000-00000000000d', state: 'draft', scheduledAt: 3000 }),
    ];
    const result = await page().evaluate(async (seeds) => {
      const api = window.repositoryApi;
      const database = new api.WorkstationDb('scheduler-reads');
      await api.remote.applyRemoteChanges(
        seeds.map((story) => ({ kind: 'story:create', story, body: new Uint8Array([0, 0]) })),
        database,
      );
      const due = await api.stories.readDueStories(6000, database);
      const result = {
        due: due.map((row) => row.id),
        next: await api.stories.nextScheduledTime(6000, database),
        afterLast: await api.stories.nextScheduledTime(9000, database),
      };
      database.close();
      return result;
    }, stories);
    expect(result).toEqual({
      due: ['0190a000-0000-7000-8000-00000000000a'],
      next: 9000,
      afterLast: null,
    });
  });
});

describe('removing stories from the workstation', () => {
  it('removes stories with their body, trail, notes and versions, with the sync’s write in the same transaction', async () => {
    const result = await page().evaluate(async (submitted) => {
      const api = window.repositoryApi;
      const database = new api.OutboxDb('remove-stories');
      const outbox = database.table('outbox');
      async function storyWithEverything(now: number): Promise<string> {
        const storyId = await api.stories.createStory({
          author: 'Li Qiang',
          database,
          now,
          body: [{ type: 'paragraph', children: [{ text: 'Wuxi reaps' }] }],
          wordCount: 2,
        });
        await api.trail.addNote(
          { storyId, author: 'Wang Fang', role: 'editor', text: 'Check', now: now + 1 },
          database,
        );
        await database.events.put({ ...submitted, id: api.stories.newId(now + 2), storyId });
        const { doc } = await api.saveFirstDraft(storyId, database, now + 3);
        doc.destroy();
        return storyId;
      }
      async function rowsOf(storyId: string) {
        return {
          stories: await database.stories.where('id').equals(storyId).count(),
          body: await api.bodyUpdates.bodyUpdatesTable(database).where('k').equals(storyId).count(),
          events: await database.events.where('storyId').equals(storyId).count(),
          notes: await database.notes.where('storyId').equals(storyId).count(),
          versions: await database.versions.where('storyId').equals(storyId).count(),
        };
      }
      const removed = await storyWithEverything(1000);
      const kept = await storyWithEverything(2000);
      const before = await rowsOf(removed);
      await api.remote.removeStories(
        [removed],
        { tables: ['outbox'], run: async () => void (await outbox.add({ kind: 'dropped' })) },
        database,
      );
      const failure = await api.remote
        .removeStories(
          [kept],
          {
            tables: ['outbox'],
            async run() {
              await outbox.add({ kind: 'dropped' });
              throw new Error('The outbox is full');
            },
          },
          database,
        )
        .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      const after = { removed: await rowsOf(removed), kept: await rowsOf(kept) };
      const dropped = await outbox.count();
      database.close();
      return { before, after, dropped, failure };
    }, submitted);
    const everything = { stories: 1, body: 1, events: 1, notes: 1, versions: 1 };
    expect(result).toEqual({
      before: everything,
      after: {
        removed: { stories: 0, body: 0, events: 0, notes: 0, versions: 0 },
        kept: everything,
      },
      dropped: 1,
      failure: 'The outbox is full',
    });
  });
});
