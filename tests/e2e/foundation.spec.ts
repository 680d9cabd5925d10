import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../support/fixtures';

test.describe('the workstation shell', () => {
  test('offers the four views by name', async ({ page }) => {
    const navigation = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Stories', 'Desk', 'Photos', 'Settings']) {
      await expect(navigation.getByRole('link', { name })).toBeVisible();
    }
  });

  test('keeps your name and role across a reload and a restart of the services', async ({
    page,
    workstation,
  }) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByLabel('Your name').fill('Zhang Wei 张伟');
    await page.getByLabel('Role').selectOption({ label: 'Editor' });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved');

    await page.reload();
    await expect(page.getByLabel('Your name')).toHaveValue('Zhang Wei 张伟');
    await expect(page.getByLabel('Role')).toHaveValue('editor');

    const restarted = await workstation.restartServices();
    await expect(restarted.getByLabel('Your name')).toHaveValue('Zhang Wei 张伟');
    await expect(restarted.getByLabel('Role')).toHaveValue('editor');
    await expect(restarted.getByText('Zhang Wei 张伟 · Editor')).toBeVisible();
  });

  test('refuses a relative publish folder with a clear message and keeps the old value', async ({
    page,
  }) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByLabel('Publish folder').fill('portal/out');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'The publish folder must be an absolute path',
    );
    await page.reload();
    await expect(page.getByLabel('Publish folder')).toHaveValue('');
  });

  test('starts with a garbage settings file, says so, and keeps the garbage aside', async ({
    workstation,
  }) => {
    const settingsFile = path.join(workstation.dataDir, 'settings.json');
    const garbage = '{"userName": "Li", role: ???\u0000 not json';
    const page = await workstation.restartServices(() => writeFileSync(settingsFile, garbage));
    await expect(page.getByRole('alert')).toContainText('The settings file could not be read');
    const aside = readdirSync(workstation.dataDir).filter((name) =>
      name.startsWith('settings.corrupt-'),
    );
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(workstation.dataDir, aside[0] ?? ''), 'utf8')).toBe(garbage);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await expect(page.getByLabel('Role')).toHaveValue('reporter');
  });
});

test.describe('browser mode security', () => {
  test.beforeEach(({ workstation }) => {
    test.skip(workstation.server === null, 'browser mode only');
  });

  test('refuses requests without the token, with a foreign origin, or for another host', async ({
    workstation,
    playwright,
  }) => {
    const server = workstation.server;
    if (server === null) return;
    const request = await playwright.request.newContext();
    const api = `${server.origin}/api/settings:get`;
    const json = { 'content-type': 'application/json' };
    const statuses = await Promise.all([
      request.get(`${server.origin}/?token=wrong`).then((response) => response.status()),
      request.post(api, { headers: json, data: null }).then((response) => response.status()),
      request
        .post(api, { headers: { ...json, authorization: 'Bearer wrong' }, data: null })
        .then((r) => r.status()),
      request
        .post(api, {
          headers: {
            ...json,
            authorization: `Bearer ${server.token}`,
            origin: 'http://evil.example',
          },
          data: null,
        })
        .then((response) => response.status()),
      request
        .get(`${server.origin}/`, {
          headers: { authorization: `Bearer ${server.token}`, host: `evil.example:${server.port}` },
        })
        .then((response) => response.status()),
      request
        .post(api, { headers: { ...json, authorization: `Bearer ${server.token}` }, data: null })
        .then((r) => r.status()),
    ]);
    expect(statuses).toEqual([401, 401, 401, 403, 403, 200]);
    await request.dispose();
  });

  test('serves nothing outside the app folder, however the path is spelled', async ({
    workstation,
    playwright,
  }) => {
    const server = workstation.server;
    if (server === null) return;
    const request = await playwright.request.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${server.token}` },
    });
    const paths = [
      '/../package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/media/..%2f..%2fsettings.json/original',
      '/media/../../settings.json',
    ];
    const statuses = await Promise.all(
      paths.map((p) => request.get(`${server.origin}${p}`).then((response) => response.status())),
    );
    expect(statuses).toEqual(paths.map(() => 404));
    await request.dispose();
  });

  test('sends a strict Content-Security-Policy with the app', async ({ workstation, page }) => {
    const server = workstation.server;
    if (server === null) return;
    const response = await page.request.get(`${server.origin}/`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
  });
});
