import { expect, type Page } from '@playwright/test';
import { buildJpeg } from './images';

/** Imports one real JPEG through the Photos view's `Import photos` input, as a person would. */
export async function importPhotoThroughUi(
  page: Page,
  options: { name: string; caption: string; width?: number; height?: number },
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Photos' })
    .click();
  const bytes = await buildJpeg({
    width: options.width ?? 800,
    height: options.height ?? 500,
    iptc: {
      encoding: 'utf8',
      fields: { caption: options.caption, credit: '[Photo provided to China Daily]' },
    },
  });
  await page
    .getByLabel('Import photos')
    .setInputFiles([{ name: options.name, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) }]);
  await expect(page.getByRole('status').filter({ hasText: 'Finished 1 file' })).toContainText(
    '1 imported',
  );
}
