import AxeBuilder from '@axe-core/playwright';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { goTo, workflow } from '../support/newsroomWorkstation';
import { importPhotoThroughUi } from '../support/photos';
import { newStory } from '../support/stories';

const HEADLINE = 'Wuxi reaps strong partnership to push forward IoT industry';
const FIRST_PARAGRAPH =
  "The city of Wuxi in Jiangsu province entered into a strategic partnership with China Electronics Technology Hik Group on Feb 28, further promoting the city's Internet of Things (IoT) industry.";

function withHash(url: string, hash: string): string {
  const target = new URL(url);
  target.hash = hash;
  return target.href;
}

async function workAs(page: Page, name: string, role: 'Reporter' | 'Editor' | 'Photo desk') {
  const back = new URL(page.url()).hash;
  await goTo(page, 'Settings');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
  await expect(page.getByText(`${name} · ${role}`)).toBeVisible();
  if (back.startsWith('#/stories/')) await page.goto(withHash(page.url(), back));
}

/** Writes the Wuxi story as a reporter would and returns its id (from the URL). */
async function writeWuxiStory(page: Page): Promise<string> {
  const storyId = await newStory(page);
  await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
  await page.getByLabel('Slug', { exact: true }).fill('wuxi-iot-partnership');
  await page.getByLabel('Byline', { exact: true }).fill('Li Wei');
  await page.getByLabel('Section', { exact: true }).selectOption('news');
  await page.getByRole('textbox', { name: 'Story body' }).click();
  await page.keyboard.type(FIRST_PARAGRAPH);
  await expect(page.getByRole('status').filter({ hasText: /Saved/ })).toBeVisible();
  return storyId;
}

/** Opens the story's history, where its versions, trail and notes are. */
async function openHistory(page: Page): Promise<void> {
  const history = page.getByRole('button', { name: 'History', exact: true });
  if ((await history.getAttribute('aria-expanded')) !== 'true') await history.click();
}

/**
 * Whether the story's fields look as they behave: ones the person may not change on a muted
 * surface without a box's frame, editable ones in a white box.
 */
async function expectFieldsToLook(page: Page, look: 'read-only' | 'editable'): Promise<void> {
  const [background, frame] =
    look === 'read-only'
      ? ['rgb(232, 235, 240)', 'rgba(0, 0, 0, 0)']
      : ['rgb(255, 255, 255)', 'rgb(217, 221, 229)'];
  for (const name of ['Headline', 'Summary', 'Section']) {
    const field = page.getByLabel(name, { exact: true });
    await expect(field).toHaveCSS('background-color', background);
    await expect(field).toHaveCSS('border-top-color', frame);
  }
}

test.describe('the editorial workflow', () => {
  test('a story goes from the reporter to the desk, back with a note, and out to the portal', async ({
    page,
    workstation,
  }) => {
    await workAs(page, 'Li Wei', 'Reporter');
    await writeWuxiStory(page);
    await expect(workflow(page).getByRole('button', { name: 'Publish' })).toHaveCount(0);
    await workflow(page).getByRole('button', { name: 'Submit to desk' }).click();
    await expect(workflow(page).getByText('Submitted', { exact: true })).toBeVisible();
    await expect(workflow(page)).toContainText(
      'Submitted to the desk: withdraw it to make changes.',
    );
    await expect(workflow(page).getByRole('button', { name: 'Withdraw' })).toBeVisible();
    await expect(page.getByLabel('Headline', { exact: true })).not.toBeEditable();
    await expectFieldsToLook(page, 'read-only');

    await workAs(page, 'Zhang Min', 'Editor');
    await goTo(page, 'Desk');
    const submitted = page.getByRole('region', { name: /Submitted \(1\)/ });
    await submitted.getByRole('link', { name: HEADLINE }).click();
    await expect(page).toHaveURL(/#\/stories\//);
    await workflow(page).getByRole('button', { name: 'Return to reporter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return to reporter' });
    await dialog.getByRole('button', { name: 'Return with note' }).click();
    await expect(dialog.getByRole('alert')).toContainText(
      'Note for the reporter: say what to fix.',
    );
    const axe = await new AxeBuilder({ page }).include('.workflow-bar').analyze();
    expect(axe.violations).toEqual([]);
    await dialog.getByLabel('Note for the reporter').fill('Add a quote from CETC, please.');
    await dialog.getByRole('button', { name: 'Return with note' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(workflow(page).getByText('Returned', { exact: true })).toBeVisible();

    await workAs(page, 'Li Wei', 'Reporter');
    const returnNote = page.getByRole('note', { name: 'Returned by the desk' });
    await expect(returnNote).toContainText('Returned by Zhang Min');
    await expect(returnNote).toContainText('Add a quote from CETC, please.');
    await expect(workflow(page).getByRole('button', { name: 'Publish' })).toHaveCount(0);
    await expect(page.getByLabel('Headline', { exact: true })).toBeEditable();
    await expectFieldsToLook(page, 'editable');
    await workflow(page).getByRole('button', { name: 'Submit to desk' }).click();
    await expect(workflow(page).getByText('Submitted', { exact: true })).toBeVisible();

    await workAs(page, 'Zhang Min', 'Editor');
    await workflow(page).getByRole('button', { name: 'Approve' }).click();
    await expect(workflow(page).getByText('Approved', { exact: true })).toBeVisible();
    await workflow(page).getByRole('button', { name: 'Publish' }).click();
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    await expect(workflow(page).getByRole('button', { name: 'Publish correction' })).toBeVisible();

    await openHistory(page);
    const trail = page.getByRole('region', { name: 'Trail' });
    await expect(trail.getByRole('listitem')).toHaveText([
      /Li Wei \(Reporter\) submitted to the desk: Draft → Submitted/,
      /Zhang Min \(Editor\) returned to the reporter: Submitted → Returned.*Add a quote from CETC, please\./s,
      /Li Wei \(Reporter\) submitted to the desk: Returned → Submitted/,
      /Zhang Min \(Editor\) approved: Submitted → Approved/,
      /Zhang Min \(Editor\) published: Approved → Published/,
    ]);

    const portal = path.join(workstation.dataDir, 'portal');
    await expect.poll(() => findFile(portal, 'wuxi-iot-partnership')).not.toBeNull();
    const page0 = findFile(portal, 'wuxi-iot-partnership');
    expect(page0 === null ? '' : readFileSync(page0, 'utf8')).toContain(HEADLINE);
  });

  test('a newsroom note is seen by every role and never reaches the portal', async ({
    page,
    workstation,
  }) => {
    await workAs(page, 'Li Wei', 'Reporter');
    await writeWuxiStory(page);
    await openHistory(page);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('alert')).toContainText('Newsroom note: write the note first.');
    await page
      .getByLabel('Newsroom note', { exact: true })
      .fill('Photos from the ceremony are on their way.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await workAs(page, 'Chen Jing', 'Photo desk');
    await openHistory(page);
    const notes = page.getByRole('region', { name: 'Newsroom notes' });
    await expect(notes).toContainText('Li Wei (Reporter)');
    await expect(notes).toContainText('Photos from the ceremony are on their way.');
    await expect(workflow(page).getByRole('button')).toHaveCount(0);
    await expect(workflow(page)).toContainText(
      'The photo desk edits the lead photo and figures; the text is the newsroom’s.',
    );
    expect(findFile(path.join(workstation.dataDir, 'portal'), 'wuxi-iot-partnership')).toBeNull();
  });

  test('publishing a story whose photo lacks alt text is refused with that reason', async ({
    page,
  }) => {
    await workAs(page, 'Chen Jing', 'Photo desk');
    await importPhotoThroughUi(page, {
      name: 'signing.jpg',
      caption: 'The signing ceremony in Nanjing on Feb 28.',
      width: 1200,
      height: 800,
    });
    const card = page.getByRole('article', { name: 'signing.jpg', exact: true });
    await expect(card.getByLabel('Caption')).toHaveValue(
      'The signing ceremony in Nanjing on Feb 28.',
    );
    await expect(card.getByLabel('Alt text')).toHaveValue('');

    await workAs(page, 'Zhang Min', 'Editor');
    await writeWuxiStory(page);
    await page.getByRole('button', { name: 'Choose lead photo' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /signing ceremony/ })
      .click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await workAs(page, 'Li Wei', 'Reporter');
    await workflow(page).getByRole('button', { name: 'Submit to desk' }).click();
    await workAs(page, 'Zhang Min', 'Editor');
    await workflow(page).getByRole('button', { name: 'Approve' }).click();
    await workflow(page).getByRole('button', { name: 'Publish' }).click();
    const alert = workflow(page).getByRole('alert');
    await expect(alert).toContainText('Publish was refused.');
    await expect(alert).toContainText('Lead photo: add the alt text.');
    await expect(workflow(page).getByText('Approved', { exact: true })).toBeVisible();
  });
});

test.describe('after publication', () => {
  test('a correction republishes at the same URL with its note; unpublish takes the page down; spike and restore', async ({
    page,
    workstation,
  }) => {
    await approveWuxiStory(page);
    await workflow(page).getByRole('button', { name: 'Publish' }).click();
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    const site = path.join(workstation.dataDir, 'portal', 'current');
    await expect.poll(() => findFile(site, 'wuxi-iot-partnership')).not.toBeNull();
    const articleFile = findFile(site, 'wuxi-iot-partnership') ?? '';

    await workflow(page).getByRole('button', { name: 'Publish correction' }).click();
    const correction = page.getByRole('dialog', { name: 'Publish correction' });
    await correction.getByRole('button', { name: 'Publish the correction' }).click();
    await expect(correction.getByRole('alert')).toContainText(
      'Correction note: say what was corrected.',
    );
    await correction
      .getByLabel('Correction note')
      .fill('An earlier version misstated the investment; it is 10 billion yuan.');
    await correction.getByRole('button', { name: 'Publish the correction' }).click();
    await expect(correction).toHaveCount(0);
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    await expect
      .poll(() => readFileSync(articleFile, 'utf8'))
      .toContain('An earlier version misstated the investment; it is 10 billion yuan.');
    expect(findFile(site, 'wuxi-iot-partnership')).toBe(articleFile);

    await workflow(page).getByRole('button', { name: 'Unpublish' }).click();
    const unpublish = page.getByRole('dialog', { name: 'Unpublish' });
    await unpublish.getByLabel('Reason').fill('Legal asked for it to come down.');
    await unpublish.getByRole('button', { name: 'Unpublish the story' }).click();
    await expect(workflow(page).getByText('Unpublished', { exact: true })).toBeVisible();
    await expect.poll(() => existsSync(articleFile)).toBe(false);

    await workflow(page).getByRole('button', { name: 'Spike' }).click();
    await expect(workflow(page).getByText('Spiked', { exact: true })).toBeVisible();
    await expect(workflow(page)).toContainText('Spiked: restore it to make changes.');
    await workflow(page).getByRole('button', { name: 'Restore' }).click();
    await expect(workflow(page).getByText('Unpublished', { exact: true })).toBeVisible();

    await openHistory(page);
    await expect(page.getByRole('region', { name: 'Trail' }).getByRole('listitem')).toHaveText([
      /submitted to the desk: Draft → Submitted/,
      /approved: Submitted → Approved/,
      /published: Approved → Published/,
      /published a correction: Published → Published.*10 billion yuan/s,
      /unpublished: Published → Unpublished.*Legal asked for it to come down\./s,
      /spiked: Unpublished → Spiked/,
      /restored: Spiked → Unpublished/,
    ]);
  });
});

test.describe('scheduled publication', () => {
  test('a story scheduled one minute ahead publishes once while the workstation runs', async ({
    page,
    workstation,
  }) => {
    const { storyId, at } = await scheduleWuxiStoryInAMinute(page);
    await expect(workflow(page)).toContainText(/publishes \d\d:\d\d Beijing time, in (1|2) min/);
    await runPastReleaseTime(page, at);
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    await page.clock.runFor(120_000);
    await page.reload();
    await expectPublishedOnce(page, storyId);
    await expect
      .poll(() => findFile(path.join(workstation.dataDir, 'portal'), 'wuxi-iot-partnership'))
      .not.toBeNull();
  });

  test('with two windows open, a scheduled story still publishes once', async ({ page }) => {
    const { storyId, at } = await scheduleWuxiStoryInAMinute(page);
    const second = await page.context().newPage();
    await second.goto(withHash(page.url(), '#/desk'));
    await expect(second.getByRole('heading', { name: 'Scheduled (1)' })).toBeVisible();
    await runPastReleaseTime(page, at);
    await expect(second.getByRole('heading', { name: 'Scheduled (0)' })).toBeVisible();
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    await page.clock.runFor(120_000);
    await second.close();
    await page.reload();
    await expectPublishedOnce(page, storyId);
  });

  test('a claim left by a run that stopped before finishing blocks Unschedule and is completed once', async ({
    page,
  }) => {
    const { storyId, at } = await scheduleWuxiStoryInAMinute(page);
    await leaveReleaseClaim(page, storyId);

    await workflow(page).getByRole('button', { name: 'Unschedule' }).click();
    await expect(workflow(page).getByRole('alert')).toContainText(
      'State: the story is being published at its scheduled time.',
    );
    await runPastReleaseTime(page, at);
    await expect(workflow(page).getByText('Published', { exact: true })).toBeVisible();
    await page.reload();
    await expectPublishedOnce(page, storyId);
  });

  test('a story scheduled one minute ahead publishes once at the next start after its time', async ({
    page,
    workstation,
  }) => {
    const { storyId, at } = await scheduleWuxiStoryInAMinute(page);
    await page.goto('about:blank');
    const restarted = await workstation.restartServices(() =>
      page.clock.setSystemTime(at + 5 * 60_000),
    );
    await restarted.goto(withHash(restarted.url(), `#/stories/${storyId}`));
    await expect(workflow(restarted).getByText('Published', { exact: true })).toBeVisible();
    await restarted.reload();
    await expectPublishedOnce(restarted, storyId);
    expect(
      findFile(path.join(workstation.dataDir, 'portal'), 'wuxi-iot-partnership'),
    ).not.toBeNull();
  });
});

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => Date.now());
}

async function approveWuxiStory(page: Page): Promise<string> {
  await workAs(page, 'Li Wei', 'Reporter');
  const storyId = await writeWuxiStory(page);
  await workflow(page).getByRole('button', { name: 'Submit to desk' }).click();
  await workAs(page, 'Zhang Min', 'Editor');
  await workflow(page).getByRole('button', { name: 'Approve' }).click();
  await expect(workflow(page).getByText('Approved', { exact: true })).toBeVisible();
  return storyId;
}

/**
 * Installs the page's clock, writes and approves the Wuxi story and schedules it a minute ahead;
 * answers its id and the time it is scheduled for. The page's clock starts ten minutes in the past:
 * main judges a release by its own real clock (a story is released only once its time has come),
 * so the time the page fast-forwards to must already have passed for main too.
 */
async function scheduleWuxiStoryInAMinute(page: Page): Promise<{ storyId: string; at: number }> {
  await page.clock.install({ time: Date.now() - 10 * 60_000 });
  await page.reload();
  const storyId = await approveWuxiStory(page);
  const at = await scheduleInAMinute(page);
  return { storyId, at };
}

/** Fast-forwards the page's clock to five seconds past a story's scheduled time `at`. */
async function runPastReleaseTime(page: Page, at: number): Promise<void> {
  await page.clock.runFor(at - (await pageNow(page)) + 5_000);
}

/** Schedules the open story for the next whole minute at least a minute away; returns that time. */
async function scheduleInAMinute(page: Page): Promise<number> {
  const now = await pageNow(page);
  const at = Math.ceil((now + 60_000) / 60_000) * 60_000;
  const local = new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
  await workflow(page).getByRole('button', { name: 'Schedule' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule' });
  await dialog.getByLabel('Publish at').fill(local);
  await dialog.getByRole('button', { name: 'Confirm schedule' }).click();
  await expect(workflow(page).getByText('Scheduled', { exact: true })).toBeVisible();
  return at;
}

/**
 * Writes what a scheduler run leaves when the workstation stops between claiming a story and
 * recording its publication: a `release` event in the trail while the story is still scheduled.
 */
async function leaveReleaseClaim(page: Page, storyId: string): Promise<void> {
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('newsroom-workstation');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const transaction = opening.result.transaction('events', 'readwrite');
          transaction.objectStore('events').put({
            id: crypto.randomUUID(),
            storyId: id,
            at: Date.now(),
            actor: 'Zhang Min',
            role: 'editor',
            action: 'release',
            from: 'scheduled',
            to: 'published',
            note: 'Published at the scheduled time.',
          });
          transaction.oncomplete = () => {
            opening.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    storyId,
  );
}

async function expectPublishedOnce(page: Page, storyId: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`#/stories/${storyId}$`));
  await openHistory(page);
  const trail = page.getByRole('region', { name: 'Trail' });
  await expect(trail.getByRole('listitem').last()).toContainText(
    'published at the scheduled time: Scheduled → Published',
  );
  await expect(
    trail
      .getByRole('listitem')
      .filter({ hasText: 'published at the scheduled time: Scheduled → Published' }),
  ).toHaveCount(1);
}

/** The first HTML file under a folder whose name contains `namePart`, or null. */
function findFile(folder: string, namePart: string): string | null {
  if (!existsSync(folder)) return null;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, namePart);
      if (found !== null) return found;
    } else if (entry.name.includes(namePart) && entry.name.endsWith('.html')) return full;
  }
  return null;
}
