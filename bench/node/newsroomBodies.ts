import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { uuidv7 } from '../../shared/ids';
import { connectCollab, type CollabClient } from '../../tests/support/collabClient';
import { NEWSROOM_PEOPLE, startTestNewsroom } from '../../tests/support/newsroom';
import {
  createServerStory,
  openFromList,
  openWorkstation,
  signInThroughSettings,
  tokenOf,
  type NewsroomWorkstation,
} from '../../tests/support/newsroomWorkstation';
import { startBareRelay } from './collab';
import type { FigureSpec } from './figureSpec';

/** A keystroke is measured once the previous one was painted, with this pause between. */
const PAUSE_MS = 60;
const WAIT_MS = 10_000;

declare global {
  interface Window {
    /** The receiving page: epoch ms of each frame after the body's text changed, with its length. */
    benchPainted?: Array<{ at: number; length: number }>;
    /** The typing page: epoch ms of each keydown in the body. */
    benchKeys?: number[];
  }
}

function bodyOf(page: Page) {
  return page.getByRole('textbox', { name: 'Story body' });
}

async function watchPaints(page: Page): Promise<void> {
  await bodyOf(page).evaluate((body) => {
    // Epoch ms with sub-millisecond precision, comparable between the pages of one machine.
    const now = () => performance.timeOrigin + performance.now();
    window.benchPainted = [];
    new MutationObserver(() => {
      const length = body.textContent?.length ?? 0;
      // The change is on screen in the frame after this callback's: note that frame's start.
      requestAnimationFrame(() => window.benchPainted?.push({ at: now(), length }));
    }).observe(body, { subtree: true, childList: true, characterData: true });
  });
}

async function watchKeys(page: Page): Promise<void> {
  await bodyOf(page).evaluate((body) => {
    const now = () => performance.timeOrigin + performance.now();
    window.benchKeys = [];
    // Characters only: the keys that move the caret before the run are not keystrokes measured.
    body.addEventListener(
      'keydown',
      (event) => {
        if (event instanceof KeyboardEvent && event.key.length === 1) window.benchKeys?.push(now());
      },
      { capture: true },
    );
  });
}

/**
 * Types `count` characters on one workstation, one at a time, each once the previous one is
 * painted on the other: the delay from each keydown to the first frame showing it over there.
 */
async function keystrokeToPaint(
  typing: NewsroomWorkstation,
  watching: NewsroomWorkstation,
  count: number,
): Promise<number[]> {
  await watchKeys(typing.page);
  await watchPaints(watching.page);
  await bodyOf(typing.page).click();
  await typing.page.keyboard.press('Control+End');
  const startLength = await bodyOf(watching.page).evaluate((body) => body.textContent?.length ?? 0);
  const delays: number[] = [];
  for (let index = 0; index < count; index += 1) {
    await typing.page.keyboard.type('x');
    const target = startLength + index + 1;
    const painted = await watching.page.waitForFunction(
      (length) => window.benchPainted?.find((paint) => paint.length >= length)?.at ?? null,
      target,
      { timeout: WAIT_MS, polling: 'raf' },
    );
    const paintedAt = Number(await painted.jsonValue());
    const keyAt = await typing.page.evaluate((key) => window.benchKeys?.[key] ?? Number.NaN, index);
    delays.push(paintedAt - keyAt);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return delays;
}

/** The same one-character update between two Node clients: send → applied on the other. */
async function nodeRelay(writer: CollabClient, reader: CollabClient, count: number) {
  await writer.waitFor(() => writer.provider.isSynced, 'the writer synced', 30_000);
  await reader.waitFor(() => reader.provider.isSynced, 'the reader synced', 30_000);
  if (writer.text() === '') writer.addParagraph('Relay ');
  await reader.waitFor(() => reader.text() === writer.text(), 'the paragraph');
  const delays: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const expected = Y.getState(writer.doc.store, writer.doc.clientID) + 1;
    const started = performance.now();
    writer.type('x');
    await reader.waitFor(
      () => Y.getState(reader.doc.store, writer.doc.clientID) >= expected,
      'the keystroke',
    );
    delays.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return delays;
}

/**
 * Issue 10's workstation figure: a keystroke typed in the story view of one browser-mode
 * workstation, painted in the story view of another (two Chromium profiles, each with its own
 * `npm run web` relaying to one newsroom server process, all on loopback), beside the same
 * one-character update between two Node clients through a bare Hocuspocus relay, and through the
 * newsroom server's own `/collab` (no browser, no workstation relay).
 */
export async function runNewsroomBodiesBenchmark(options: {
  root: string;
  isQuick: boolean;
}): Promise<FigureSpec[]> {
  const count = options.isQuick ? 20 : 120;
  const reporter = NEWSROOM_PEOPLE.reporter;
  const newsroom = await startTestNewsroom({ people: [reporter] });
  const workstations: NewsroomWorkstation[] = [];
  try {
    const token = await tokenOf(newsroom.url, reporter);
    await createServerStory(newsroom.url, token, {
      id: uuidv7(Date.now(), randomBytes(10)),
      headline: 'Bench story',
    });
    for (let index = 0; index < 2; index += 1) {
      const workstation = await openWorkstation();
      workstations.push(workstation);
      await signInThroughSettings(workstation.page, newsroom.url, reporter);
      await openFromList(workstation.page, 'Bench story');
    }
    const [laptop, desk] = workstations;
    if (laptop === undefined || desk === undefined) throw new Error('Two workstations expected.');
    await bodyOf(laptop.page).click();
    await laptop.page.keyboard.type('The first paragraph, typed on the laptop. ');
    await desk.page.waitForFunction(
      () => document.body.textContent?.includes('typed on the laptop') === true,
      null,
      { timeout: 20_000 },
    );
    const painted = await keystrokeToPaint(laptop, desk, count);

    const relayStory = uuidv7(Date.now(), randomBytes(10));
    await createServerStory(newsroom.url, token, { id: relayStory, headline: 'Relay story' });
    const direct = [
      connectCollab({ url: newsroom.url, storyId: relayStory, token }),
      connectCollab({ url: newsroom.url, storyId: relayStory, token }),
    ] as const;
    const throughServer = await nodeRelay(direct[0], direct[1], count).finally(() => {
      for (const client of direct) client.close();
    });

    const bare = await startBareRelay(options.root);
    const bareClients = [
      connectCollab({ url: bare.url, storyId: relayStory, token: 'bare' }),
      connectCollab({ url: bare.url, storyId: relayStory, token: 'bare' }),
    ] as const;
    const throughBare = await nodeRelay(bareClients[0], bareClients[1], count).finally(async () => {
      for (const client of bareClients) client.close();
      await bare.stop();
    });
    return [
      {
        id: 'newsroom-keystroke-painted',
        figure: 'keystroke on one workstation → painted on another (two browsers, one server)',
        statistic: 'p95',
        samples: painted,
        baselines: [
          { name: 'bare Hocuspocus relay, same update (Node clients)', samples: throughBare },
          { name: "newsroom server's /collab, Node clients", samples: throughServer },
        ],
        target: 'p95 ≤ 150 ms',
        meets: (value) => value <= 150,
        note: `${count} keystrokes one at a time (each after the previous was painted), keydown in one page → first animation frame after the change in the other; path: page → its npm run web relay → server /collab → the other relay → page; two Chromiums, two web servers and the server share this machine's cores`,
      },
    ];
  } finally {
    await Promise.all(workstations.map((workstation) => workstation.close()));
    await newsroom.close();
  }
}
