import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { importPhotoThroughUi, insertPhoto } from '../support/photos';
import { newStory } from '../support/stories';

const HEADLINE = 'Wuxi reaps strong partnership to push forward IoT industry';

function previewFrame(page: Page) {
  return page.frameLocator('iframe[title="Portal preview"]');
}

test.describe('the portal preview', () => {
  test('shows the story as the portal page, follows typing, and switches width and page', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page.getByLabel('Slug', { exact: true }).fill('wuxi-iot-partnership');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    const iframe = page.getByTitle('Portal preview');
    await expect(iframe).toHaveAttribute('sandbox', '');
    await expect(previewFrame(page).getByRole('heading', { level: 1 })).toHaveText(HEADLINE);
    await expect(
      previewFrame(page).getByText('(chinadaily.com.cn)', { exact: true }),
    ).toBeVisible();
    await expect(previewFrame(page).getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(
      'Home > News',
    );
    await expect(
      page.getByText(
        /Would be published at https:\/\/wuxi\.chinadaily\.com\.cn\/news\/\d{4}\/\d{2}\/\d{2}\/wuxi-iot-partnership\.html/,
      ),
    ).toBeVisible();

    await page.getByLabel('Headline', { exact: true }).fill(`${HEADLINE}, officials say`);
    await expect(previewFrame(page).getByRole('heading', { level: 1 })).toHaveText(
      `${HEADLINE}, officials say`,
    );

    await page.getByRole('button', { name: 'Mobile', exact: true }).click();
    await expect(iframe).toHaveAttribute('width', '390');
    await page.getByRole('button', { name: 'Desktop', exact: true }).click();
    await expect(iframe).toHaveAttribute('width', '1280');

    await page.getByRole('button', { name: 'Home page', exact: true }).click();
    await expect(previewFrame(page).getByText('Your story').first()).toBeVisible();
    await expect(
      page.getByText('On the home page, this story would be the lead story.'),
    ).toBeVisible();
  });

  test('fits the desktop page into the side panel, and shows it at 100 % on request', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const iframe = page.getByTitle('Portal preview');
    await expect(previewFrame(page).getByRole('heading', { level: 1 })).toHaveText(HEADLINE);
    const frame = page.locator('.portal-preview-frame');

    // Fitted: the whole 1280 px page shows, shrunk to the panel, with nothing cut off at the side.
    await expect(page.getByRole('button', { name: 'Fit to panel' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const panelWidth = await frame.evaluate((element) => element.clientWidth);
    expect(panelWidth).toBeLessThan(1280);
    const fitted = await iframe.boundingBox();
    expect(fitted?.width ?? 0).toBeLessThanOrEqual(panelWidth + 1);
    expect(fitted?.width ?? 0).toBeGreaterThan(panelWidth - 2);
    const percent = Math.round((panelWidth / 1280) * 100);
    await expect(page.getByText(`1280 px wide, shown at ${percent} %`)).toBeVisible();
    expect(await frame.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(
      true,
    );
    // The page inside is laid out at desktop width (the rail beside the article), not squeezed.
    expect(
      await previewFrame(page)
        .locator('body')
        .evaluate((body) => body.ownerDocument.documentElement.clientWidth),
    ).toBe(1280);

    // At 100 %: real pixels, and the panel scrolls sideways to the rest of the page.
    await page.getByRole('button', { name: '100 %' }).click();
    await expect(page.getByText('1280 px wide, shown at 100 %')).toBeVisible();
    await expect.poll(async () => (await iframe.boundingBox())?.width).toBe(1280);
    expect(await frame.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    // Mobile fits the panel as it is: shown at 100 % in either mode.
    await page.getByRole('button', { name: 'Mobile', exact: true }).click();
    await page.getByRole('button', { name: 'Fit to panel' }).click();
    await expect(page.getByText('390 px wide, shown at 100 %')).toBeVisible();
  });

  test('shows the photos of the story inside the sandboxed frame, loaded and decoded', async ({
    page,
  }) => {
    const caption = 'Officials sign a cooperation agreement in Nanjing.';
    await importPhotoThroughUi(page, { name: 'signing.jpg', caption });
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await insertPhoto(page, /sign a cooperation agreement/);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    const image = previewFrame(page).locator('figure img');
    await expect(previewFrame(page).locator('figcaption')).toContainText(caption);
    // Not the markup: the picture itself, fetched from inside the opaque-origin frame and decoded
    // (decode() rejects for an image the browser refused or could not read).
    await expect
      .poll(() =>
        image.evaluate(async (element: HTMLImageElement) => {
          try {
            await element.decode();
            return element.naturalWidth;
          } catch {
            return 0;
          }
        }),
      )
      .toBeGreaterThan(0);
  });

  test('runs no script typed into the story', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await newStory(page);
    const attack = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await page.getByLabel('Headline', { exact: true }).fill(attack);
    await page.getByLabel('Subheadline', { exact: true }).fill('"><svg onload=alert(3)>');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(previewFrame(page).getByRole('heading', { level: 1 })).toHaveText(attack);
    await expect(previewFrame(page).locator('img[src="x"], svg, script:not([type])')).toHaveCount(
      0,
    );
    expect(dialogs).toEqual([]);
  });
});
