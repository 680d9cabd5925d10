import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { NEWSROOM_PEOPLE, startTestNewsroom, type TestNewsroom } from '../support/newsroom';
import {
  bodyBytesOnServer,
  bodyParagraphs,
  callNewsroom,
  createServerStory,
  goTo,
  newsroomStatus,
  openFromList,
  openWorkstation,
  savedState,
  signInThroughSettings,
  storyBody,
  storyOnServer,
  tokenOf,
  type NewsroomWorkstation,
} from '../support/newsroomWorkstation';
import { newStory } from '../support/stories';

/*
 * What a signed-in workstation owes the newsroom beyond the happy path: the header's `Online`
 * means bodies too are on the server; what one account left waiting (fields and text) is never
 * sent under the next account of the same workstation; a disabled account's workstation forgets
 * the bodies' state.
 */

const { reporter, editor } = NEWSROOM_PEOPLE;
const HEADLINE = 'Grand Canal towpath reopens';
const FIRST = 'The towpath reopened on Monday.';
const OFFLINE = 'Written while the newsroom was down.';
const SUMMARY = 'Cyclists are back on the towpath.';
const OTHER_HEADLINE = 'Taihu lake ferry timetable changes';
const OTHER_ID = '0190a000-0000-7000-8000-00000000a0e1';

/** A new story made on the workstation, its first paragraph `Synced`; answers its id. */
async function newSyncedStory(page: Page): Promise<string> {
  const id = await newStory(page);
  await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
  await storyBody(page).click();
  await page.keyboard.type(FIRST);
  await expect(savedState(page)).toHaveText('Synced', { timeout: 20_000 });
  return id;
}

/** Signs the workstation out through Settings, as a person would. */
async function signOut(page: Page): Promise<void> {
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

/**
 * With the newsroom down, the reporter adds a paragraph to the open story (its body focused) and
 * changes its summary: both wait on this workstation.
 */
async function editWhileDown(page: Page, newsroom: TestNewsroom): Promise<void> {
  await newsroom.stop();
  await expect(newsroomStatus(page)).toHaveText('Offline', { timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.keyboard.type(OFFLINE);
  await page.getByLabel('Summary').fill(SUMMARY);
  await expect(savedState(page)).toHaveText('Saved');
}

/** Whether a story body on the server holds a text. */
async function isInBodyOnServer(url: string, token: string, id: string, text: string) {
  return (await bodyBytesOnServer(url, token, id)).includes(text);
}

/** Rows in the workstation's `newsroom-collab` database (stored snapshots, bodies waiting). */
function collabRows(page: Page): Promise<{ stored: number; pending: number }> {
  return page.evaluate(
    () =>
      new Promise<{ stored: number; pending: number }>((resolve, reject) => {
        const opening = indexedDB.open('newsroom-collab');
        opening.onerror = () => reject(new Error('newsroom-collab does not open'));
        opening.onsuccess = () => {
          const database = opening.result;
          const transaction = database.transaction(['stored', 'pending']);
          const stored = transaction.objectStore('stored').count();
          const pending = transaction.objectStore('pending').count();
          transaction.oncomplete = () => {
            database.close();
            resolve({ stored: stored.result, pending: pending.result });
          };
        };
      }),
  );
}

test.describe('a signed-in workstation’s loose ends', () => {
  test.skip(({ target }) => target === 'electron', 'Browser-mode workstations drive this spec.');

  let newsroom: TestNewsroom;
  let workstation: NewsroomWorkstation;

  test.beforeEach(async () => {
    [newsroom, workstation] = await Promise.all([
      startTestNewsroom({ people: [reporter, editor] }),
      openWorkstation(),
    ]);
  });

  // A skipped test's afterEach still runs (its beforeEach does not): nothing was opened to close.
  test.afterEach(async ({ target }) => {
    if (target === 'electron') return;
    await workstation.close();
    await newsroom.close();
  });

  test('the header says Online only once a body written offline is stored on the server', async () => {
    const { page } = workstation;
    await signInThroughSettings(page, newsroom.url, reporter);
    const id = await newSyncedStory(page);

    await newsroom.stop();
    await expect(newsroomStatus(page)).toHaveText('Offline', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type(OFFLINE);
    await expect(savedState(page)).toHaveText('Saved');
    // Closed before it was synced: the body reaches the server in the background.
    await goTo(page, 'Stories');

    await newsroom.restart();
    await expect(newsroomStatus(page)).toHaveText('Online', { timeout: 30_000 });
    const token = await tokenOf(newsroom.url, reporter);
    const body = await bodyBytesOnServer(newsroom.url, token, id);
    expect(body.includes(Buffer.from(OFFLINE))).toBe(true);
  });

  test('what one account left waiting is shown, sent only under it, and a disabled account’s bodies are forgotten', async () => {
    test.setTimeout(90_000);
    const { page } = workstation;
    await signInThroughSettings(page, newsroom.url, reporter);
    const id = await newSyncedStory(page);

    // The reporter adds a paragraph and changes the summary with the newsroom down, and signs
    // out: both wait.
    await editWhileDown(page, newsroom);
    await signOut(page);

    // The editor signs in on the same workstation: the reporter's change is not sent as theirs.
    await newsroom.restart();
    await signInThroughSettings(page, newsroom.url, editor);
    const editorToken = await tokenOf(newsroom.url, editor);
    expect(await storyOnServer(newsroom.url, editorToken, id)).toEqual({
      headline: HEADLINE,
      state: 'draft',
      summary: '',
    });
    await openFromList(page, HEADLINE);
    const waiting = page.getByRole('note').filter({ hasText: 'as li.wei wait to be sent' });
    await expect(waiting).toContainText(`Summary: “${SUMMARY}”`);
    await expect(waiting).toContainText('Edits to the story text');
    await expect(page.getByLabel('Summary')).toHaveValue('');
    // The editor sees the newsroom's text, read-only; the reporter's paragraph stays here, unsent.
    await expect(page.getByRole('note').filter({ hasText: 'Text locked.' })).toContainText(
      'made on this computer as li.wei are not on the newsroom server yet',
    );
    await expect(bodyParagraphs(page)).toHaveText([FIRST]);
    await expect(storyBody(page)).toHaveAttribute('contenteditable', 'false');
    // Nor may a photo go into the held text, where it would be kept nowhere.
    await expect(page.getByRole('button', { name: 'Insert photo' })).toBeDisabled();
    expect((await bodyBytesOnServer(newsroom.url, editorToken, id)).includes(OFFLINE)).toBe(false);
    await page.screenshot({ path: test.info().outputPath('held-text.png'), fullPage: true });

    // The reporter signs in again: the change goes, as theirs.
    await signOut(page);
    await signInThroughSettings(page, newsroom.url, reporter);
    await expect
      .poll(() => storyOnServer(newsroom.url, editorToken, id), { timeout: 20_000 })
      .toEqual({ headline: HEADLINE, state: 'draft', summary: SUMMARY });
    await expect
      .poll(
        async () => (await bodyBytesOnServer(newsroom.url, editorToken, id)).includes(OFFLINE),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    await openFromList(page, HEADLINE);
    await expect(page.getByLabel('Summary')).toHaveValue(SUMMARY);
    await expect(bodyParagraphs(page)).toHaveText([FIRST, OFFLINE]);
    await expect(waiting).toHaveCount(0);
    expect((await collabRows(page)).stored).toBe(1);

    // Disabled: the newsroom's stories leave, and with them what was known of their bodies.
    const disabled = await newsroom.command(['user', 'disable', '--login', reporter.login]);
    expect(disabled.code).toBe(0);
    // The connection's notice comes first; this line only once the copy is gone.
    await expect(page.getByRole('alert').first()).toContainText(
      'Your newsroom account was disabled: this workstation removed its copy',
      { timeout: 20_000 },
    );
    expect(await collabRows(page)).toEqual({ stored: 0, pending: 0 });
  });

  test('another newsroom’s stories leave the lists on signing in to a second server, and come back with their unsent work', async () => {
    test.setTimeout(90_000);
    const { page } = workstation;
    const starting = startTestNewsroom({ people: [reporter] });
    await signInThroughSettings(page, newsroom.url, reporter);
    const id = await newSyncedStory(page);
    const other = await starting;
    try {
      // With the first newsroom down, the reporter adds a paragraph and a summary, and signs out.
      await editWhileDown(page, newsroom);
      await signOut(page);

      // Signed in to a second newsroom: its story is listed, the first one's is not, and nothing
      // of the first newsroom reaches the second.
      const otherToken = await tokenOf(other.url, reporter);
      await createServerStory(other.url, otherToken, { id: OTHER_ID, headline: OTHER_HEADLINE });
      await signInThroughSettings(page, other.url, reporter);
      await goTo(page, 'Stories');
      await expect(page.getByRole('link', { name: OTHER_HEADLINE, exact: true })).toBeVisible({
        timeout: 20_000,
      });
      await expect(page.getByRole('link', { name: HEADLINE, exact: true })).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath('second-newsroom.png') });
      expect(await storyOnServer(other.url, otherToken, id)).toBeNull();
      const listed = await callNewsroom(other.url, 'stories:list', {}, otherToken);
      expect(listed.body).toMatchObject({ ok: true, value: [{ id: OTHER_ID }] });

      // Back on the first newsroom: its story returns, what waited is sent, the second's leaves.
      await signOut(page);
      await newsroom.restart();
      await signInThroughSettings(page, newsroom.url, reporter);
      const token = await tokenOf(newsroom.url, reporter);
      await expect
        .poll(() => storyOnServer(newsroom.url, token, id), { timeout: 20_000 })
        .toEqual({ headline: HEADLINE, state: 'draft', summary: SUMMARY });
      await expect
        .poll(() => isInBodyOnServer(newsroom.url, token, id, OFFLINE), { timeout: 20_000 })
        .toBe(true);
      await openFromList(page, HEADLINE);
      await expect(bodyParagraphs(page)).toHaveText([FIRST, OFFLINE]);
      await goTo(page, 'Stories');
      await expect(page.getByRole('link', { name: OTHER_HEADLINE, exact: true })).toHaveCount(0);
    } finally {
      await other.close();
    }
  });
});
