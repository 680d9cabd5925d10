import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../support/fixtures';
import { NEWSROOM_PEOPLE, startTestNewsroom, type TestNewsroom } from '../support/newsroom';
import {
  bodyBytesOnServer,
  bodyParagraphs,
  expectReturnNote,
  goTo,
  newsroomStatus,
  openFromDesk,
  openFromList,
  openSignedIn,
  openWorkstation,
  publishedPathOnServer,
  returnWithNote,
  savedState,
  signInReporterAndEditor,
  storyBody,
  storyOnServer,
  tokenOf,
  transition,
  workflow,
  type NewsroomWorkstation,
} from '../support/newsroomWorkstation';
import { newStory } from '../support/stories';
import { startPostgres, type PostgresServer } from '../support/postgres';
import { startRedis, type RedisServer } from '../support/redis';

/*
 * Issue 10 at scale: one newsroom of two server processes on one PostgreSQL, sharing Redis. The
 * reporter's workstation talks to the first process only and the editor's to the second, so every
 * live update below crossed between processes (Redis for bodies and change events, PostgreSQL for
 * the rest). One newsroom and two workstations serve the whole file, in order; a third joins to
 * open what a killed process had stored.
 */

const HEADLINE = 'Wuxi metro line 4 opens to riders';
const REPORTER_LINE = 'Line 4 carried its first riders on Saturday morning.';
const EDITOR_LINE = 'The line links Liangxi district with the Taihu new town.';
const REPORTER_SUMMARY = 'Line 4 opened on Saturday.';
const EDITOR_SUMMARY = 'Wuxi opened its fourth metro line on Saturday.';
const NOTE = 'Say how many stations the line has.';
const RESUBMITTED_SUMMARY = 'Line 4 opened on Saturday with 21 stations.';
const CRASH_HEADLINE = 'Taihu tram extension approved';
const CRASH_LINES = ['The tram will reach Wuxi East station.', 'Stored before the crash.'];

test.describe('a newsroom of two server processes on PostgreSQL and Redis', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(({ target }) => target === 'electron', 'Browser-mode workstations drive this spec.');

  let postgres: PostgresServer;
  let redis: RedisServer;
  let newsroom: TestNewsroom;
  let reporter: NewsroomWorkstation;
  let editor: NewsroomWorkstation;
  let storyId = '';

  test.beforeAll(async ({ target }) => {
    if (target === 'electron') return;
    test.setTimeout(120_000);
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    newsroom = await startTestNewsroom({
      databaseUrl: await postgres.createDatabase('newsroom'),
      redisUrl: redis.url,
      processes: 2,
    });
    const [first, second] = newsroom.urls();
    if (first === undefined || second === undefined || first === second)
      throw new Error(`Two server processes, not ${newsroom.urls().join(', ')}.`);
    [reporter, editor] = await Promise.all([openWorkstation(), openWorkstation()]);
    await signInReporterAndEditor({ reporter, editor }, { reporter: first, editor: second });
  });

  test.afterAll(async ({ target }) => {
    if (target === 'electron') return;
    await Promise.all([reporter?.close(), editor?.close()]);
    await newsroom?.close();
    await Promise.all([postgres?.stop(), redis?.stop()]);
  });

  test('body edits made on either process appear live on the other workstation', async () => {
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    storyId = await newStory(reporterPage);
    await reporterPage.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await storyBody(reporterPage).click();
    await reporterPage.keyboard.type(REPORTER_LINE);
    await expect(savedState(reporterPage)).toHaveText('Synced', { timeout: 20_000 });

    // The editor's Stories list learns of it through the second process, then the body arrives.
    await goTo(editorPage, 'Stories');
    await editorPage.getByRole('link', { name: HEADLINE, exact: true }).click({ timeout: 20_000 });
    await expect(bodyParagraphs(editorPage)).toHaveText([REPORTER_LINE], { timeout: 20_000 });
    await storyBody(editorPage).click();
    await editorPage.keyboard.press('Control+End');
    await editorPage.keyboard.press('Enter');
    await editorPage.keyboard.type(EDITOR_LINE);

    for (const page of [reporterPage, editorPage])
      await expect(bodyParagraphs(page)).toHaveText([REPORTER_LINE, EDITOR_LINE], {
        timeout: 20_000,
      });
    await expect(savedState(editorPage)).toHaveText('Synced', { timeout: 20_000 });
  });

  test('the same field changed on both: the later wins, the other value is in History on both', async () => {
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    // The editor's change is made with no network, so both start from the same empty summary.
    await editor.setOffline(true);
    await editorPage.getByLabel('Summary').fill(EDITOR_SUMMARY);
    await expect(savedState(editorPage)).toHaveText('Saved');
    await reporterPage.getByLabel('Summary').fill(REPORTER_SUMMARY);
    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.reporter);
    await expect
      .poll(async () => (await storyOnServer(newsroom.url, token, storyId))?.summary)
      .toBe(REPORTER_SUMMARY);

    await editor.setOffline(false);
    await expect
      .poll(async () => (await storyOnServer(newsroom.url, token, storyId))?.summary, {
        timeout: 20_000,
      })
      .toBe(EDITOR_SUMMARY);
    for (const page of [reporterPage, editorPage]) {
      await expect(page.getByLabel('Summary')).toHaveValue(EDITOR_SUMMARY, { timeout: 20_000 });
      await page.getByRole('button', { name: 'History' }).click();
      await expect(page.getByRole('region', { name: 'History' })).toContainText(
        `Summary “${REPORTER_SUMMARY}” by Li Wei, replaced by Wang Fang’s change on the server`,
        { timeout: 20_000 },
      );
    }
  });

  test('a transition on the editor’s workstation locks the reporter’s editor, saying why', async () => {
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    await expect(storyBody(reporterPage)).toHaveAttribute('contenteditable', 'true');

    await transition(editorPage, 'Spike', 'Spiked');
    const line = 'Spiked: an editor must restore it before anyone changes it.';
    await expect(reporterPage.getByText(line).first()).toBeVisible({ timeout: 20_000 });
    await expect(storyBody(reporterPage)).toHaveAttribute('contenteditable', 'false');

    await transition(editorPage, 'Restore', 'Draft');
    await expect(reporterPage.getByText(line)).toHaveCount(0, { timeout: 20_000 });
    await expect(storyBody(reporterPage)).toHaveAttribute('contenteditable', 'true');
  });

  test('a story submitted on the reporter’s workstation is on the editor’s Desk within seconds', async () => {
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    await goTo(editorPage, 'Desk');
    const submitted = editorPage.getByRole('region', { name: /Submitted/ });
    await expect(submitted.getByRole('link', { name: HEADLINE })).toHaveCount(0);

    await transition(reporterPage, 'Submit to desk', 'Submitted');
    await expect(submitted.getByRole('link', { name: HEADLINE })).toBeVisible({
      timeout: 10_000,
    });
    for (const page of [reporterPage, editorPage])
      await expect(newsroomStatus(page)).toHaveText('Online');
  });

  test('the submitted story is returned with a note, resubmitted, approved and published by its roles', async () => {
    test.setTimeout(90_000);
    const { page: reporterPage } = reporter;
    const { page: editorPage } = editor;
    await openFromDesk(editorPage, /Submitted/, HEADLINE);
    await returnWithNote(editorPage, NOTE);

    // The return reached the reporter through the other process; the fields it asks for follow.
    await expectReturnNote(reporterPage, 'Wang Fang', NOTE);
    await reporterPage.getByLabel('Summary', { exact: true }).fill(RESUBMITTED_SUMMARY);
    await reporterPage.getByLabel('Slug', { exact: true }).fill('wuxi-metro-line-4');
    await reporterPage.getByLabel('Byline', { exact: true }).fill('Li Wei');
    await reporterPage.getByLabel('Section', { exact: true }).selectOption('news');
    await expect(savedState(reporterPage)).toHaveText('Synced', { timeout: 20_000 });
    await transition(reporterPage, 'Submit to desk', 'Submitted');

    await openFromDesk(editorPage, /Submitted/, HEADLINE);
    await expect(editorPage.getByLabel('Summary', { exact: true })).toHaveValue(
      RESUBMITTED_SUMMARY,
      {
        timeout: 20_000,
      },
    );
    await expect(workflow(editorPage).getByRole('button', { name: 'Approve' })).toBeVisible();
    await expect(workflow(reporterPage).getByRole('button', { name: 'Publish' })).toHaveCount(0);
    await transition(editorPage, 'Approve', 'Approved');
    await transition(editorPage, 'Publish', 'Published');
    await expect(workflow(reporterPage).getByText('Published', { exact: true })).toBeVisible({
      timeout: 20_000,
    });

    // The second process, which the editor's workstation used, wrote the article into its site.
    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    const publishedPath = await publishedPathOnServer(newsroom.url, token, storyId);
    expect({
      story: await storyOnServer(newsroom.url, token, storyId),
      publishedPath,
    }).toEqual({
      story: { state: 'published', headline: HEADLINE, summary: RESUBMITTED_SUMMARY },
      publishedPath: expect.stringMatching(/^news\/\d{4}\/\d{2}\/\d{2}\/wuxi-metro-line-4\.html$/),
    });
    const article = path.join(newsroom.dataDirs[1] ?? '', 'portal', 'current', publishedPath ?? '');
    expect(readFileSync(article, 'utf8')).toContain(EDITOR_LINE);
  });

  test('kill -9 of the writer’s process just after Synced: a third workstation opens the edit', async () => {
    test.setTimeout(90_000);
    const { page: reporterPage } = reporter;
    const [first, second] = newsroom.urls();
    const id = await newStory(reporterPage);
    await reporterPage.getByLabel('Headline', { exact: true }).fill(CRASH_HEADLINE);
    await storyBody(reporterPage).click();
    await reporterPage.keyboard.type(CRASH_LINES[0] ?? '');
    await reporterPage.keyboard.press('Enter');
    await reporterPage.keyboard.type(CRASH_LINES[1] ?? '');
    await expect(savedState(reporterPage)).toHaveText('Synced', { timeout: 20_000 });
    await newsroom.kill(0);
    await expect(newsroomStatus(reporterPage)).toHaveText('Offline', { timeout: 20_000 });

    // The edit is in the store the processes share: the other process serves it at once.
    const third = await openSignedIn(second ?? '', NEWSROOM_PEOPLE.editor);
    try {
      await openFromList(third.page, CRASH_HEADLINE);
      await expect(bodyParagraphs(third.page)).toHaveText(CRASH_LINES, { timeout: 20_000 });
      await expect(savedState(third.page)).toHaveText('Synced', { timeout: 20_000 });

      // Restarted, the killed process serves it too, and the writer's workstation is back online.
      await newsroom.restart();
      await expect(newsroomStatus(reporterPage)).toHaveText('Online', { timeout: 45_000 });
      const token = await tokenOf(first ?? '', NEWSROOM_PEOPLE.reporter);
      const body = await bodyBytesOnServer(first ?? '', token, id);
      expect(CRASH_LINES.map((line) => body.includes(Buffer.from(line)))).toEqual([true, true]);
    } finally {
      await third.close();
    }
  });
});
