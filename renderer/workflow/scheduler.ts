import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import type { PortalProfile } from '../../shared/portal/profile';
import { fail, ok, type Result } from '../../shared/result';
import type { Story } from '../../shared/story/story';
import { decide } from '../../shared/workflow/decide';
import { call } from '../api/client';
import { currentConnection, whenStatusKnown } from '../newsroom/connection';
import { isSignedIn } from '../newsroom/headerWord';
import {
  nextScheduledTime,
  readDueStories,
  readStoryWithBody,
  watchScheduledStories,
} from '../stories/repository/stories';
import { claimRelease, dropClaim, schedulingActorName } from '../stories/repository/trail';
import { publishStory } from './publishing';
import { actorName, commitTransition, publicationFields, type Actor } from './transition';

const LOCK_NAME = 'newsroom-workstation-scheduler';
/** Wake at least this often, so a clock change or a sleeping laptop never leaves a story waiting. */
const LONGEST_SLEEP_MS = 30_000;
/** How long a tick waits, at most, to learn from main whether the workstation is signed in. */
const STATUS_WAIT_MS = 5_000;

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

/** Publishes one due story exactly once: decide, claim, publish, record. */
export async function releaseStory(
  storyId: string,
  profile: PortalProfile,
  now: number,
): Promise<Result<Story | null>> {
  const loaded = await readStoryWithBody(storyId);
  if (loaded === undefined || loaded.story.state !== 'scheduled') return ok(null);
  const { story, bodyState } = loaded;
  // The publication goes out on the authority of the editor who scheduled it, whichever
  // workstation carries it out.
  const actor: Actor = { name: await schedulingActorName(storyId), role: 'editor' };
  const decision = decide(story, 'release', actor.role, {}, { now, profile });
  if (!decision.allowed)
    return fail('refused', 'The scheduled publication was refused.', decision.reasons);
  const claimId = await claimRelease(story, {
    at: now,
    actor: actorName(actor),
    role: actor.role,
    note: 'Published at the scheduled time.',
  });
  if (claimId === null) return ok(null);
  const published = await publishStory(story, 'release', {});
  if (!published.ok) {
    // The page did not go out: drop the claim so the trail does not say it did, and retry later.
    await dropClaim(storyId, claimId);
    return published;
  }
  const after: Story = {
    ...story,
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

/**
 * Publishes every scheduled story whose time has come; returns when the next one is due (null: none,
 * or the newsroom server releases them). The scheduling loop calls it at each tick.
 */
export async function releaseDueStories(): Promise<number | null> {
  // Signed in, the newsroom server's scheduler releases scheduled stories, exactly once across its
  // processes; a workstation that did too would write a second site of its own. Looked at again at
  // every tick, so a workstation that signs out takes its stories back.
  await whenStatusKnown(STATUS_WAIT_MS);
  if (isSignedIn(currentConnection().status)) return null;
  const now = Date.now();
  const due = await readDueStories(now);
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
  return nextScheduledTime(now);
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
      next = await releaseDueStories();
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

  const stopWatching = watchScheduledStories(() => void tick());

  await new Promise<void>((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  stopWatching();
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
