import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { launchChromium, type LaunchedBrowser } from '../support/browser';
import { expect, test } from '../support/fixtures';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type NewsroomPerson,
  type TestNewsroom,
} from '../support/newsroom';
import { callNewsroom, savedState, tokenOf } from '../support/newsroomWorkstation';
import { importPhotoThroughUi, insertPhoto, jpegFile } from '../support/photos';
import { localReferences } from '../support/publishing/site';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3';
import { startServer, type ServerHandle } from '../support/server';
import { startSshServer, type SshServer } from '../support/sshd';

/** One signed-in browser-mode workstation of a person. */
interface SignedInWorkstation {
  server: ServerHandle;
  browser: LaunchedBrowser;
  page: Page;
}

/** Calls a channel of a browser-mode workstation's API, as its page does. */
async function callWorkstation(server: ServerHandle, channel: string, input: unknown) {
  const answer = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body: unknown = await answer.json();
  return body;
}

function photoCard(page: Page, fileName: string) {
  return page.getByRole('article', { name: fileName, exact: true });
}

function workflow(page: Page) {
  return page.getByRole('region', { name: 'Workflow' });
}

async function openView(page: Page, name: 'Photos' | 'Desk' | 'Stories'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

const targetsSchema = z.object({
  ok: z.literal(true),
  value: z.array(z.object({ name: z.string(), state: z.string() })),
});

/** Each publish target's state as `targets:status` tells it, by name. */
async function targetStates(newsroomUrl: string, token: string): Promise<Record<string, string>> {
  const { body } = await callNewsroom(newsroomUrl, 'targets:status', {}, token);
  return Object.fromEntries(
    targetsSchema.parse(body).value.map((target) => [target.name, target.state]),
  );
}

test.describe('a newsroom’s photos and publish targets on its workstations', () => {
  test.skip(
    ({ target }) => target === 'electron',
    'several workstations side by side: browser mode (the Electron app runs one at a time)',
  );

  let parent: string;
  let newsroom: TestNewsroom;
  let ssh: SshServer;
  let s3: S3Server;
  const open: SignedInWorkstation[] = [];

  test.beforeEach(async () => {
    parent = mkdtempSync(path.join(tmpdir(), 'newsroom-photos-e2e-'));
    [ssh, s3] = await Promise.all([startSshServer(), startS3Server()]);
    newsroom = await startTestNewsroom({
      people: Object.values(NEWSROOM_PEOPLE),
      environment: { ...S3RVER_CREDENTIALS },
    });
    for (const args of [
      ['--name', 'web1', '--url', ssh.url, '--identity-file', ssh.identityFile],
      // A pinned key the server does not have: the outbox refuses to send, and says why.
      [
        '--name',
        'mirror',
        '--url',
        `${ssh.url}/mirror`,
        '--identity-file',
        ssh.identityFile,
        '--host-key',
        `SHA256:${'A'.repeat(43)}`,
      ],
      ['--name', 'cdn', '--url', `s3://${s3.bucket}/site`, '--endpoint', s3.endpoint],
    ]) {
      const added = await newsroom.command(['target', 'add', ...args]);
      expect(added.stderr).toBe('');
    }
  });

  // A skipped test's afterEach still runs (its beforeEach does not): nothing was opened to close.
  test.afterEach(async ({ target }) => {
    if (target === 'electron') return;
    await Promise.all(
      open.splice(0).map(async (workstation) => {
        await workstation.browser.close();
        await workstation.server.stop();
      }),
    );
    await Promise.all([newsroom.close(), ssh.stop(), s3.stop()]);
    rmSync(parent, { recursive: true, force: true });
  });

  async function signedIn(person: NewsroomPerson): Promise<SignedInWorkstation> {
    const folder = path.join(parent, person.login);
    mkdirSync(folder);
    const server = await startServer(path.join(folder, 'data'));
    const browser = await launchChromium(path.join(folder, 'profile'));
    const workstation = { server, browser, page: await browser.context.newPage() };
    open.push(workstation);
    const answer = await callWorkstation(server, 'newsroom:signIn', {
      serverUrl: newsroom.url,
      login: person.login,
      password: NEWSROOM_PASSWORD,
    });
    expect(answer).toMatchObject({ ok: true });
    await expect
      .poll(async () => callWorkstation(server, 'newsroom:status', {}), { timeout: 20_000 })
      .toMatchObject({ ok: true, value: { state: 'online' } });
    await workstation.page.goto(server.readyUrl);
    await expect(workstation.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    return workstation;
  }

  test('a photo imported on the photo desk shows on the editor’s workstation with every caption edit', async () => {
    // About 25 s on a quiet machine; the bound leaves room for a loaded one.
    test.setTimeout(90_000);
    const [photoDesk, editor] = await Promise.all([
      signedIn(NEWSROOM_PEOPLE.photoDesk),
      signedIn(NEWSROOM_PEOPLE.editor),
    ]);
    await openView(editor.page, 'Photos');

    await importPhotoThroughUi(photoDesk.page, {
      name: 'grand-canal.jpg',
      caption: 'Lanterns line the Grand Canal in Wuxi.',
    });
    // The editor's open Photos view follows the newsroom's library: no reload.
    await expect(photoCard(editor.page, 'grand-canal.jpg').getByLabel('Caption')).toHaveValue(
      'Lanterns line the Grand Canal in Wuxi.',
      { timeout: 20_000 },
    );
    // Its thumbnail shows: the file came from the server to this workstation's library.
    await expect
      .poll(() =>
        photoCard(editor.page, 'grand-canal.jpg')
          .locator('img')
          .evaluate((image: HTMLImageElement) => image.naturalWidth),
      )
      .toBeGreaterThan(0);

    const deskCard = photoCard(photoDesk.page, 'grand-canal.jpg');
    await deskCard.getByLabel('Caption').fill('Lanterns at dusk on the Grand Canal.');
    await deskCard.getByLabel('Caption').blur();
    await expect(deskCard.getByRole('status')).toHaveText('Saved');
    await expect(photoCard(editor.page, 'grand-canal.jpg').getByLabel('Caption')).toHaveValue(
      'Lanterns at dusk on the Grand Canal.',
      { timeout: 20_000 },
    );
  });

  test('the photo desk imports captioned photos, the reporter uses them, the editor publishes: the article and its photos reach the server’s site, SFTP and S3', async () => {
    // About 50 s on a quiet machine; the bound leaves room for a loaded one.
    test.setTimeout(150_000);
    const testInfo = test.info();
    const [photoDesk, reporter, editor] = await Promise.all([
      signedIn(NEWSROOM_PEOPLE.photoDesk),
      signedIn(NEWSROOM_PEOPLE.reporter),
      signedIn(NEWSROOM_PEOPLE.editor),
    ]);

    // The photo desk imports two photos captioned at the source: IPTC in one, XMP in the other.
    await openView(photoDesk.page, 'Photos');
    await photoDesk.page.getByLabel('Import photos').setInputFiles([
      await jpegFile('xihui-park.jpg', {
        width: 1200,
        height: 800,
        color: '#b5651d',
        iptc: {
          encoding: 'utf8',
          fields: { caption: 'Autumn colours in Xihui Park, Wuxi.', credit: 'Wuxi Daily' },
        },
      }),
      await jpegFile('taihu-bridge.jpg', {
        width: 1000,
        height: 700,
        color: '#4682b4',
        xmp: {
          description: 'The Taihu bridge at sunrise.',
          credit: '[Photo provided to China Daily]',
          altText: 'A long bridge over a calm lake at sunrise.',
        },
      }),
    ]);
    await expect(
      photoDesk.page.getByRole('status').filter({ hasText: 'Finished 2 files' }),
    ).toContainText('2 imported');
    // IPTC has no alt text: the photo desk writes it, for every workstation.
    const parkCard = photoCard(photoDesk.page, 'xihui-park.jpg');
    await parkCard.getByLabel('Alt text').fill('Red maple trees over a winding path.');
    await parkCard.getByLabel('Alt text').blur();
    await expect(parkCard.getByRole('status')).toHaveText('Saved');

    // The reporter writes the story and uses both photos from the newsroom's library.
    const { page: reporterPage } = reporter;
    await openView(reporterPage, 'Stories');
    await reporterPage.getByRole('button', { name: 'New story' }).click();
    await expect(reporterPage).toHaveURL(/#\/stories\/[0-9a-f-]{36}$/);
    const id = new URL(reporterPage.url()).hash.replace('#/stories/', '');
    await reporterPage.getByLabel('Headline', { exact: true }).fill('Autumn comes to Wuxi');
    await reporterPage.getByLabel('Slug', { exact: true }).fill('autumn-in-wuxi');
    await reporterPage.getByLabel('Byline', { exact: true }).fill('Li Wei');
    await reporterPage.getByLabel('Section', { exact: true }).selectOption('news');
    const body = reporterPage.getByRole('textbox', { name: 'Story body' });
    await body.click();
    await reporterPage.keyboard.type('Maples turned red across the city this week.');

    await reporterPage.getByRole('button', { name: 'Choose lead photo' }).click();
    const leadDialog = reporterPage.getByRole('dialog', { name: 'Choose lead photo' });
    const park = leadDialog.getByRole('button', { name: /Autumn colours in Xihui Park/ });
    // The alt text typed on the photo desk has reached this library before it is chosen.
    await expect(park).not.toContainText('Needs alt text', { timeout: 20_000 });
    await park.click();
    await expect(leadDialog).toBeHidden();
    await expect(reporterPage.getByLabel('Lead photo alt text')).toHaveValue(
      'Red maple trees over a winding path.',
    );

    await body.click();
    await reporterPage.keyboard.press('Control+End');
    await insertPhoto(reporterPage, /The Taihu bridge at sunrise/);
    const figure = body.locator('figure');
    await expect(figure.getByLabel('Figure caption')).toHaveValue('The Taihu bridge at sunrise.');
    await expect(figure.getByLabel('Figure credit')).toHaveValue('[Photo provided to China Daily]');
    await expect(savedState(reporterPage)).toHaveText('Saved');
    await workflow(reporterPage).getByRole('button', { name: 'Submit to desk' }).click();
    await expect(workflow(reporterPage).getByText('Submitted', { exact: true })).toBeVisible();
    await reporterPage.screenshot({ path: testInfo.outputPath('1-reporter-submitted.png') });

    // The editor approves and publishes on a third workstation: the server writes the site.
    const { page: editorPage } = editor;
    await openView(editorPage, 'Desk');
    const link = editorPage
      .getByRole('region', { name: /Submitted/ })
      .getByRole('link', { name: 'Autumn comes to Wuxi' });
    await expect(link).toBeVisible({ timeout: 20_000 });
    await link.click();
    await expect(
      editorPage.getByRole('textbox', { name: 'Story body' }).locator('figure'),
    ).toHaveCount(1, { timeout: 20_000 });
    await workflow(editorPage).getByRole('button', { name: 'Approve' }).click();
    await expect(workflow(editorPage).getByText('Approved', { exact: true })).toBeVisible();
    await workflow(editorPage).getByRole('button', { name: 'Publish' }).click();
    await expect(workflow(editorPage).getByText('Published', { exact: true })).toBeVisible({
      timeout: 20_000,
    });

    const token = await tokenOf(newsroom.url, NEWSROOM_PEOPLE.editor);
    const { body: story } = await callNewsroom(newsroom.url, 'story:get', { id }, token);
    const { publishedPath } = z
      .object({ value: z.object({ publishedPath: z.string() }) })
      .parse(story).value;
    const site = path.join(newsroom.dataDir, 'portal', 'current');
    const article = await readFile(path.join(site, publishedPath), 'utf8');
    for (const text of [
      'Autumn comes to Wuxi',
      'Autumn colours in Xihui Park, Wuxi.',
      'Wuxi Daily',
      'Red maple trees over a winding path.',
      'The Taihu bridge at sunrise.',
      '[Photo provided to China Daily]',
      'A long bridge over a calm lake at sunrise.',
    ])
      expect(article).toContain(text);
    const photos = localReferences(publishedPath, article).filter((file) =>
      file.startsWith('media/'),
    );
    // Two photos, each in the renditions its srcset names.
    expect(new Set(photos.map((file) => file.split('/')[1])).size).toBe(2);

    // Every target but the impostor gets the article and each photo it links, byte for byte.
    await expect
      .poll(() => targetStates(newsroom.url, token), { timeout: 60_000 })
      .toEqual({ cdn: 'current', mirror: 'failing', web1: 'current' });
    const files = [publishedPath, ...new Set(photos)];
    const local = await Promise.all(files.map((file) => readFile(path.join(site, file))));
    expect(await ssh.read(files)).toEqual(local);
    expect(await Promise.all(files.map((file) => s3.read(`site/${file}`)))).toEqual(local);

    // The Desk says so, and why the impostor gets nothing, naming no key.
    await openView(editorPage, 'Desk');
    const targets = editorPage.getByRole('region', { name: 'Publish targets' });
    const named = (name: string) => targets.getByRole('listitem').filter({ hasText: name });
    await expect(named('web1')).toContainText('current');
    await expect(named('cdn')).toContainText('current');
    await expect(named('mirror')).toContainText('failing');
    await expect(named('mirror')).toContainText('host key changed');
    await expect(named('mirror')).not.toContainText(ssh.identityFile);
    await editorPage.screenshot({ path: testInfo.outputPath('2-desk-targets.png') });
  });
});
