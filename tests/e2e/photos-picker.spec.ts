import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../support/fixtures';
import { jpegFile } from '../support/photos';
import { newStory } from '../support/stories';
import { buildTextFile } from '../support/images';

test.describe('the photo picker', () => {
  test('imports photos from inside the dialog, searches them, and inserts the chosen one', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await page.getByRole('button', { name: 'Insert photo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert photo' });
    await expect(
      dialog.getByText('The photo library is empty. Import photos above, or drop them here.'),
    ).toBeVisible();

    await dialog.getByLabel('Import photos').setInputFiles([
      await jpegFile('lingshan.jpg', {
        color: '#6b8e23',
        iptc: {
          encoding: 'gbk',
          fields: { caption: '灵山胜境的初冬景色', credit: '[Photo provided to China Daily]' },
        },
      }),
      await jpegFile('wetland.jpg', {
        color: '#4682b4',
        xmp: { description: 'In pics: Wetland parks in Wuxi', credit: 'Wuxi Daily' },
      }),
      { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(buildTextFile()) },
    ]);
    await expect(dialog.getByRole('alert')).toHaveText(
      'notes.jpg could not be imported: it is not a JPEG, PNG or WebP image, whatever its name says.',
    );
    await expect(dialog.getByRole('listitem').getByRole('button')).toHaveCount(2);
    await expect(dialog.getByRole('button', { name: /wetland\.jpg/ })).toContainText(
      'Needs alt text',
    );
    expect((await new AxeBuilder({ page }).include('dialog').analyze()).violations).toEqual([]);

    await dialog.getByLabel('Search photos').fill('wetland');
    await expect(dialog.getByRole('listitem').getByRole('button')).toHaveCount(1);
    await dialog.getByLabel('Search photos').fill('灵山');
    await dialog.getByRole('button', { name: /灵山胜境的初冬景色/ }).click();
    await expect(dialog).toBeHidden();

    const figure = page.getByRole('textbox', { name: 'Story body' }).locator('figure');
    await expect(figure.getByLabel('Figure caption')).toHaveValue('灵山胜境的初冬景色');
    await expect(figure.getByLabel('Figure credit')).toHaveValue('[Photo provided to China Daily]');
  });

  test('closes on Escape or Cancel without attaching anything', async ({ page }) => {
    await newStory(page);
    await page.getByRole('button', { name: 'Choose lead photo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose lead photo' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Insert photo' }).click();
    await page
      .getByRole('dialog', { name: 'Insert photo' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Story body' }).locator('figure')).toHaveCount(
      0,
    );
  });
});
