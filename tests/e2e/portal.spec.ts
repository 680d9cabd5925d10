import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { HtmlValidate } from 'html-validate';
import type { PublishOutcome } from '../../shared/api/portal';
import { renderPreview } from '../../shared/portal/preview';
import { DEFAULT_PORTAL_PROFILE } from '../../shared/portal/profile';
import { ATTACK_STRINGS } from '../support/portal/attacks';
import { buildAttackStory } from '../support/portal/attackSite';
import { buildWuxiStory, WUXI_PHOTO_IDS } from '../support/portal/wuxi';
import { formatDate } from '../../shared/portal/time';
import type { Result } from '../../shared/result';
import type { StoryWithBody } from '../../shared/story/story';
import { expect, test } from '../support/fixtures';
import { buildJpeg } from '../support/images';

const BASE = DEFAULT_PORTAL_PROFILE.baseUrl;

/**
 * Calls the workstation's API from the app page, as its own client does in browser mode (with the
 * token the page keeps from its ready URL).
 */
async function callApi<T>(page: Page, channel: string, input: unknown): Promise<Result<T>> {
  return page.evaluate(
    async ({ channel, input }) => {
      const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${localStorage.getItem('workstation-token') ?? ''}`,
        },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    { channel, input },
  );
}

/** Imports a real JPEG into the photo library through `media:import` and returns its id. */
async function importPhoto(page: Page, fileName: string, color: string): Promise<string> {
  const bytes = [...(await buildJpeg({ width: 1800, height: 1200, color }))];
  const result = await page.evaluate(
    async ({ fileName, bytes }) => {
      const response = await fetch('/api/media%3Aimport', {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          'x-api-args': encodeURIComponent(JSON.stringify({ fileName })),
          authorization: `Bearer ${localStorage.getItem('workstation-token') ?? ''}`,
        },
        body: new Uint8Array(bytes),
      });
      return response.json();
    },
    { fileName, bytes },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value.photo.id;
}

/** The Wuxi story with real library photos in its figures, never published yet. */
async function wuxiStoryWithPhotos(page: Page): Promise<StoryWithBody> {
  const signing = await importPhoto(page, 'signing.jpg', '#a03020');
  const symposium = await importPhoto(page, 'symposium.jpg', '#2050a0');
  const story = buildWuxiStory({
    firstPublishedAt: null,
    lastPublishedAt: null,
    state: 'approved',
  });
  return {
    ...story,
    body: story.body.map((block) =>
      block.type !== 'figure'
        ? block
        : { ...block, photoId: block.photoId === WUXI_PHOTO_IDS.signing ? signing : symposium },
    ),
  };
}

/**
 * Publishes through the channel as the workflow bar does: the story as it is now, the action and
 * its input. Main decides with its own role setting, so the workstation works as an editor.
 */
async function publish(
  page: Page,
  story: StoryWithBody,
  correctionNote: string | null = null,
): Promise<PublishOutcome> {
  const settings = await callApi(page, 'settings:update', { role: 'editor' });
  if (!settings.ok) throw new Error(settings.error.message);
  const result = await callApi<PublishOutcome>(
    page,
    'portal:publish',
    correctionNote === null
      ? { story: { ...story, state: 'approved' }, action: 'publish', input: {} }
      : {
          story: { ...story, state: 'published' },
          action: 'publishCorrection',
          input: { correctionNote },
        },
  );
  if (!result.ok) throw new Error(`${result.error.message} ${result.error.details?.join(' ')}`);
  return result.value;
}

function siteFile(outcome: PublishOutcome, sitePath: string): string {
  const root = outcome.localFile.slice(0, outcome.localFile.length - outcome.path.length);
  return path.join(root, ...sitePath.split('/'));
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.length} nodes`);
}

test.describe('the portal', () => {
  test('publishing the Wuxi story writes the seed page, and the section page, home page, feed and sitemap list it', async ({
    page,
  }) => {
    const story = await wuxiStoryWithPhotos(page);
    const outcome = await publish(page, story);
    expect(outcome.path).toMatch(/^news\/\d{4}\/\d{2}\/\d{2}\/wuxi-iot-partnership\.html$/);
    expect(outcome.url).toBe(`${BASE}/${outcome.path}`);
    expect(outcome.pagesWritten).toEqual(
      expect.arrayContaining([
        outcome.path,
        'news/index.html',
        'index.html',
        'feed.xml',
        'sitemap.xml',
      ]),
    );

    const reader = await page.context().newPage();
    await reader.goto(pathToFileURL(outcome.localFile).href);
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(story.headline);
    await expect(reader.getByText('Updated :')).toHaveText(
      `Updated : ${formatDate(outcome.lastPublishedAt, 'Asia/Shanghai')}`,
    );
    await expect(reader.getByText('(chinadaily.com.cn)', { exact: true })).toBeVisible();
    await expect(reader.locator('figcaption')).toHaveText([
      /The Wuxi municipal government .* \[Photo provided to China Daily\]$/,
      /Jiangsu government officials .* \[Photo provided to China Daily\]$/,
    ]);
    // The section tree above the footer, every sub-section visible, as on the seed page.
    const tree = reader.getByRole('navigation', { name: 'All sections', exact: true });
    for (const section of DEFAULT_PORTAL_PROFILE.sections) {
      for (const name of [section.name, ...section.children.map((child) => child.name)]) {
        await expect(tree.getByRole('link', { name, exact: true })).toBeVisible();
      }
    }
    await expect(
      reader
        .getByRole('navigation', { name: 'Sections', exact: true })
        .getByRole('link', { name: 'News', exact: true }),
    ).toBeVisible();
    await expect(reader.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText('Home > News');
    await expect(reader.locator('footer')).toHaveText(
      /Copyright © China Daily\. All rights reserved\.\s*The Information Office of Wuxi Municipal People's Government\.\s*Presented by China Daily\./,
    );
    const imagesLoaded = await reader
      .locator('figure img')
      .evaluateAll((images) =>
        images.map(
          (image) => image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0,
        ),
      );
    expect(imagesLoaded).toEqual([true, true]);
    expect(await seriousViolations(reader)).toEqual([]);

    for (const listing of ['news/index.html', 'index.html']) {
      await reader.goto(pathToFileURL(siteFile(outcome, listing)).href);
      await expect(reader.getByRole('link', { name: story.headline }).first()).toBeVisible();
      const target = await reader
        .getByRole('link', { name: story.headline })
        .first()
        .getAttribute('href');
      expect(path.posix.normalize(path.posix.join(path.posix.dirname(listing), target ?? ''))).toBe(
        outcome.path,
      );
      expect(await seriousViolations(reader)).toEqual([]);
    }
    await reader.close();
    expect(readFileSync(siteFile(outcome, 'feed.xml'), 'utf8')).toContain(
      `<link>${outcome.url}</link>`,
    );
    expect(readFileSync(siteFile(outcome, 'sitemap.xml'), 'utf8')).toContain(
      `<loc>${outcome.url}</loc>`,
    );

    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const errors: string[] = [];
    for (const sitePath of outcome.pagesWritten.filter((written) => written.endsWith('.html'))) {
      const report = await validator.validateString(
        readFileSync(siteFile(outcome, sitePath), 'utf8'),
      );
      for (const result of report.results) {
        for (const message of result.messages)
          if (message.severity === 2) errors.push(`${sitePath}: ${message.message}`);
      }
    }
    expect(errors).toEqual([]);
  });

  test('a correction keeps the URL and shows its note; unpublishing removes the page and every link to it', async ({
    page,
  }) => {
    const story = await wuxiStoryWithPhotos(page);
    const first = await publish(page, story);
    const corrected = await publish(
      page,
      story,
      'An earlier version misstated the size of the investment.',
    );
    expect({ path: corrected.path, isCorrection: corrected.isCorrection }).toEqual({
      path: first.path,
      isCorrection: true,
    });
    const reader = await page.context().newPage();
    await reader.goto(pathToFileURL(corrected.localFile).href);
    await expect(reader.getByRole('complementary', { name: 'Correction' })).toContainText(
      'An earlier version misstated the size of the investment.',
    );

    const unpublished = await callApi<{ pagesRemoved: string[] }>(page, 'portal:unpublish', {
      story: { ...story, state: 'published' },
      reason: 'Legal asked for it',
    });
    expect(unpublished.ok && unpublished.value.pagesRemoved.includes(first.path)).toBe(true);
    for (const listing of ['news/index.html', 'index.html', 'feed.xml', 'sitemap.xml']) {
      expect(readFileSync(siteFile(first, listing), 'utf8')).not.toContain('wuxi-iot-partnership');
    }
    const gone = await reader
      .goto(pathToFileURL(first.localFile).href)
      .catch((error: unknown) => error);
    expect(gone instanceof Error).toBe(true);
    await reader.close();
  });

  test(`${ATTACK_STRINGS.length} attack strings in every field, caption and link run nothing in the published pages or the preview frame`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const signing = await importPhoto(page, 'signing.jpg', '#a03020');
    const symposium = await importPhoto(page, 'symposium.jpg', '#2050a0');
    const reader = await page.context().newPage();
    const dialogs: string[] = [];
    reader.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const failures: string[] = [];
    for (const [index, attack] of ATTACK_STRINGS.entries()) {
      const attackStory = buildAttackStory(attack, index);
      const story: StoryWithBody = {
        ...attackStory,
        // The slug is a URL segment or the gate refuses the story; the attack fills every other field.
        slug: `attack-${index}`,
        firstPublishedAt: null,
        lastPublishedAt: null,
        leadPhoto:
          attackStory.leadPhoto === null ? null : { ...attackStory.leadPhoto, photoId: signing },
        body: attackStory.body.map((block) =>
          block.type === 'figure' ? { ...block, photoId: symposium } : block,
        ),
      };
      const outcome = await publish(page, story);
      for (const sitePath of [outcome.path, 'index.html', 'news/index.html']) {
        await reader.goto(pathToFileURL(siteFile(outcome, sitePath)).href);
        const found = await reader.evaluate(() => ({
          isPwned: (window as unknown as { __pwned?: unknown }).__pwned !== undefined,
          executable: Array.from(document.scripts).filter(
            (script) => script.type !== 'application/ld+json',
          ).length,
          handlers: Array.from(document.querySelectorAll('*')).filter((element) =>
            element.getAttributeNames().some((name) => name.startsWith('on')),
          ).length,
        }));
        if (found.isPwned || found.executable > 0 || found.handlers > 0) {
          failures.push(`${JSON.stringify(attack)} ${sitePath}: ${JSON.stringify(found)}`);
        }
      }
      const headlines = await reader.locator('.story-list h2 a').allTextContents();
      if (!headlines.includes(attack.replace(/\0/g, ''))) {
        failures.push(`${JSON.stringify(attack)} is not shown as text on its section page`);
      }

      // The preview's HTML in a sandboxed frame of the app itself, under the app's CSP.
      const preview = renderPreview(story, {
        profile: DEFAULT_PORTAL_PROFILE,
        now: outcome.lastPublishedAt,
        archivedPath: outcome.path,
        recent: [],
        photos: new Map(),
        imageUrl: (photoId, name) => `/media/${photoId}/${name}`,
      });
      const framed = await page.evaluate(async (html) => {
        const frame = document.createElement('iframe');
        frame.title = 'Attack preview';
        frame.setAttribute('sandbox', '');
        frame.srcdoc = html;
        const loaded = new Promise((resolve) =>
          frame.addEventListener('load', resolve, { once: true }),
        );
        document.body.append(frame);
        await loaded;
        await new Promise((resolve) => setTimeout(resolve, 20));
        frame.remove();
        return (window as unknown as { __pwned?: unknown }).__pwned !== undefined;
      }, preview.articleHtml);
      if (framed) failures.push(`${JSON.stringify(attack)} preview frame`);
    }
    expect({ failures, dialogs }).toEqual({ failures: [], dialogs: [] });
    await reader.close();
  });
});
