import { ROLES, type Role } from '../../shared/settings/settings';
import { STORY_STATES, type StoryState } from '../../shared/story/story';
import { readCounters } from '../store/counters';
import type { Store } from '../store/store';
import type { NewsroomEvents } from './newsroomEvents';

/** How often the store is asked for changes when nothing rings sooner. */
export const WATCH_INTERVAL_MS = 1000;
const BATCH = 1000;

/** Raises the store's changes as events; `poke` makes it look now. */
export interface ChangeWatcher {
  /** Looks for changes now (after a commit here, or when another process rings). */
  poke(): void;
  /** Resolves once every change committed before the call has been raised. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

function asState(value: string): StoryState {
  const state = STORY_STATES.find((candidate) => candidate === value);
  if (state === undefined) throw new Error(`The store holds an unknown state "${value}".`);
  return state;
}

function asRole(value: string): Role {
  const role = ROLES.find((candidate) => candidate === value);
  if (role === undefined) throw new Error(`The store holds an unknown role "${value}".`);
  return role;
}

/**
 * Watches the store's change sequences and raises each change as an event, once, in this process.
 * Polling the store (cheap: one row per counter) is what makes changes made by any process, the
 * command line included, reach this one within a second; a Redis doorbell (see redisDoorbell.ts)
 * or a local commit only makes it look sooner. It starts at the sequences' current values: what
 * happened before the server started is not news.
 */
export async function startChangeWatcher(options: {
  store: Store;
  events: NewsroomEvents;
  intervalMs?: number;
  onError: (error: unknown) => void;
}): Promise<ChangeWatcher> {
  const { store, events } = options;
  const { db } = store;
  const cursors = await readCounters(db);
  let running: Promise<void> | null = null;
  let again = false;
  let isStopped = false;

  async function raiseStories(): Promise<void> {
    for (;;) {
      const rows = await db
        .selectFrom('stories')
        .innerJoin('users', 'users.id', 'stories.owner_id')
        .select(['stories.id', 'stories.state', 'stories.change_seq', 'users.login'])
        .where('stories.change_seq', '>', cursors.stories)
        .orderBy('stories.change_seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        cursors.stories = row.change_seq;
        events.emit('storyChanged', {
          id: row.id,
          seq: row.change_seq,
          state: asState(row.state),
          owner: row.login,
        });
      }
      if (rows.length < BATCH) return;
    }
  }

  async function raiseAccounts(upTo: number): Promise<void> {
    const rows = await db
      .selectFrom('users')
      .select(['login', 'role', 'disabled_at', 'security_seq'])
      .where('security_seq', '>', cursors.accounts)
      .where('security_seq', '<=', upTo)
      .orderBy('security_seq')
      .execute();
    cursors.accounts = upTo;
    for (const row of rows)
      events.emit('accountChanged', {
        login: row.login,
        role: asRole(row.role),
        isDisabled: row.disabled_at !== null,
      });
  }

  async function raiseProfile(upTo: number): Promise<void> {
    cursors.settings = upTo;
    const row = await db
      .selectFrom('settings')
      .select('updated_at')
      .where('key', '=', 'portalProfile')
      .executeTakeFirst();
    events.emit('profileChanged', { updatedAt: row?.updated_at ?? 0 });
  }

  async function look(): Promise<void> {
    const counters = await readCounters(db);
    if (counters.stories > cursors.stories) await raiseStories();
    if (counters.accounts > cursors.accounts) await raiseAccounts(counters.accounts);
    if (counters.settings > cursors.settings) await raiseProfile(counters.settings);
    if (counters.photos > cursors.photos) {
      cursors.photos = counters.photos;
      events.emit('photosChanged', { cursor: counters.photos });
    }
    if (counters.words > cursors.words) {
      cursors.words = counters.words;
      events.emit('wordsChanged', { cursor: counters.words });
    }
  }

  function run(): Promise<void> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await look();
        } catch (error) {
          if (!isStopped) options.onError(error);
        }
      } while (again && !isStopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void run(), options.intervalMs ?? WATCH_INTERVAL_MS);
  timer.unref();

  return {
    poke: () => void run(),
    async settle() {
      // A look already under way may have read the counters before the caller's commit.
      if (running !== null) {
        again = true;
        await running;
      }
      await run();
    },
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
