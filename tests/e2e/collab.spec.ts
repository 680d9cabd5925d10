import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { z } from 'zod';
import { newsroomChannels } from '../../shared/api/newsroom';
import { uuidv7 } from '../../shared/ids';
import { textOfDoc } from '../support/collabClient';
import { expect, test } from '../support/fixtures';
import { NEWSROOM_PEOPLE, startTestNewsroom, type TestNewsroom } from '../support/newsroom';
import {
  bodyParagraphs,
  callNewsroom,
  createServerStory,
  newsroomStatus,
  openFromList,
  openSignedIn,
  savedState,
  storyBody,
  storyOnServer,
  tokenOf,
  transitionOnServer,
  type NewsroomWorkstation,
} from '../support/newsroomWorkstation';

/** Story bodies over the newsroom's `/collab`, between browser-mode workstations. */

const reporter = NEWSROOM_PEOPLE.reporter;
/** The field changes made offline on the two workstations of the first test. */
const SUMMARY = 'The towpath along the Grand Canal is open again after a year of repairs.';
const HEADLINE = 'Grand Canal towpath reopens after repairs';

/** Types a new paragraph at the end of the body. */
async function addParagraph(page: Page, text: string): Promise<void> {
  await storyBody(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** Types into the body's first (empty) paragraph. */
async function typeFirstParagraph(page: Page, text: string): Promise<void> {
  await storyBody(page).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(text);
}

async function paragraphsOf(page: Page): Promise<string[]> {
  return bodyParagraphs(page).allInnerTexts();
}

test.describe('story bodies in the newsroom', () => {
  /** The server's copy of a body, one line per paragraph. */
  async function serverText(id: string, token: string): Promise<string> {
    const answer = await callNewsroom(newsroom.url, 'story:body', { id }, token);
    const { state } = z
      .object({ value: newsroomChannels['story:body'].output })
      .parse(answer.body).value;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(state, 'base64'));
    return textOfDoc(doc);
  }

  let newsroom: TestNewsroom;
  const workstations: NewsroomWorkstation[] = [];

  test.beforeEach(async ({ target }) => {
    test.skip(target === 'electron', 'Two workstations in two browser profiles: browser mode.');
    newsroom = await startTestNewsroom({ people: [reporter] });
  });

  test.afterEach(async () => {
    await Promise.all(workstations.splice(0).map((workstation) => workstation.close()));
    await newsroom?.close();
  });

  /** A draft of the reporter's on the server, open on `count` workstations signed in as them. */
  async function reporterOn(count: number, headline: string) {
    const id = uuidv7(Date.now(), randomBytes(10));
    const token = await tokenOf(newsroom.url, reporter);
    await createServerStory(newsroom.url, token, { id, headline });
    const opened = await Promise.all(
      Array.from({ length: count }, async () => {
        const workstation = await openSignedIn(newsroom.url, reporter);
        workstations.push(workstation);
        return workstation;
      }),
    );
    for (const workstation of opened) await openFromList(workstation.page, headline);
    return { id, token, workstations: opened };
  }

  /**
   * The reporter's story open on one workstation with a first paragraph `Synced`; then no network
   * and no server, and a paragraph added offline (`Saved`).
   */
  async function syncedThenOffline(headline: string, first: string, offline: string) {
    const {
      id,
      token,
      workstations: [laptop],
    } = await reporterOn(1, headline);
    if (laptop === undefined) throw new Error('one workstation');
    await typeFirstParagraph(laptop.page, first);
    await expect(savedState(laptop.page)).toHaveText('Synced', { timeout: 20_000 });
    await newsroom.stop();
    await laptop.setOffline(true);
    await addParagraph(laptop.page, offline);
    await expect(savedState(laptop.page)).toHaveText('Saved');
    return { id, token, laptop };
  }

  test('the same reporter offline on two workstations: both paragraphs and both field changes on both after reconnecting', async () => {
    test.setTimeout(120_000);
    const {
      id,
      token,
      workstations: [laptop, desk],
    } = await reporterOn(2, 'Grand Canal towpath reopens');
    if (laptop === undefined || desk === undefined) throw new Error('two workstations');

    await typeFirstParagraph(laptop.page, 'The towpath reopened on Monday.');
    await expect(savedState(laptop.page)).toHaveText('Synced', { timeout: 20_000 });
    await expect(bodyParagraphs(desk.page)).toHaveText(['The towpath reopened on Monday.'], {
      timeout: 20_000,
    });

    // No network in either browser, and the server out of reach of their relays.
    await newsroom.stop();
    await Promise.all([laptop.setOffline(true), desk.setOffline(true)]);
    await addParagraph(laptop.page, 'Written on the laptop, offline.');
    await laptop.page.getByLabel('Summary').fill(SUMMARY);
    await addParagraph(desk.page, 'Written at the desk, offline.');
    await desk.page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    for (const workstation of [laptop, desk]) {
      await expect(savedState(workstation.page)).toHaveText('Saved');
    }

    await newsroom.restart();
    await Promise.all([laptop.setOffline(false), desk.setOffline(false)]);
    // Each workstation reconnects with its own backoff; field changes travel once both are back.
    for (const workstation of [laptop, desk])
      await expect(newsroomStatus(workstation.page)).toHaveText('Online', { timeout: 45_000 });
    for (const workstation of [laptop, desk]) {
      await expect
        .poll(() => paragraphsOf(workstation.page), { timeout: 30_000 })
        .toEqual(
          expect.arrayContaining([
            'The towpath reopened on Monday.',
            'Written on the laptop, offline.',
            'Written at the desk, offline.',
          ]),
        );
      await expect(savedState(workstation.page)).toHaveText('Synced', { timeout: 20_000 });
      await expect(workstation.page.getByLabel('Summary')).toHaveValue(SUMMARY, {
        timeout: 20_000,
      });
      await expect(workstation.page.getByLabel('Headline', { exact: true })).toHaveValue(HEADLINE, {
        timeout: 20_000,
      });
    }
    expect(await paragraphsOf(laptop.page)).toEqual(await paragraphsOf(desk.page));
    expect(await paragraphsOf(laptop.page)).toHaveLength(3);
    expect({
      fields: await storyOnServer(newsroom.url, token, id),
      body: (await serverText(id, token)).split('\n').sort(),
    }).toEqual({
      fields: { state: 'draft', headline: HEADLINE, summary: SUMMARY },
      body: [
        'The towpath reopened on Monday.',
        'Written at the desk, offline.',
        'Written on the laptop, offline.',
      ],
    });

    // Both survive a reload: what arrived was stored on each workstation too.
    await desk.page.reload();
    await expect(bodyParagraphs(desk.page)).toHaveText(await paragraphsOf(laptop.page));
    await expect(savedState(desk.page)).toHaveText('Synced');
    await expect(desk.page.getByLabel('Summary')).toHaveValue(SUMMARY);
  });

  test('a kill -9 of the server just after Synced loses nothing: a new workstation opens the edit', async () => {
    test.setTimeout(120_000);
    const {
      workstations: [laptop],
    } = await reporterOn(1, 'Taihu Lake cleanup');
    if (laptop === undefined) throw new Error('one workstation');

    await typeFirstParagraph(laptop.page, 'Volunteers cleared the shore.');
    await addParagraph(laptop.page, 'Stored before the power cut.');
    await expect(savedState(laptop.page)).toHaveText('Synced', { timeout: 20_000 });
    await newsroom.kill();
    await newsroom.restart();

    const third = await openSignedIn(newsroom.url, reporter);
    workstations.push(third);
    await openFromList(third.page, 'Taihu Lake cleanup');
    await expect(bodyParagraphs(third.page)).toHaveText(
      ['Volunteers cleared the shore.', 'Stored before the power cut.'],
      { timeout: 20_000 },
    );
    await expect(savedState(third.page)).toHaveText('Synced', { timeout: 20_000 });
  });

  test('a story edited offline and closed before Synced reaches the server in the background', async () => {
    test.setTimeout(120_000);
    const { id, token, laptop } = await syncedThenOffline(
      'Night market opens',
      'Stalls open at six.',
      'Written offline, then the story was closed.',
    );
    await laptop.page.getByRole('link', { name: 'Stories' }).click();
    await expect(storyBody(laptop.page)).toBeHidden();

    await newsroom.restart();
    await laptop.setOffline(false);
    await expect
      .poll(() => serverText(id, token), { timeout: 30_000 })
      .toBe('Stalls open at six.\nWritten offline, then the story was closed.');
  });

  test('a story submitted to the desk locks the reporter’s editor at once, saying why', async () => {
    const {
      id,
      token,
      workstations: [laptop],
    } = await reporterOn(1, 'Lantern festival dates');
    if (laptop === undefined) throw new Error('one workstation');
    await typeFirstParagraph(laptop.page, 'The festival opens on the fifteenth.');
    await expect(savedState(laptop.page)).toHaveText('Synced', { timeout: 20_000 });
    await expect(storyBody(laptop.page)).toHaveAttribute('contenteditable', 'true');

    await transitionOnServer(newsroom.url, token, { id, action: 'submit' }, 'submitted');

    const line = 'Submitted to the desk: withdraw it to make changes.';
    // Said by the server's `rights` message, or by the story's state once the list has it: either way.
    await expect(laptop.page.getByText(line).first()).toBeVisible();
    await expect(storyBody(laptop.page)).toHaveAttribute('contenteditable', 'false');

    await transitionOnServer(newsroom.url, token, { id, action: 'withdraw' }, 'draft');
    await expect(laptop.page.getByText(line)).toHaveCount(0);
    await expect(storyBody(laptop.page)).toHaveAttribute('contenteditable', 'true');
  });

  test('offline edits to a story submitted meanwhile are kept as a version, not pushed', async () => {
    test.setTimeout(120_000);
    const { id, token, laptop } = await syncedThenOffline(
      'Metro line 6 opens',
      'Line 6 opens in June.',
      'A paragraph the desk never accepted.',
    );

    // Meanwhile the story goes to the desk (from another of the reporter's sessions).
    await newsroom.restart();
    await transitionOnServer(newsroom.url, token, { id, action: 'submit' }, 'submitted');
    await laptop.setOffline(false);

    const line = 'Submitted to the desk: withdraw it to make changes.';
    await expect(laptop.page.getByText(line).first()).toBeVisible({
      timeout: 30_000,
    });
    // The body is the server's again; the offline paragraph is in History, not on the server.
    await expect(bodyParagraphs(laptop.page)).toHaveText(['Line 6 opens in June.'], {
      timeout: 20_000,
    });
    await laptop.page.getByRole('button', { name: 'History' }).click();
    await expect(
      laptop.page.getByText(`Your offline edits, not accepted: ${line}`).first(),
    ).toBeVisible();
    expect(await serverText(id, token)).toBe('Line 6 opens in June.');
  });
});
