import { expect, type Page } from '@playwright/test';
import { buildJpeg, type ImageOptions } from './images';

/** A real JPEG as a file chosen in an `Import photos` input (Playwright's `setInputFiles`). */
export async function jpegFile(
  name: string,
  options: ImageOptions,
): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(await buildJpeg(options)) };
}

/** Imports one real JPEG through the Photos view's `Import photos` input, as a person would. */
export async function importPhotoThroughUi(
  page: Page,
  options: { name: string; caption: string; width?: number; height?: number },
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Photos' })
    .click();
  await page.getByLabel('Import photos').setInputFiles(
    await jpegFile(options.name, {
      width: options.width ?? 800,
      height: options.height ?? 500,
      iptc: {
        encoding: 'utf8',
        fields: { caption: options.caption, credit: '[Photo provided to China Daily]' },
      },
    }),
  );
  await expect(page.getByRole('status').filter({ hasText: 'Finished 1 file' })).toContainText(
    '1 imported',
  );
}

/**
 * Inserts a library photo at the story body's cursor through `Insert photo`, choosing the picker's
 * button whose name matches `photo`, and waits for the dialog to close.
 */
export async function insertPhoto(page: Page, photo: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Insert photo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Insert photo' });
  await dialog.getByRole('button', { name: photo }).click();
  await expect(dialog).toBeHidden();
}
