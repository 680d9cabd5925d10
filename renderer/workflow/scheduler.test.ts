import { describe, expect, it } from 'vitest';
import type { NewsroomStatus } from '../../shared/api/gateway';
import type { PublishOutcome } from './publishing';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { modulePageForTests } from '../../tests/support/modulePage';
import type * as Connection from '../newsroom/connection';
import type * as Stories from '../stories/repository/stories';
import type * as Database from '../db/db';
import type * as Scheduler from './scheduler';

/** What the test bundle puts on the page's window. */
interface SchedulerApi {
  acceptStatus: typeof Connection.acceptStatus;
  createStory: typeof Stories.createStory;
  db: typeof Database.db;
  releaseDueStories: typeof Scheduler.releaseDueStories;
}

declare global {
  interface Window {
    schedulerApi: SchedulerApi;
  }
}

/**
 * The workstation's scheduler in real Chromium over real IndexedDB (the app's own database). Main
 * is the one thing not run: its API is answered by the test, which records every channel called.
 */
const { page } = modulePageForTests({
  contents: `
      import { acceptStatus } from '../newsroom/connection';
      import { createStory } from '../stories/repository/stories';
      import { db } from '../db/db';
      import { releaseDueStories } from './scheduler';
      window.schedulerApi = { acceptStatus, createStory, db, releaseDueStories };`,
  resolveDir: new URL('.', import.meta.url).pathname,
});

/** Main's answers: the default settings, and a publish that wrote the story's page. */
async function answerMain(): Promise<string[]> {
  const called: string[] = [];
  await page().route('http://modules.test/api/**', async (route) => {
    const channel = decodeURIComponent(new URL(route.request().url()).pathname.slice(5));
    called.push(channel);
    const outcome = {
      url: 'https://www.wuxi.example/news/2026/12/02/maple-season.html',
      path: 'news/2026/12/02/maple-season.html',
      localFile: '/srv/portal/current/news/2026/12/02/maple-season.html',
      pagesWritten: ['news/2026/12/02/maple-season.html'],
      filesCopied: [],
      durationMs: 12,
      firstPublishedAt: 1000,
      lastPublishedAt: 1000,
      isCorrection: false,
    } satisfies PublishOutcome;
    const value =
      channel === 'settings:get' ? DEFAULT_SETTINGS : channel === 'portal:publish' ? outcome : null;
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify(
        value === null
          ? { ok: false, error: { code: 'not_found', message: `No ${channel} here.` } }
          : { ok: true, value },
      ),
    });
  });
  return called;
}

function status(revision: number, state: NewsroomStatus['state']): NewsroomStatus {
  const isSignedOut = state === 'signedOut';
  return {
    revision,
    state,
    serverUrl: 'http://127.0.0.1:8400',
    user: isSignedOut ? null : { login: 'wang', name: 'Wang Fang', role: 'editor' },
    login: 'wang',
    message: state === 'offline' ? 'The newsroom server cannot be reached.' : null,
    cursor: 0,
    profileUpdatedAt: 0,
    wordsCursor: 0,
    collabUrl: isSignedOut ? null : '/newsroom/collab',
    retryAt: null,
  };
}

describe('the workstation’s scheduler', () => {
  it('leaves due stories to the newsroom server while signed in, online or not, and releases them itself once signed out', async () => {
    const called = await answerMain();
    const run = (now: NewsroomStatus) =>
      page().evaluate(async (current) => {
        const api = window.schedulerApi;
        api.acceptStatus(current);
        const next = await api.releaseDueStories();
        const stories = await api.db.stories.toArray();
        const states = stories.map((story) => [story.headline, story.state]);
        return { next, states: states.sort() };
      }, now);
    const later = await page().evaluate(async () => {
      const api = window.schedulerApi;
      const laterAt = Date.now() + 3_600_000;
      for (const [headline, slug, scheduledAt] of [
        ['Maple season opens', 'maple-season', Date.now() - 60_000],
        ['Lantern festival next week', 'lantern-festival', laterAt],
      ] as const) {
        const id = await api.createStory({
          author: 'Li Wei',
          fields: { headline, slug, section: 'news' },
          body: [{ type: 'paragraph', children: [{ text: `${headline}, the city said.` }] }],
        });
        await api.db.stories.update(id, { state: 'scheduled', scheduledAt });
      }
      return laterAt;
    });

    const online = await run(status(1, 'online'));
    const offline = await run(status(2, 'offline'));
    const calledWhileSignedIn = [...called];
    const signedOut = await run(status(3, 'signedOut'));
    expect({ online, offline, calledWhileSignedIn }).toEqual({
      online: {
        next: null,
        states: [
          ['Lantern festival next week', 'scheduled'],
          ['Maple season opens', 'scheduled'],
        ],
      },
      offline: {
        next: null,
        states: [
          ['Lantern festival next week', 'scheduled'],
          ['Maple season opens', 'scheduled'],
        ],
      },
      calledWhileSignedIn: [],
    });
    expect({ signedOut, called }).toEqual({
      signedOut: {
        next: later,
        states: [
          ['Lantern festival next week', 'scheduled'],
          ['Maple season opens', 'published'],
        ],
      },
      called: ['settings:get', 'portal:publish'],
    });
  });
});
