import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { importPhotoThroughUi, insertPhoto } from '../support/photos';
import { newStory } from '../support/stories';
import { buildJpeg } from '../support/images';

const LIBRARY_CAPTION =
  'The Wuxi municipal government and China Electronics Technology Hik Group sign a cooperation agreement in Nanjing on Feb 28.';

function importSigningPhoto(page: Page): Promise<void> {
  return importPhotoThroughUi(page, { name: 'signing.jpg', caption: LIBRARY_CAPTION });
}

test.describe('photos in a story', () => {
  test('Insert photo places a figure with the library caption, captioned again for this story only', async ({
    page,
  }) => {
    await importSigningPhoto(page);
    await newStory(page);
    const body = page.getByRole('textbox', { name: 'Story body' });
    await body.click();
    await page.keyboard.type('An official signing ceremony was held in Nanjing.');
    await insertPhoto(page, /sign a cooperation agreement/);

    const figure = body.locator('figure');
    await expect(figure.getByLabel('Figure caption')).toHaveValue(LIBRARY_CAPTION);
    await expect(figure.getByLabel('Figure credit')).toHaveValue('[Photo provided to China Daily]');
    await expect
      .poll(() => figure.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);

    await figure.getByLabel('Figure caption').fill('Officials sign the agreement in Nanjing.');
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect(body.locator('figure').getByLabel('Figure caption')).toHaveValue(
      'Officials sign the agreement in Nanjing.',
    );
    await expect(body.locator('p').first()).toHaveText(
      'An official signing ceremony was held in Nanjing.',
    );

    await newStory(page);
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await insertPhoto(page, /sign a cooperation agreement/);
    await expect(
      page
        .getByRole('textbox', { name: 'Story body' })
        .locator('figure')
        .getByLabel('Figure caption'),
    ).toHaveValue(LIBRARY_CAPTION);
  });

  test('Choose lead photo attaches the photo with its caption, credit and alt text', async ({
    page,
  }) => {
    await importSigningPhoto(page);
    await newStory(page);
    await page.getByRole('button', { name: 'Choose lead photo' }).click();
    await page
      .getByRole('dialog', { name: 'Choose lead photo' })
      .getByRole('button', { name: /sign a cooperation agreement/ })
      .click();
    await expect(page.getByLabel('Lead photo caption')).toHaveValue(LIBRARY_CAPTION);
    await page.getByLabel('Lead photo alt text').fill('Two officials shake hands at a table.');
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect(page.getByLabel('Lead photo alt text')).toHaveValue(
      'Two officials shake hands at a table.',
    );
    await expect(page.getByLabel('Lead photo credit')).toHaveValue(
      '[Photo provided to China Daily]',
    );
  });

  test('an image dropped on the body is imported and placed as a figure where it fell', async ({
    page,
  }) => {
    await newStory(page);
    const body = page.getByRole('textbox', { name: 'Story body' });
    await body.click();
    await page.keyboard.type('Before the photo.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('After the photo.');
    await expect(page.getByRole('status')).toHaveText('Saved');
    const bytes = await buildJpeg({
      width: 640,
      height: 400,
      iptc: { encoding: 'utf8', fields: { caption: 'Dropped on the story', credit: 'Wuxi Daily' } },
    });
    await body
      .locator('p')
      .first()
      .evaluate((paragraph, data) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'dropped.jpg', { type: 'image/jpeg' }));
        const box = paragraph.getBoundingClientRect();
        paragraph.dispatchEvent(
          new DragEvent('drop', {
            dataTransfer: transfer,
            bubbles: true,
            cancelable: true,
            clientX: box.right - 2,
            clientY: box.top + box.height / 2,
          }),
        );
      }, Array.from(bytes));
    const figure = body.locator('figure');
    await expect(figure.getByLabel('Figure caption')).toHaveValue('Dropped on the story');
    await expect(figure.getByLabel('Figure credit')).toHaveValue('Wuxi Daily');
    const order = await body.evaluate((element) =>
      Array.from(element.querySelectorAll('p, figure')).map((node) =>
        node.localName === 'figure' ? 'figure' : (node.textContent ?? '').replace(/\uFEFF/g, ''),
      ),
    );
    expect(order).toEqual(['Before the photo.', 'figure', 'After the photo.']);
    await expect(page.getByRole('status')).toHaveText('Saved');
  });
});
