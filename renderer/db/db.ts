import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { Story, StoryFields, StoryState } from '../../shared/story/story';
import type { WorkflowAction } from '../../shared/workflow/transitions';
import {
  countEveryStory,
  reconcileStoryCounts,
  STORY_COUNTS_TABLE,
  storyCountsMiddleware,
  type StoryCountRow,
} from './storyCounts';
import {
  moveSearchKeys,
  SEARCH_KEYS_TABLE,
  searchKeysMend,
  searchKeysMiddleware,
  type SearchKeysRow,
} from './searchKeys';

/** A story row: the fields, plus its body as a Y.Doc stored by y-dexie in its own update table. */
export interface StoryRow extends Story {
  readonly body: Y.Doc;
  /** Lower-cased search terms (headline, slug, keywords; Chinese segmented), a multi-entry index. */
  searchTerms: string[];
}

/** A snapshot of a story taken at a transition, on a timer, or by hand. */
export interface VersionRow {
  id: string;
  storyId: string;
  createdAt: number;
  author: string;
  /** Why it was taken: `transition`, `autosave`, `manual`, `restore`. */
  reason: 'transition' | 'autosave' | 'manual' | 'restore';
  label: string;
  /** The story's fields at that moment (the Story without id-level bookkeeping). */
  fields: Omit<Story, 'id'>;
  /** The body as Y.Doc state (Y.encodeStateAsUpdate). */
  bodyState: Uint8Array;
}

/** One workflow transition in a story's trail. */
export interface EventRow {
  id: string;
  storyId: string;
  at: number;
  actor: string;
  role: string;
  action: string;
  from: StoryState;
  to: StoryState;
  note: string;
}

/** A newsroom note on a story, visible to every role, never published. */
export interface NoteRow {
  id: string;
  storyId: string;
  at: number;
  author: string;
  role: string;
  text: string;
}

/**
 * One change waiting for the newsroom server, written in the same transaction as the local change
 * it stands for (renderer/newsroom/sync): sent in `seq` order once the server can be reached.
 */
export type OutboxEntry =
  /** A story made here: sent whole (fields, body, trail, notes) with `stories:upload`. */
  | { kind: 'create'; storyId: string }
  /** Field edits, with the value each field had on the server when it was edited here. */
  | {
      kind: 'update';
      storyId: string;
      changes: Partial<StoryFields>;
      base: Partial<StoryFields>;
    }
  | { kind: 'note'; storyId: string; noteId: string; text: string }
  | {
      kind: 'transition';
      storyId: string;
      eventId: string;
      action: WorkflowAction;
      note?: string;
      reason?: string;
      correctionNote?: string;
      scheduledAt?: number;
    };

/** An outbox row: the entry, when it was made, and by which newsroom account. */
export interface OutboxRow {
  seq?: number;
  storyId: string;
  at: number;
  /**
   * The newsroom and account the change was made under (`<server origin> <login>`): it is sent
   * only while that account is signed in, never under another one sharing this workstation. ''
   * for a row kept from before rows had an account (the next account signed in takes it).
   */
  account: string;
  /** The login of that account, for the line that says whom the change waits for. */
  login: string;
  entry: OutboxEntry;
}

/** A story as this workstation last received it from the newsroom server (the base of edits). */
export interface NewsroomCopyRow {
  id: string;
  fields: StoryFields;
  state: StoryState;
  owner: string;
  ownerName: string;
  changeSeq: number;
}

/** What became of a change sent to the server, when the person must know (shown on the story). */
export interface SyncOutcomeRow {
  id: string;
  storyId: string;
  at: number;
  message: string;
  reasons: string[];
}

/** The sync's own bookkeeping (change cursor, upload offer), one row per key. */
export interface SyncMetaRow {
  key: string;
  /** The newsroom (server and login) the value belongs to. */
  newsroom: string;
  value: number;
}

/** The workstation's story database (IndexedDB). Versions are append-only: add, never edit. */
export class WorkstationDb extends Dexie {
  stories!: EntityTable<StoryRow, 'id'>;
  versions!: EntityTable<VersionRow, 'id'>;
  events!: EntityTable<EventRow, 'id'>;
  notes!: EntityTable<NoteRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  newsroomCopies!: EntityTable<NewsroomCopyRow, 'id'>;
  syncOutcomes!: EntityTable<SyncOutcomeRow, 'id'>;
  syncMeta!: EntityTable<SyncMetaRow, 'key'>;
  storyCounts!: EntityTable<StoryCountRow, 'key'>;
  searchKeys!: EntityTable<SearchKeysRow, 'id'>;

  constructor(name = 'newsroom-workstation') {
    super(name, { addons: [yDexie] });
    this.version(1).stores({
      stories: 'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, body: Y.Doc',
      versions: 'id, storyId, [storyId+createdAt]',
      events: 'id, storyId, [storyId+at]',
      notes: 'id, storyId, [storyId+at]',
    });
    // The stories list filtered by state, newest first, reads keys from one compound index.
    this.version(2).stores({
      stories:
        'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, [state+updatedAt], body: Y.Doc',
    });
    // The newsroom sync (renderer/newsroom/sync): its outbox, the server's copies, outcomes, cursor.
    this.version(3).stores({
      outbox: '++seq, storyId',
      newsroomCopies: 'id',
      syncOutcomes: 'id, storyId',
      syncMeta: 'key',
    });
    // Outbox rows belong to the account that made them, and each account's are sent in order.
    this.version(4)
      .stores({ outbox: '++seq, storyId, [account+seq]' })
      .upgrade((transaction) =>
        transaction
          .table('outbox')
          .toCollection()
          .modify((row: Partial<OutboxRow>) => {
            row.account ??= '';
            row.login ??= '';
          }),
      );
    // Stories per state and section, kept by a middleware with every write of `stories`: the
    // stories list shows its count without IndexedDB's count(), which walks every story.
    this.version(5)
      .stores({ [STORY_COUNTS_TABLE]: 'key' })
      .upgrade(countEveryStory);
    // The stories list reads one page of a filter or search newest first, whatever it matches:
    // searches from `searchKeys` (a prefix and the time), sections from their own time order.
    // Version 7 moved the keys out of the rows, and makes them for every story as it upgrades.
    this.version(6).stores({
      stories:
        'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, [state+updatedAt], ' +
        '[section+updatedAt], [state+section+updatedAt], *searchKeys, body: Y.Doc',
    });
    // The search keys move to a table of their own, written with every story row (searchKeys.ts):
    // the rows, read whole by the list's pages and the desk, no longer carry dozens of keys each.
    this.version(7)
      .stores({
        stories:
          'id, state, section, updatedAt, urgency, scheduledAt, *searchTerms, [state+updatedAt], ' +
          '[section+updatedAt], [state+section+updatedAt], body: Y.Doc',
        [SEARCH_KEYS_TABLE]: 'id, *keys',
      })
      .upgrade(moveSearchKeys);
    this.use(storyCountsMiddleware);
    this.use(searchKeysMiddleware);
    // Every open, before any query runs (Dexie hands the ready step a database that may query).
    this.on('ready', (openDatabase) => reconcileStoryCounts(openDatabase, searchKeysMend), true);
  }
}

/** The one database instance of this renderer. */
export const db = new WorkstationDb();
