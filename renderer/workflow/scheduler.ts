import { liveQuery } from 'dexie';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import type { PortalProfile } from '../../shared/portal/profile';
import { fail, ok, type Result } from '../../shared/result';
import type { Story } from '../../shared/story/story';
import { decide } from '../../shared/workflow/decide';
import { call } from '../api/client';
import { db } from '../db/db';
import { newId } from '../stories/storyRepository';
import { publishStory } from './publishing';
import { loadStoryWithBody, storyOfRow } from './storyBody';
import { actorName, commitTransition, publicationFields, type Actor } from './transition';

const LOCK_NAME = 'newsroom-workstation-scheduler';
/** Wake at least this often, so a clock change or a sleeping laptop never leaves a story waiting. */
const LONGEST_SLEEP_MS = 30_000;

type ProblemListener = () => void;
const problems = new Map<string, string[]>();
const problemListeners = new Set<ProblemListener>();

function setProblem(storyId: string, reasons: string[] | null): void {
  if (reasons === null) {
    if (!problems.delete(storyId)) return;
  } else problems.set(storyId, reasons);
  for (const listener of problemListeners) listener();
}

/** Why the scheduler could not publish a story at its time (null if it could), for the story view. */
export function releaseProblem(storyId: string): string[] | null {
  return problems.get(storyId) ?? null;
}

/** Calls back whenever a scheduled publication fails or recovers; returns the unsubscribe. */
export function subscribeReleaseProblems(listener: ProblemListener): () => void {
  problemListeners.add(listener);
  return () => problemListeners.delete(listener);
}

/**
 * Who scheduled the story, from the trail's last `schedule` event: the publication goes out on
 * that editor's authority, whichever workstation carries it out.
 */
async function schedulingActor(storyId: string): Promise<Actor> {
  const events = await db.events
    .where('[storyId+at]')
    .between([storyId, -Infinity], [storyId, Infinity])
    .toArray();
  const scheduled = events.filter((event) => event.action === 'schedule').at(-1);
  return { name: scheduled?.actor ?? '', role: 'editor' };
}

/**
 * Claims a due story for publication in one transaction: a `release` event in its trail, unless
 * an earlier run already wrote one and stopped before finishing (then that claim is taken over;
 * only the holder of the scheduler lock ever gets here). Null if the story is no longer due.
 */
async function claim(story: Story, actor: Actor, now: number): Promise<string | null> {
  return db.transaction('rw', db.stories, db.events, async () => {
    const current = await db.stories.get(story.id);
    if (
      current === undefined ||
      current.state !== 'scheduled' ||
      current.scheduledAt !== story.scheduledAt
    )
      return null;
    const events = await db.events
      .where('[storyId+at]')
      .between([story.id, -Infinity], [story.id, Infinity])
      .toArray();
    const lastSchedule = events.findLastIndex((event) => event.action === 'schedule');
    const earlierClaim = events.slice(lastSchedule + 1).find((event) => event.action === 'release');
    if (earlierClaim !== undefined) return earlierClaim.id;
    const id = newId(now);
    await db.events.add({
      id,
      storyId: story.id,
      at: now,
      actor: actorName(actor),
      role: actor.role,
      action: 'release',
      from: 'scheduled',
      to: 'published',
      note: 'Published at the scheduled time.',
    });
    return id;
  });
}

/** Publishes one due story exactly once: decide, claim, publish, record. */
export async function releaseStory(
  storyId: string,
  profile: PortalProfile,
  now: number,
): Promise<Result<Story | null>> {
  const row = await db.stories.get(storyId);
  if (row === undefined || row.state !== 'scheduled') return ok(null);
  const loaded = await loadStoryWithBody(row);
  if (!loaded.ok) return loaded;
  const { story, bodyState } = loaded.value;
  const actor = await schedulingActor(storyId);
  const decision = decide(story, 'release', actor.role, {}, { now, profile });
  if (!decision.allowed)
    return fail('refused', 'The scheduled publication was refused.', decision.reasons);
  const claimId = await claim(story, actor, now);
  if (claimId === null) return ok(null);
  const published = await publishStory(story, 'release', {});
  if (!published.ok) {
    // The page did not go out: drop the claim so the trail does not say it did, and retry later.
    await db.events.delete(claimId);
    return published;
  }
  const after: Story = {
    ...storyOfRow(row),
    ...decision.next,
    ...publicationFields(published.value),
    updatedAt: now,
  };
  return commitTransition(
    { action: 'release', actor },
    story,
    after,
    decision.note,
    bodyState,
    now,
    claimId,
  );
}

async function currentProfile(): Promise<PortalProfile> {
  const settings = await call('settings:get', undefined);
  return settings.ok ? settings.value.portalProfile : DEFAULT_SETTINGS.portalProfile;
}

/** Publishes every scheduled story whose time has come; returns when the next one is due. */
async function releaseDue(): Promise<number | null> {
  const now = Date.now();
  const scheduled = await db.stories.where('state').equals('scheduled').toArray();
  const due = scheduled.filter((story) => story.scheduledAt !== null && story.scheduledAt <= now);
  if (due.length > 0) {
    const profile = await currentProfile();
    for (const story of due) {
      const result = await releaseStory(story.id, profile, now);
      setProblem(
        story.id,
        result.ok ? null : [result.error.message, ...(result.error.details ?? [])],
      );
    }
  }
  const upcoming = scheduled
    .map((story) => story.scheduledAt)
    .filter((at): at is number => at !== null && at > now);
  return upcoming.length === 0 ? null : Math.min(...upcoming);
}

/** Runs the scheduling loop until `signal` aborts: at start, at each due time, on every change. */
async function runLoop(signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isRunning = false;
  let isPending = false;

  async function tick(): Promise<void> {
    if (signal.aborted) return;
    if (isRunning) {
      isPending = true;
      return;
    }
    isRunning = true;
    clearTimeout(timer);
    let next: number | null = null;
    try {
      next = await releaseDue();
    } catch (error) {
      console.error('The scheduler could not publish due stories', error);
    } finally {
      isRunning = false;
    }
    if (signal.aborted) return;
    if (isPending) {
      isPending = false;
      void tick();
      return;
    }
    const delay =
      next === null ? LONGEST_SLEEP_MS : Math.min(Math.max(next - Date.now(), 0), LONGEST_SLEEP_MS);
    timer = setTimeout(() => void tick(), delay);
  }

  const subscription = liveQuery(() =>
    db.stories.where('state').equals('scheduled').primaryKeys(),
  ).subscribe({ next: () => void tick(), error: (error: unknown) => console.error(error) });

  await new Promise<void>((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  subscription.unsubscribe();
  clearTimeout(timer);
}

let stopCurrent: (() => void) | null = null;

/**
 * Starts the scheduler once per app: scheduled stories publish at their time while the
 * workstation runs, or at the next start after it. A Web Lock makes one window or tab the only
 * runner; the others wait and take over if it closes. Returns a function that stops it.
 */
export function startScheduler(): () => void {
  if (stopCurrent !== null) return stopCurrent;
  const controller = new AbortController();
  const stop = () => {
    controller.abort();
    stopCurrent = null;
  };
  stopCurrent = stop;
  if ('locks' in navigator) {
    navigator.locks
      .request(LOCK_NAME, { signal: controller.signal }, () => runLoop(controller.signal))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.error('The scheduler stopped', error);
      });
  } else {
    void runLoop(controller.signal);
  }
  return stop;
}
