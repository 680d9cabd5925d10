import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { NEWSROOM_CONTRACT } from '../../shared/api/newsroom';
import { expect, test } from '../support/fixtures';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type TestNewsroom,
} from '../support/newsroom';
import {
  callNewsroom,
  goTo,
  expectReturnNote,
  newsroomStatus,
  openFromDesk,
  openFromList,
  openWorkstation,
  bodyBytesOnServer,
  publishedPathOnServer,
  returnWithNote,
  savedState,
  signInReporterAndEditor,
  signInThroughSettings,
  storyBody,
  storyOnServer,
  tokenOf,
  transitionOnServer,
  transition,
  workflow,
  type NewsroomWorkstation,
} from '../support/newsroomWorkstation';
import { newStory } from '../support/stories';

const HEADLINE = 'Wuxi and CETC sign IoT partnership';
const PARAGRAPH =
  "The city of Wuxi entered into a strategic partnership with China Electronics Technology Hik Group, further promoting the city's Internet of Things industry.";
const NOTE = 'Add the date of the agreement, please.';

async function serverState(newsroom: TestNewsroom, token: string, id: string): Promise<unknown> {
  return (await storyOnServer(newsroom.url, token, id))?.state ?? null;
}

test.describe('a newsroom of two workstations', () => {
  test.skip(({ target }) => target === 'electron', 'Browser-mode workstations drive this spec.');

  let newsroom: TestNewsroom;
  let reporter: NewsroomWorkstation;
  let editor: NewsroomWorkstation;

  test.beforeEach(async () => {
    newsroom = await startTestNewsroom();
    [reporter, editor] = await Promise.all([openWorkstation(), openWorkstation()]);
  });

  // A skipped test's afterEach still runs (its beforeEach does not): nothing was opened to close.
  test.afterEach(async ({ target }) => {
    if (target === 'electron') return;
    await Promise.all([reporter.close(), editor.close()]);
    await newsroom.close();
  });

  test('a story goes reporter → Desk → returned with a note → resubmitted → approved → published', async () => {
    test.setTimeout(120_000);
    const testInfo = test.info();
    /** Both workstations at this step, saved beside the test's results for people to look at. */
    async function sideBySide(step: string): Promise<void> {
      await reporterPage.screenshot({ path: testInfo.outputPath(`${step}-reporter.png`) });
      await editorPage.screenshot({ path: testInfo.outputPath(`${step}-editor.png`) });
    }
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    await signInReporterAndEditor(
      { reporter, editor },
      { reporter: newsroom.url, editor: newsroom.url },
    );

    // Signed in, the role is the account's: the Role select shows it and cannot change it.
    await expect(reporterPage.getByLabel('Role')).toHaveValue('reporter');
    await expect(reporterPage.getByLabel('Role')).toBeDisabled();
    await expect(reporterPage.getByText('Li Wei · Reporter')).toBeVisible();
    await expect(editorPage.getByText('Wang Fang · Editor')).toBeVisible();
    await sideBySide('0-signed-in');

    const id = await newStory(reporterPage);
    await reporterPage.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await reporterPage.getByLabel('Slug', { exact: true }).fill('wuxi-cetc-iot');
    await reporterPage.getByLabel('Byline', { exact: true }).fill('Li Wei');
    await reporterPage.getByLabel('Section', { exact: true }).selectOption('news');
    await storyBody(reporterPage).click();
    await reporterPage.keyboard.type(PARAGRAPH);
    await expect(savedState(reporterPage)).toHaveText('Synced', { timeout: 20_000 });
    await expect(workflow(reporterPage).getByRole('button', { name: 'Publish' })).toHaveCount(0);
    await transition(reporterPage, 'Submit to desk', 'Submitted');
    const editorToken = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    expect(await serverState(newsroom, editorToken, id)).toBe('submitted');

    // The editor's Desk shows it within seconds, with the reporter's text.
    await openFromDesk(editorPage, /Submitted/, HEADLINE);
    await expect(storyBody(editorPage)).toContainText(PARAGRAPH);
    await sideBySide('1-submitted');
    await returnWithNote(editorPage, NOTE);

    // The reporter sees the return and its note, live, and resubmits with a summary.
    await expectReturnNote(reporterPage, 'Wang Fang', NOTE);
    await sideBySide('2-returned');
    await expect(reporterPage.getByLabel('Headline', { exact: true })).toBeEditable();
    await reporterPage.getByLabel('Summary').fill('The agreement was signed on Feb 28.');
    await expect(savedState(reporterPage)).toHaveText('Synced', { timeout: 20_000 });
    await transition(reporterPage, 'Submit to desk', 'Submitted');

    await openFromDesk(editorPage, /Submitted/, HEADLINE);
    await expect(editorPage.getByLabel('Summary')).toHaveValue(
      'The agreement was signed on Feb 28.',
    );
    await transition(editorPage, 'Approve', 'Approved');
    await transition(editorPage, 'Publish', 'Published');
    expect(await serverState(newsroom, editorToken, id)).toBe('published');
    // The server wrote the page; the editor's workstation wrote no site of its own.
    const publishedPath = (await publishedPathOnServer(newsroom.url, editorToken, id)) ?? '';
    expect({
      onServer: existsSync(path.join(newsroom.dataDir, 'portal', 'current', publishedPath)),
      onWorkstation: existsSync(path.join(editor.dataDir, 'portal')),
    }).toEqual({ onServer: true, onWorkstation: false });

    // The reporter's workstation follows: the story is published there too.
    await expect(workflow(reporterPage).getByText('Published', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(newsroomStatus(reporterPage)).toHaveText('Online');
    await sideBySide('3-published');
  });

  test('a reporter reads a colleague’s story and is offered no change to it', async () => {
    const headline = 'Grand Canal lights up for the lantern festival';
    await signInReporterAndEditor(
      { reporter, editor },
      { reporter: newsroom.url, editor: newsroom.url },
    );
    await newStory(editor.page);
    await editor.page.getByLabel('Headline', { exact: true }).fill(headline);
    await storyBody(editor.page).click();
    await editor.page.keyboard.type('Lanterns line the canal from Qingming Bridge.');
    await expect(savedState(editor.page)).toHaveText('Synced', { timeout: 20_000 });

    const { page } = reporter;
    await openFromList(page, headline);
    await expect(storyBody(page)).toContainText('Lanterns line the canal');
    await expect(workflow(page)).toContainText(
      'This story belongs to Wang Fang: you can read it but not change it.',
    );
    await expect(workflow(page).getByRole('group', { name: 'Workflow actions' })).toHaveCount(0);
    await expect(page.getByLabel('Headline', { exact: true })).not.toBeEditable();
    await expect(page.getByLabel('Summary')).not.toBeEditable();
    await expect(storyBody(page)).not.toBeEditable();
    // Their own stories stay theirs to change.
    await newStory(page);
    await expect(page.getByLabel('Headline', { exact: true })).toBeEditable();
    await expect(workflow(page).getByRole('button', { name: 'Submit to desk' })).toBeVisible();
  });

  test('a disabled account’s workstation drops the newsroom’s stories and signs out', async () => {
    const { page } = reporter;
    await signInThroughSettings(page, newsroom.url, NEWSROOM_PEOPLE.reporter);
    await goTo(page, 'Stories');
    await page.getByRole('button', { name: 'New story' }).click();
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    const reporterToken = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter);
    await expect
      .poll(async () => {
        const { body } = await callNewsroom(newsroom.url, 'stories:list', {}, reporterToken);
        return JSON.stringify(body).includes(HEADLINE);
      })
      .toBe(true);

    const disabled = await newsroom.command(['user', 'disable', '--login', 'li.wei']);
    expect(disabled.code).toBe(0);
    await expect(page.getByRole('alert').first()).toContainText(
      'Your newsroom account was disabled',
      { timeout: 20_000 },
    );
    await goTo(page, 'Stories');
    await expect(page.getByRole('button', { name: HEADLINE })).toHaveCount(0);
    await expect(page.getByRole('link', { name: HEADLINE })).toHaveCount(0);
    await expect(newsroomStatus(page)).toHaveCount(0);
    await goTo(page, 'Settings');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Role')).toBeEnabled();
  });
});

test.describe('a workstation that works before and while offline', () => {
  test.skip(({ target }) => target === 'electron', 'Browser-mode workstations drive this spec.');

  let newsroom: TestNewsroom;
  let reporter: NewsroomWorkstation;

  test.beforeEach(async () => {
    newsroom = await startTestNewsroom();
    reporter = await openWorkstation();
  });

  test.afterEach(async ({ target }) => {
    if (target === 'electron') return;
    await reporter.close();
    await newsroom.close();
  });

  test('offers its earlier stories at the first sign-in and uploads each once', async () => {
    const { page } = reporter;
    await goTo(page, 'Stories');
    await page.getByRole('button', { name: 'New story' }).click();
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await storyBody(page).click();
    await page.keyboard.type(PARAGRAPH);
    await expect(savedState(page)).toHaveText('Saved');
    const id = new URL(page.url()).hash.replace('#/stories/', '');

    await signInThroughSettings(page, newsroom.url, NEWSROOM_PEOPLE.reporter);
    const offer = page.getByRole('dialog', { name: 'Upload your stories to the newsroom?' });
    await expect(offer).toContainText('1 story');
    await offer.getByRole('button', { name: 'Upload all' }).click();
    await expect(offer).toContainText('1 story was uploaded to the newsroom.');
    await offer.getByRole('button', { name: 'Close' }).click();

    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter);
    const list = await callNewsroom(newsroom.url, 'stories:list', {}, token);
    const body = await bodyBytesOnServer(newsroom.url, token, id);
    expect({
      ids: JSON.stringify(list.body).match(/"id":"[^"]+"/g),
      hasText: body.includes(Buffer.from('Internet of Things')),
    }).toEqual({ ids: [`"id":"${id}"`], hasText: true });

    // Signed out and in again: nothing is offered twice, nothing doubled.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughSettings(page, newsroom.url, NEWSROOM_PEOPLE.reporter);
    await expect(offer).toHaveCount(0);
    const again = await callNewsroom(newsroom.url, 'stories:list', {}, token);
    expect(JSON.stringify(again.body).match(/"id":"[^"]+"/g)).toEqual([`"id":"${id}"`]);
  });

  test('keeps field edits and a submission made offline, and sends them in order on reconnection', async () => {
    test.setTimeout(90_000);
    const { page } = reporter;
    await signInThroughSettings(page, newsroom.url, NEWSROOM_PEOPLE.reporter);
    const id = await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page.getByLabel('Slug', { exact: true }).fill('wuxi-cetc-iot');
    await page.getByLabel('Section', { exact: true }).selectOption('news');
    await storyBody(page).click();
    await page.keyboard.type(PARAGRAPH);
    await expect(savedState(page)).toHaveText('Synced', { timeout: 20_000 });
    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter);
    await expect
      .poll(async () =>
        JSON.stringify((await callNewsroom(newsroom.url, 'story:get', { id }, token)).body),
      )
      .toContain('wuxi-cetc-iot');

    await newsroom.kill();
    await expect(newsroomStatus(page)).toHaveText('Offline', { timeout: 20_000 });
    await page.getByLabel('Summary').fill('Signed on Feb 28 in Nanjing.');
    await expect(savedState(page)).toHaveText('Saved');
    await transition(page, 'Submit to desk', 'Submitted');

    await newsroom.restart();
    await expect(newsroomStatus(page)).toHaveText('Online', { timeout: 45_000 });
    const fresh = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    await expect
      .poll(async () => await storyOnServer(newsroom.url, fresh, id), { timeout: 20_000 })
      .toEqual({
        state: 'submitted',
        headline: HEADLINE,
        summary: 'Signed on Feb 28 in Nanjing.',
      });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
  test('an offline submission the server refuses on replay is shown on the story with every reason', async () => {
    test.setTimeout(90_000);
    const { page } = reporter;
    await signInThroughSettings(page, newsroom.url, NEWSROOM_PEOPLE.reporter);
    const id = await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await storyBody(page).click();
    await page.keyboard.type(PARAGRAPH);
    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter);
    await expect
      .poll(async () => (await storyOnServer(newsroom.url, token, id))?.headline, {
        timeout: 20_000,
      })
      .toBe(HEADLINE);

    // Offline, the reporter submits; meanwhile an editor spikes the story on the server.
    await reporter.setOffline(true);
    await transition(page, 'Submit to desk', 'Submitted');
    const editorToken = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    await transitionOnServer(newsroom.url, editorToken, { id, action: 'spike' }, 'spiked');
    // What the server answers that submission now: the replay must show the same, reasons and all.
    const refusal = await callNewsroom(
      newsroom.url,
      'story:transition',
      { id, action: 'submit' },
      token,
    );
    const { error } = z
      .object({ error: z.object({ message: z.string(), reasons: z.array(z.string()).min(1) }) })
      .parse(refusal.body);

    await reporter.setOffline(false);
    const alert = page
      .getByRole('article', { name: 'Story' })
      .getByRole('alert')
      .filter({ hasText: error.message });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    for (const reason of error.reasons) await expect(alert).toContainText(reason);
    // The story is the server's again: spiked, not submitted.
    await expect(workflow(page).getByText('Spiked', { exact: true })).toBeVisible();
    expect((await storyOnServer(newsroom.url, token, id))?.state).toBe('spiked');
  });

  test('a server of another contract version is refused with a line saying so, and sent nothing else', async () => {
    const { page } = reporter;
    // A real server of another contract cannot be built from this tree: this stand-in answers
    // `server:info` as one would, and records every request it gets.
    const requests: string[] = [];
    const standIn = createServer((request, response) => {
      requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      const isInfo = request.method === 'POST' && request.url === '/api/server:info';
      response.writeHead(isInfo ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          isInfo
            ? { ok: true, value: { version: '9.0.0', contract: NEWSROOM_CONTRACT + 1 } }
            : { ok: false, error: { message: 'Not here.' } },
        ),
      );
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    try {
      const address = standIn.address();
      const serverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      await goTo(page, 'Settings');
      const group = page.getByRole('group', { name: 'Newsroom' });
      await group.getByLabel('Newsroom server').fill(serverUrl);
      await group.getByLabel('Login').fill(NEWSROOM_PEOPLE.reporter.login);
      await group.getByLabel('Password').fill(NEWSROOM_PASSWORD);
      await group.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toHaveText(
        `The newsroom server at ${serverUrl} is newer than this workstation (contract ${NEWSROOM_CONTRACT + 1}, this workstation speaks ${NEWSROOM_CONTRACT}): update the workstation. It stays offline and sends nothing meanwhile.`,
      );
      await expect(group.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expect(newsroomStatus(page)).toHaveCount(0);
      expect(requests).toEqual(['POST /api/server:info']);
    } finally {
      await new Promise((resolve) => standIn.close(resolve));
    }
  });
});
