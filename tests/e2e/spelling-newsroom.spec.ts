import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { launchChromium, type LaunchedBrowser } from '../support/browser';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type NewsroomPerson,
  type TestNewsroom,
} from '../support/newsroom';
import { startServer, type ServerHandle } from '../support/server';
import { newStory } from '../support/stories';
import { expect, test } from '../support/fixtures';

/** Signs a browser-mode workstation in through main's gateway channel, as Settings will. */
async function signIn(
  workstation: ServerHandle,
  newsroom: TestNewsroom,
  person: NewsroomPerson,
): Promise<void> {
  const response = await fetch(`${workstation.origin}/api/newsroom:signIn`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${workstation.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      serverUrl: newsroom.url,
      login: person.login,
      password: NEWSROOM_PASSWORD,
    }),
  });
  const answer: unknown = await response.json();
  expect(answer).toMatchObject({ ok: true, value: { user: { login: person.login } } });
}

/** Opens the workstation and waits until its newsroom connection is online. */
async function open(browser: LaunchedBrowser, workstation: ServerHandle): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(workstation.readyUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect
    .poll(
      async () => {
        const response = await fetch(`${workstation.origin}/api/newsroom:status`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${workstation.token}`,
            'content-type': 'application/json',
          },
          body: '{}',
        });
        const answer = (await response.json()) as { value?: { state?: string } };
        return answer.value?.state;
      },
      { timeout: 20_000 },
    )
    .toBe('online');
  return page;
}

async function storyWith(page: Page, text: string) {
  await newStory(page);
  const body = page.getByRole('textbox', { name: 'Story body' });
  await body.click();
  await page.keyboard.type(text);
  return body.locator('[aria-invalid="spelling"]');
}

/** Adds the flagged word to the dictionary from its context menu. */
async function addToDictionary(page: Page, flag: Locator): Promise<void> {
  await flag.click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Add to dictionary' }).click();
}

test('a word added to the dictionary on one signed-in workstation stops being flagged on another', async ({
  target,
}) => {
  test.skip(target === 'electron', 'Two workstations in two browser profiles: browser mode.');
  test.setTimeout(90_000);
  const parent = mkdtempSync(path.join(tmpdir(), 'spelling-newsroom-'));
  const newsroom = await startTestNewsroom({
    people: [NEWSROOM_PEOPLE.reporter, NEWSROOM_PEOPLE.editor],
  });
  const workstations: ServerHandle[] = [];
  let browser: LaunchedBrowser | null = null;
  try {
    workstations.push(await startServer(path.join(parent, 'reporter')));
    workstations.push(await startServer(path.join(parent, 'editor')));
    const [reporterStation, editorStation] = workstations;
    if (reporterStation === undefined || editorStation === undefined) throw new Error('unstarted');
    await signIn(reporterStation, newsroom, NEWSROOM_PEOPLE.reporter);
    await signIn(editorStation, newsroom, NEWSROOM_PEOPLE.editor);
    // One browser, two origins: each workstation's page keeps its own storage.
    browser = await launchChromium(path.join(parent, 'profile'));
    const reporterPage = await open(browser, reporterStation);
    const editorPage = await open(browser, editorStation);

    const text = 'Growers in Hongshanzhen picked the first peaches.';
    const reporterFlags = await storyWith(reporterPage, text);
    const editorFlags = await storyWith(editorPage, text);
    await expect(reporterFlags).toHaveText(['Hongshanzhen'], { timeout: 15_000 });
    await expect(editorFlags).toHaveText(['Hongshanzhen'], { timeout: 15_000 });

    await addToDictionary(reporterPage, reporterFlags);
    await expect(reporterFlags).toHaveCount(0);
    // The other workstation hears of it on the newsroom's event stream, without a reload.
    await expect(editorFlags).toHaveCount(0, { timeout: 15_000 });

    // The word stays known across a reload (and offline starts): the page keeps the newsroom's
    // words per server, and lists them again from the server when online.
    await editorPage.reload();
    await expect(editorPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const again = await storyWith(editorPage, 'More from Hongshanzhen and its orchardz.');
    await expect(again).toHaveText(['orchardz'], { timeout: 15_000 });

    // Added while the newsroom cannot be reached: unflagged here at once, sent once it is back.
    const reporterBody = reporterPage.getByRole('textbox', { name: 'Story body' });
    await reporterBody.press('End');
    await reporterPage.keyboard.type(' Yangshanzhen too.');
    await editorPage.getByRole('textbox', { name: 'Story body' }).press('End');
    await editorPage.keyboard.type(' Yangshanzhen too.');
    await expect(reporterFlags).toHaveText(['Yangshanzhen'], { timeout: 15_000 });
    await expect(again).toHaveText(['orchardz', 'Yangshanzhen'], { timeout: 15_000 });
    await newsroom.stop();
    await addToDictionary(reporterPage, reporterFlags);
    await expect(reporterFlags).toHaveCount(0);
    await newsroom.restart();
    await expect(again).toHaveText(['orchardz'], { timeout: 30_000 });
  } finally {
    await browser?.close();
    for (const workstation of workstations) await workstation.stop();
    await newsroom.close();
    rmSync(parent, { recursive: true, force: true });
  }
});
