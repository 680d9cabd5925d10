import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { Story, StoryState } from '../../shared/story/story';

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

/** The workstation's story database (IndexedDB). Versions are append-only: add, never edit. */
export class WorkstationDb extends Dexie {
  stories!: EntityTable<StoryRow, 'id'>;
  versions!: EntityTable<VersionRow, 'id'>;
  events!: EntityTable<EventRow, 'id'>;
  notes!: EntityTable<NoteRow, 'id'>;

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
  }
}

/** The one database instance of this renderer. */
export const db = new WorkstationDb();
