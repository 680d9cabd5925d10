import { Dexie, type EntityTable } from 'dexie';
import {
  deleteCollabRows,
  readCollabRows,
  writeCollabRows,
  type CollabRows,
} from '../../collab/collabState';
import { db, type NewsroomCopyRow, type OutboxRow, type SyncOutcomeRow } from '../../db/db';
import {
  readStoryParcels,
  removeStories,
  writeStoryParcels,
  type StoryParcel,
} from '../../stories/repository/remote';

/**
 * One story of a newsroom server this workstation is not signed in to now, set aside whole: the
 * story, what waited to be sent about it (under that server's accounts), the server's copy, the
 * outcomes shown on it, and what was known of its body on the server.
 */
export interface AsideRow {
  storyId: string;
  /** The server's origin (`https://newsroom.example`). */
  server: string;
  parcel: StoryParcel;
  outbox: OutboxRow[];
  copy: NewsroomCopyRow | null;
  outcomes: SyncOutcomeRow[];
  collab: CollabRows;
}

/** What the scope keeps about itself: the server the stories in the lists belong to. */
interface ScopeMetaRow {
  key: string;
  value: string;
}

/**
 * The stories of other newsroom servers, kept apart from the story database (a database of its
 * own: its schema never races the story tables' versions, and nothing in it is ever listed).
 */
export class AsideDb extends Dexie {
  stories!: EntityTable<AsideRow, 'storyId'>;
  meta!: EntityTable<ScopeMetaRow, 'key'>;

  constructor(name = 'newsroom-aside') {
    super(name);
    this.version(1).stores({ stories: 'storyId, server', meta: 'key' });
  }
}

/** The one database of stories set aside in this renderer. */
export const asideDb = new AsideDb();

const SERVER_KEY = 'server';
/** Stories moved per transaction (a newsroom's list is hundreds). */
const BATCH = 50;
const SYNC_TABLES = ['outbox', 'newsroomCopies', 'syncOutcomes'] as const;

/** The server of an outbox account key (`<server origin> <login>`); '' for a row of no account. */
export function serverOfAccount(account: string): string {
  const space = account.indexOf(' ');
  return space < 0 ? '' : account.slice(0, space);
}

/**
 * Which stories here belong to a server other than `target`, and to which: every story the
 * newsroom copy knows is the scope's server's (`owner`); a story with changes waiting for an
 * account of another server is that server's.
 */
async function storiesOfOtherServers(owner: string, target: string): Promise<Map<string, string>> {
  const [copies, waiting] = await Promise.all([
    db.newsroomCopies.toCollection().primaryKeys(),
    db.outbox.toArray(),
  ]);
  const servers = new Map<string, string>();
  for (const storyId of copies) servers.set(storyId, owner);
  for (const row of waiting) {
    const server = row.account === '' ? owner : serverOfAccount(row.account);
    if (!servers.has(row.storyId)) servers.set(row.storyId, server);
  }
  for (const [storyId, server] of servers) if (server === target) servers.delete(storyId);
  return servers;
}

/** Sets stories aside, batch by batch: first written there whole, then removed here. */
async function setAside(servers: Map<string, string>, aside: AsideDb): Promise<void> {
  const ids = [...servers.keys()];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const [parcels, outbox, copies, outcomes, collab, earlier] = await Promise.all([
      readStoryParcels(batch),
      db.outbox.where('storyId').anyOf(batch).sortBy('seq'),
      db.newsroomCopies.bulkGet(batch),
      db.syncOutcomes.where('storyId').anyOf(batch).toArray(),
      readCollabRows(batch),
      aside.stories.bulkGet(batch),
    ]);
    const rows = parcels.map((parcel): AsideRow => {
      const storyId = parcel.story.id;
      const before = earlier[batch.indexOf(storyId)];
      const stored = collab.stored.filter((row) => row.storyId === storyId);
      const pending = collab.pending.filter((row) => row.storyId === storyId);
      return {
        storyId,
        server: servers.get(storyId) ?? '',
        parcel,
        outbox: outbox.filter((row) => row.storyId === storyId),
        copy: copies[batch.indexOf(storyId)] ?? null,
        outcomes: outcomes.filter((row) => row.storyId === storyId),
        // Set aside before and interrupted after its body state was forgotten here: keep that.
        collab: {
          stored: stored.length > 0 || before === undefined ? stored : before.collab.stored,
          pending: pending.length > 0 || before === undefined ? pending : before.collab.pending,
        },
      };
    });
    await aside.stories.bulkPut(rows);
    await removeStories(batch, {
      tables: SYNC_TABLES,
      async run() {
        await db.outbox.where('storyId').anyOf(batch).delete();
        await db.newsroomCopies.bulkDelete(batch);
        await db.syncOutcomes.where('storyId').anyOf(batch).delete();
      },
    });
  }
}

/** Brings back every story set aside for `server`, batch by batch: written here, then dropped there. */
async function bringBack(server: string, aside: AsideDb): Promise<void> {
  for (;;) {
    const rows = await aside.stories.where('server').equals(server).limit(BATCH).toArray();
    if (rows.length === 0) return;
    await writeStoryParcels(
      rows.map((row) => row.parcel),
      {
        tables: SYNC_TABLES,
        async run() {
          await db.outbox.bulkPut(rows.flatMap((row) => row.outbox));
          await db.newsroomCopies.bulkPut(
            rows.flatMap((row) => (row.copy === null ? [] : [row.copy])),
          );
          await db.syncOutcomes.bulkPut(rows.flatMap((row) => row.outcomes));
        },
      },
    );
    await writeCollabRows({
      stored: rows.flatMap((row) => row.collab.stored),
      pending: rows.flatMap((row) => row.collab.pending),
    });
    await aside.stories.bulkDelete(rows.map((row) => row.storyId));
  }
}

/**
 * Scopes this workstation's stories to the newsroom server it signs in to. The stories of the
 * server it was signed in to before (and everything waiting to be sent about them) leave the
 * lists and are set aside, intact, until it signs in to that server again; that server's stories
 * set aside earlier come back, with their unsent work, which then goes under its own accounts.
 * Stories of no newsroom (written before any sign-in) stay. Each step can be repeated: after an
 * interruption, the next sign-in finishes it.
 */
export async function scopeToServer(server: string, aside: AsideDb = asideDb): Promise<void> {
  const owner = (await aside.meta.get(SERVER_KEY))?.value;
  if (owner !== undefined && owner !== server) {
    await setAside(await storiesOfOtherServers(owner, server), aside);
    // Interrupted after its lists were emptied here: forget what is known of those bodies now.
    await deleteCollabRows(await aside.stories.where('server').notEqual(server).primaryKeys());
  }
  // Recorded before any story comes back: an interruption from here on brings back again, never
  // sets the returning stories aside as the other server's.
  await aside.meta.put({ key: SERVER_KEY, value: server });
  await bringBack(server, aside);
}
