import type { NewsroomEvents } from '../events/newsroomEvents';
import type { Store } from '../store/store';
import type { Workflow } from '../workflow/transitions';

/** The longest the scheduler sleeps: it looks again at least this often, whatever it expects. */
export const SCHEDULER_MAX_SLEEP_MS = 60_000;

/** The server's scheduler of releases. */
export interface Scheduler {
  /** Releases every story whose time has come; answers how many this process released. */
  runDue(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Releases scheduled stories at their time (issue 11, point 3). Every server process runs one:
 * each release goes through the workflow under the site lock and re-reads the story there, so
 * whichever process comes first publishes it and the others find it published already — exactly
 * once, with no claim to expire. At start it releases whatever fell due while the servers were
 * down; then it sleeps until the next scheduled time (or a minute, or until a story is scheduled).
 */
export function startScheduler(options: {
  store: Store;
  workflow: Workflow;
  events: NewsroomEvents;
  now: () => number;
  log: (line: string) => void;
}): Scheduler {
  const { db } = options.store;
  let timer: NodeJS.Timeout | null = null;
  let isStopped = false;
  let running: Promise<number> = Promise.resolve(0);
  /** Stories whose release was refused, by their time: told once, tried again every minute. */
  const reported = new Map<string, number>();

  async function releaseDue(): Promise<number> {
    const due = await db
      .selectFrom('stories')
      .select(['id', 'scheduled_at'])
      .where('state', '=', 'scheduled')
      .where('scheduled_at', '<=', options.now())
      .orderBy('scheduled_at')
      .execute();
    let released = 0;
    for (const { id, scheduled_at: at } of due) {
      if (isStopped) break;
      try {
        const result = await options.workflow.release(id);
        if (result === null) continue;
        if (result.ok) {
          released += 1;
          reported.delete(id);
          continue;
        }
        if (reported.get(id) !== at) {
          reported.set(id, at ?? 0);
          options.log(
            `The scheduled release of story ${id} was refused: ${[result.error.message, ...(result.error.reasons ?? [])].join(' ')}`,
          );
        }
      } catch (error) {
        options.log(`The scheduled release of story ${id} failed: ${describe(error)}`);
      }
    }
    return released;
  }

  async function nextTime(): Promise<number | null> {
    const row = await db
      .selectFrom('stories')
      .select((eb) => eb.fn.min('scheduled_at').as('next'))
      .where('state', '=', 'scheduled')
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? null : Number(row.next);
  }

  function sleep(ms: number): void {
    if (isStopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void runDue(), Math.max(0, Math.min(ms, SCHEDULER_MAX_SLEEP_MS)));
    timer.unref();
  }

  function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  /** Releases what is due, then sleeps until the next time; a store that fails is tried again. */
  async function cycle(): Promise<number> {
    let released = 0;
    try {
      released = await releaseDue();
      const next = await nextTime();
      sleep(next === null ? SCHEDULER_MAX_SLEEP_MS : next - options.now());
    } catch (error) {
      options.log(`The scheduler could not read the scheduled stories: ${describe(error)}`);
      sleep(SCHEDULER_MAX_SLEEP_MS / 6);
    }
    return released;
  }

  function runDue(): Promise<number> {
    running = running.then(cycle, cycle);
    return running;
  }

  const unsubscribe = options.events.on('storyChanged', (event) => {
    // A newly scheduled story may be due sooner than the timer.
    if (event.state === 'scheduled') void runDue();
  });
  void runDue();

  return {
    runDue,
    async stop() {
      isStopped = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
