import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../support/fixtures';
import { importPhotoThroughUi } from '../support/photos';

// Issue 14.4, reproduced in a real browser: after the workstation has been opened and used, another
// server on a different loopback port (what any local program can run) receives nothing of its
// credential, and a photo address copied out of the app opens that one file for a short time only.

interface Recorder {
  server: Server;
  port: number;
  /** Every request it received: URL and headers, as text. */
  seen: string[];
}

async function startRecorder(): Promise<Recorder> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(JSON.stringify({ url: request.url, headers: request.headers }));
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>another local server</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

test.describe('the browser-mode credential', () => {
  test.beforeEach(({ workstation }) => {
    test.skip(workstation.server === null, 'browser mode only');
  });

  test('never reaches another server on this machine, and a copied photo URL opens only that file', async ({
    workstation,
    page,
  }) => {
    const server = workstation.server;
    if (server === null) return;
    // The ready URL handed the token over: it is gone from the address, and no cookie holds it.
    expect(page.url()).not.toContain(server.token);
    expect(await page.context().cookies()).toEqual([]);
    await importPhotoThroughUi(page, { name: 'signing.jpg', caption: 'Officials sign.' });
    const thumbnail = page.locator('img[src*="/media/"]').first();
    await expect
      .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    const copied = await thumbnail.evaluate((image: HTMLImageElement) => image.src);

    const recorder = await startRecorder();
    try {
      const visitor = await page.context().newPage();
      for (const host of ['127.0.0.1', 'localhost']) {
        await visitor.goto(`http://${host}:${recorder.port}/`);
        await expect(visitor).toHaveTitle('another local server');
      }
      await visitor.close();
      await page.reload();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      expect(recorder.seen.length).toBeGreaterThanOrEqual(4);
      const leaks = recorder.seen.filter(
        (request) => request.includes(server.token) || request.includes('"cookie"'),
      );
      expect(leaks).toEqual([]);
    } finally {
      // Chromium keeps its connections open: close them, or close() would wait for them.
      recorder.server.closeAllConnections();
      await new Promise((resolve) => recorder.server.close(resolve));
    }

    expect(copied).not.toContain(server.token);
    const url = new URL(copied);
    const [, , photoId, file] = url.pathname.split('/');
    const status = (href: string) => fetch(href).then((response) => response.status);
    expect(
      await Promise.all([
        status(url.href),
        status(url.href.replace(`/${file}?`, '/original?')),
        status(url.href.replace(photoId ?? '', '0'.repeat(64))),
        status(`${url.origin}${url.pathname}`),
      ]),
    ).toEqual([200, 401, 401, 401]);
  });
});
