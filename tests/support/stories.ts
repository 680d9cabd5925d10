import { expect, type Page } from '@playwright/test';

/** Opens Stories, presses `New story`, and waits until the new story is open and saved. */
export async function newStory(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Stories' })
    .click();
  await page.getByRole('button', { name: 'New story' }).click();
  await expect(page).toHaveURL(/#\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('Headline', { exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Saved');
}
