import { readdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import {
  buildDecompressionBombJpeg,
  buildEmptyFile,
  buildGarbledJpeg,
  buildJpeg,
  buildPng,
  buildTextFile,
  buildTruncatedJpeg,
  buildWebp,
} from '../support/images';

interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

function upload(name: string, bytes: Uint8Array, mimeType = 'image/jpeg'): UploadFile {
  return { name, mimeType, buffer: Buffer.from(bytes) };
}

async function openPhotos(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Photos' })
    .click();
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
}

/** Chooses files in the Photos view's `Import photos` input, as a person picking them would. */
async function importFiles(page: Page, files: UploadFile[]): Promise<void> {
  await page.getByLabel('Import photos').setInputFiles(files);
}

function photoCard(page: Page, fileName: string) {
  return page.getByRole('article', { name: fileName, exact: true });
}

/** Every file under a folder, relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

const CHINESE_CAPTION = '无锡市政府与中国电子科技集团在南京签署合作协议。';

test.describe('the photo desk', () => {
  test('reads English and Chinese captions from IPTC and XMP into Caption, Credit and Photographer', async ({
    page,
  }) => {
    await openPhotos(page);
    const files = [
      upload(
        'iptc-english.jpg',
        await buildJpeg({
          color: '#aa2222',
          iptc: {
            encoding: 'utf8',
            fields: {
              caption:
                'The Wuxi municipal government and China Electronics Technology Hik Group sign a cooperation agreement in Nanjing on Feb 28.',
              credit: '[Photo provided to China Daily]',
              byline: 'Zhang Wei',
            },
          },
        }),
      ),
      upload(
        'iptc-chinese-utf8.jpg',
        await buildJpeg({
          color: '#22aa22',
          iptc: {
            encoding: 'utf8',
            fields: { caption: CHINESE_CAPTION, credit: '中国日报', byline: '李强' },
          },
        }),
      ),
      upload(
        'iptc-chinese-gbk.jpg',
        await buildJpeg({
          color: '#2222aa',
          iptc: {
            encoding: 'gbk',
            fields: { caption: '灵山胜境的初冬景色', credit: '无锡日报', byline: '王小明' },
          },
        }),
      ),
      upload(
        'xmp-over-iptc.jpg',
        await buildJpeg({
          color: '#aaaa22',
          iptc: {
            encoding: 'utf8',
            fields: { caption: 'Stale IPTC caption', credit: 'Old', byline: 'Old' },
          },
          xmp: {
            description:
              'Jiangsu officials exchange ideas at the symposium. 江苏省官员在座谈会上交流。',
            credit: '[Photo provided to China Daily]',
            creators: ['Chen Jie'],
          },
        }),
      ),
    ];
    await importFiles(page, files);
    await expect(page.getByRole('status').filter({ hasText: 'Finished 4 files' })).toContainText(
      '4 imported',
    );

    const expected = [
      [
        'iptc-english.jpg',
        'The Wuxi municipal government and China Electronics Technology Hik Group sign a cooperation agreement in Nanjing on Feb 28.',
        '[Photo provided to China Daily]',
        'Zhang Wei',
      ],
      ['iptc-chinese-utf8.jpg', CHINESE_CAPTION, '中国日报', '李强'],
      ['iptc-chinese-gbk.jpg', '灵山胜境的初冬景色', '无锡日报', '王小明'],
      [
        'xmp-over-iptc.jpg',
        'Jiangsu officials exchange ideas at the symposium. 江苏省官员在座谈会上交流。',
        '[Photo provided to China Daily]',
        'Chen Jie',
      ],
    ] as const;
    for (const [fileName, caption, credit, photographer] of expected) {
      const card = photoCard(page, fileName);
      await expect(card.getByLabel('Caption')).toHaveValue(caption);
      await expect(card.getByLabel('Credit')).toHaveValue(credit);
      await expect(card.getByLabel('Photographer')).toHaveValue(photographer);
      await expect(card.getByLabel('Copyright')).toHaveValue('');
      await expect(card.getByLabel('Alt text')).toHaveValue('');
    }

    // The thumbnails come through the workstation's media route, not file://.
    const thumbnail = photoCard(page, 'iptc-english.jpg').locator('img');
    await expect(thumbnail).toHaveAttribute('src', /\/media\/[0-9a-f]{64}\/thumb/);
    await expect
      .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
  });

  test('imports the good files of a mixed batch and gives each bad one its own message', async ({
    page,
    workstation,
  }) => {
    await openPhotos(page);
    await importFiles(page, [
      upload('good.jpg', await buildJpeg({ color: '#113355' })),
      upload('broken.jpg', await buildTruncatedJpeg()),
      upload('empty.jpg', buildEmptyFile()),
      upload('holiday.jpg', buildTextFile()),
      upload('bomb.jpg', await buildDecompressionBombJpeg()),
      upload('good.png', await buildPng(), 'image/png'),
      upload('good.webp', await buildWebp(), 'image/webp'),
    ]);
    await expect(page.getByRole('status').filter({ hasText: 'Finished 7 files' })).toHaveText(
      'Finished 7 files · 3 imported · 4 failed',
    );
    const alerts = page.getByRole('region', { name: 'Import progress' }).getByRole('alert');
    await expect(alerts).toHaveText([
      /^broken\.jpg could not be imported: the image data is damaged or incomplete/,
      'empty.jpg could not be imported: the file is empty (0 bytes).',
      'holiday.jpg could not be imported: it is not a JPEG, PNG or WebP image, whatever its name says.',
      /^bomb\.jpg was refused: it claims 60000 × 60000 pixels/,
    ]);
    for (const name of ['good.jpg', 'good.png', 'good.webp']) {
      await expect(photoCard(page, name)).toBeVisible();
    }
    await expect(page.getByRole('article')).toHaveCount(3);

    const mediaDir = path.join(workstation.dataDir, 'media');
    expect(readdirSync(path.join(mediaDir, 'staging'))).toEqual([]);
    const files = filesUnder(mediaDir);
    const folders = [...new Set(files.map((file) => file.split(path.sep).slice(0, 2).join('/')))];
    expect(folders).toHaveLength(3);
    for (const folder of folders) {
      const inFolder = files
        .filter((file) => file.split(path.sep).slice(0, 2).join('/') === folder)
        .map((file) =>
          file
            .split(path.sep)
            .slice(2)
            .join('/')
            .replace(/\.(jpg|png|webp)$/, ''),
        );
      expect(inFolder.sort()).toEqual(
        ['original', 'photo.json', 'thumb', 'w1024', 'w1600', 'w320', 'w640'].sort(),
      );
    }
  });

  test('imports a damaged JPEG that still renders, and warns the desk about it', async ({
    page,
  }) => {
    await openPhotos(page);
    await importFiles(page, [upload('scratched.jpg', await buildGarbledJpeg())]);
    await expect(page.getByRole('status').filter({ hasText: 'Finished 1 file' })).toHaveText(
      'Finished 1 file · 1 imported · 1 with a warning',
    );
    await expect(page.getByRole('alert')).toHaveText(
      /^scratched\.jpg was imported, but its image data reports damage \(.+\)\. Look at the photo before publishing it\.$/,
    );
    await expect(photoCard(page, 'scratched.jpg')).toBeVisible();
  });

  test('tells the desk when a photo is already in the library', async ({ page }) => {
    await openPhotos(page);
    const bytes = await buildJpeg({ color: '#446688' });
    await importFiles(page, [upload('first.jpg', bytes)]);
    await expect(photoCard(page, 'first.jpg')).toBeVisible();
    await importFiles(page, [upload('copy of first.jpg', bytes)]);
    await expect(
      page.getByText(
        'copy of first.jpg is already in the library (as first.jpg); it was not imported again.',
      ),
    ).toBeVisible();
    await expect(page.getByRole('article')).toHaveCount(1);
  });

  test('imports photos dropped on the view', async ({ page }) => {
    await openPhotos(page);
    const bytes = [...(await buildJpeg({ color: '#884422' }))];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.jpg', { type: 'image/jpeg' }));
      return transfer;
    }, bytes);
    const view = page.getByRole('region', { name: 'Photos', exact: true });
    await view.dispatchEvent('dragover', { dataTransfer });
    await view.dispatchEvent('drop', { dataTransfer });
    await expect(photoCard(page, 'dropped.jpg')).toBeVisible();
  });

  test('saves each field as the desk types, with a credit preset, and keeps it after a reload', async ({
    page,
  }) => {
    await openPhotos(page);
    await importFiles(page, [upload('symposium.jpg', await buildJpeg())]);
    const card = photoCard(page, 'symposium.jpg');
    await card.getByLabel('Caption').fill('Officials exchange ideas at the symposium.');
    await card.getByRole('button', { name: '[Photo provided to China Daily]' }).click();
    await card.getByLabel('Photographer').fill('刘芳');
    await card.getByLabel('Copyright').fill('China Daily');
    await card.getByLabel('Alt text').fill('Officials seated around a long conference table');
    await card.getByLabel('Alt text').blur();
    await expect(card.getByRole('status')).toHaveText('Saved');
    await expect(card.getByText('Ready to publish')).toBeVisible();

    await page.reload();
    const reloaded = photoCard(page, 'symposium.jpg');
    await expect(reloaded.getByLabel('Caption')).toHaveValue(
      'Officials exchange ideas at the symposium.',
    );
    await expect(reloaded.getByLabel('Credit')).toHaveValue('[Photo provided to China Daily]');
    await expect(reloaded.getByLabel('Photographer')).toHaveValue('刘芳');
    await expect(reloaded.getByLabel('Copyright')).toHaveValue('China Daily');
    await expect(reloaded.getByLabel('Alt text')).toHaveValue(
      'Officials seated around a long conference table',
    );
  });

  test('saves an edit still pending when the desk leaves the view', async ({ page }) => {
    await openPhotos(page);
    await importFiles(page, [upload('quick.jpg', await buildJpeg())]);
    await photoCard(page, 'quick.jpg').getByLabel('Caption').fill('Typed and left at once.');
    // A keyboard shortcut or a link elsewhere changes the view without the field losing focus first.
    await page.evaluate(() => {
      window.location.hash = '#/stories';
    });
    await expect(page.getByRole('button', { name: 'New story' })).toBeVisible();
    await openPhotos(page);
    await expect(photoCard(page, 'quick.jpg').getByLabel('Caption')).toHaveValue(
      'Typed and left at once.',
    );
  });

  test('saves an edit still pending when the page is reloaded at once', async ({ page }) => {
    await openPhotos(page);
    await importFiles(page, [upload('reload.jpg', await buildJpeg())]);
    await photoCard(page, 'reload.jpg')
      .getByLabel('Caption')
      .fill('Typed, then the page reloaded.');
    await page.reload();
    await expect(photoCard(page, 'reload.jpg').getByLabel('Caption')).toHaveValue(
      'Typed, then the page reloaded.',
    );
  });

  test('captions the selected photos at once: ticked fields only, appended or replaced', async ({
    page,
  }) => {
    await openPhotos(page);
    await importFiles(page, [
      upload(
        'blossom-1.jpg',
        await buildJpeg({
          color: '#cc6699',
          iptc: {
            encoding: 'utf8',
            fields: { caption: 'Cherry blossoms at night.', byline: 'Zhou Jie' },
          },
        }),
      ),
      upload('blossom-2.jpg', await buildJpeg({ color: '#dd88aa' })),
      upload('not-chosen.jpg', await buildJpeg({ color: '#335533' })),
    ]);
    await expect(page.getByRole('article')).toHaveCount(3);
    await page.getByLabel('Select blossom-1.jpg').check();
    await page.getByLabel('Select blossom-2.jpg').check();
    await page.getByRole('button', { name: 'Caption selected' }).click();

    const dialog = page.getByRole('dialog', { name: 'Caption 2 selected photos' });
    const caption = dialog.getByRole('group', { name: 'Caption' });
    await caption.getByLabel('Change caption').check();
    await caption.getByRole('radio', { name: 'Append' }).check();
    await caption.getByLabel('Caption', { exact: true }).fill('[Photo provided to China Daily]');
    const credit = dialog.getByRole('group', { name: 'Credit' });
    await credit.getByRole('button', { name: '[Photo provided to China Daily]' }).click();
    await credit.getByRole('radio', { name: 'Replace' }).check();
    const photographer = dialog.getByRole('group', { name: 'Photographer' });
    await photographer.getByLabel('Photographer', { exact: true }).fill('Someone else');
    await photographer.getByLabel('Change photographer').uncheck();
    await dialog.getByRole('button', { name: 'Apply to 2 photos' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Captioned 2 photos.')).toBeVisible();

    const expected = [
      {
        fileName: 'blossom-1.jpg',
        caption: 'Cherry blossoms at night. [Photo provided to China Daily]',
        credit: '[Photo provided to China Daily]',
        photographer: 'Zhou Jie',
      },
      {
        fileName: 'blossom-2.jpg',
        caption: '[Photo provided to China Daily]',
        credit: '[Photo provided to China Daily]',
        photographer: '',
      },
      { fileName: 'not-chosen.jpg', caption: '', credit: '', photographer: '' },
    ];
    await page.reload();
    for (const {
      fileName,
      caption: captionText,
      credit: creditText,
      photographer: byline,
    } of expected) {
      const card = photoCard(page, fileName);
      await expect(card.getByLabel('Caption')).toHaveValue(captionText);
      await expect(card.getByLabel('Credit')).toHaveValue(creditText);
      await expect(card.getByLabel('Photographer')).toHaveValue(byline);
    }
  });

  test('selects a run of photos with Shift-click', async ({ page }) => {
    await openPhotos(page);
    await importFiles(
      page,
      await Promise.all(
        ['#100000', '#200000', '#300000', '#400000'].map(async (color, index) =>
          upload(`run-${index}.jpg`, await buildJpeg({ color })),
        ),
      ),
    );
    const cards = page.getByRole('article');
    await expect(cards).toHaveCount(4);
    await cards.nth(0).getByRole('checkbox').click();
    await cards
      .nth(2)
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    await expect(page.getByText('3 photos selected')).toBeVisible();
    await expect(cards.nth(1).getByRole('checkbox')).toBeChecked();
    await expect(cards.nth(3).getByRole('checkbox')).not.toBeChecked();
    await cards.nth(1).getByRole('checkbox').click();
    await expect(page.getByText('2 photos selected')).toBeVisible();
  });

  test('searches the library and shows uncaptioned photos first', async ({ page }) => {
    await openPhotos(page);
    await importFiles(page, [
      upload(
        'captioned.jpg',
        await buildJpeg({
          color: '#101010',
          iptc: { encoding: 'utf8', fields: { caption: '惠山古镇 at dusk' } },
        }),
      ),
      upload('bare.jpg', await buildJpeg({ color: '#202020' })),
    ]);
    await expect(page.getByRole('article')).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole('article').first()).toHaveAccessibleName('bare.jpg');
    await page.getByLabel('Search photos').fill('惠山');
    await expect(page.getByRole('article')).toHaveCount(1);
    await expect(page.getByRole('article')).toHaveAccessibleName('captioned.jpg');
    await page.getByLabel('Search photos').fill('');
    await page.getByLabel('Show').selectOption({ label: 'Without caption' });
    await expect(page.getByRole('article')).toHaveCount(1);
    await expect(page.getByRole('article')).toHaveAccessibleName('bare.jpg');
  });

  test('keeps a file name with ../ or markup as display text only', async ({
    page,
    workstation,
  }) => {
    await openPhotos(page);
    await importFiles(page, [
      upload(
        '../../<img src=x onerror=alert(1)> 名字 & "quotes".jpg',
        await buildJpeg({ color: '#997700' }),
      ),
    ]);
    const card = photoCard(page, '<img src=x onerror=alert(1)> 名字 & "quotes".jpg');
    await expect(card).toBeVisible();
    await expect(card.getByRole('heading')).toHaveText(
      '<img src=x onerror=alert(1)> 名字 & "quotes".jpg',
    );
    expect(readdirSync(path.dirname(workstation.dataDir)).sort()).toEqual(
      readdirSync(path.dirname(workstation.dataDir))
        .filter((name) => name === 'data' || name === 'profile')
        .sort(),
    );
    expect(readdirSync(path.join(workstation.dataDir, 'media')).sort()).toEqual([
      'photos',
      'staging',
    ]);
  });

  test('has no accessibility violations in the library or the batch caption form', async ({
    page,
  }) => {
    await openPhotos(page);
    await importFiles(page, [
      upload('one.jpg', await buildJpeg({ color: '#123123' })),
      upload('two.jpg', buildTextFile()),
    ]);
    await expect(photoCard(page, 'one.jpg')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(1);
    const library = await new AxeBuilder({ page }).analyze();
    expect(library.violations).toEqual([]);
    await page.getByLabel('Select one.jpg').check();
    await page.getByRole('button', { name: 'Caption selected' }).click();
    await expect(page.getByRole('dialog', { name: 'Caption 1 selected photo' })).toBeVisible();
    const form = await new AxeBuilder({ page }).analyze();
    expect(form.violations).toEqual([]);
  });
});
