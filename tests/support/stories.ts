import { expect, type Page } from '@playwright/test';

/**
 * Opens Stories, presses `New story`, and waits until the new story is open and saved here; answers
 * its id (from the URL).
 */
export async function newStory(page: Page): Promise<string> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Stories' })
    .click();
  await page.getByRole('button', { name: 'New story' }).click();
  await expect(page).toHaveURL(/#\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('Headline', { exact: true })).toBeVisible();
  // The story's own save state (a signed-in workstation's header has a status of its own), which a
  // newsroom may already have moved on to Synced.
  await expect(page.getByRole('article', { name: 'Story' }).getByRole('status').first()).toHaveText(
    /^(Saved|Synced)$/,
  );
  return new URL(page.url()).hash.replace('#/stories/', '');
}
