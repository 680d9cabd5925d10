import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { newStory } from '../support/stories';

/** Changes one stored story row behind the app's back, as a damaged or hand-edited database would. */
async function patchStoredStory(
  page: Page,
  storyId: string,
  patch: Record<string, unknown>,
): Promise<void> {
  await page.evaluate(
    async ({ id, changes }) => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('newsroom-workstation');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = database.transaction('stories', 'readwrite');
        const store = transaction.objectStore('stories');
        const read = store.get(id);
        read.onsuccess = () => store.put({ ...read.result, ...changes });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      database.close();
    },
    { id: storyId, changes: patch },
  );
}

test.describe('a view that fails', () => {
  test('says what failed in its place while the shell and the other views keep working', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill('Wuxi reaps strong partnership');
    await expect(page.getByRole('status')).toHaveText('Saved');
    const storyUrl = page.url();
    const storyId = decodeURIComponent(storyUrl.split('/').at(-1) ?? '');
    await patchStoredStory(page, storyId, { keywords: null });

    await page.reload();
    const failure = page.getByRole('region', { name: 'View failed' });
    await expect(failure.getByRole('alert')).toContainText('The story view stopped working:');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Stories' })
      .click();
    await expect(page.getByRole('heading', { name: 'Stories', level: 1 })).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Stories' }).getByRole('link', {
        name: 'Wuxi reaps strong partnership',
      }),
    ).toBeVisible();
    await expect(failure).toHaveCount(0);

    await page.goto(storyUrl);
    await expect(failure.getByRole('alert')).toContainText('The story view stopped working:');
    await patchStoredStory(page, storyId, { keywords: [] });
    await failure.getByRole('button', { name: 'Reload this view' }).click();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(
      'Wuxi reaps strong partnership',
    );
    await expect(failure).toHaveCount(0);
  });
});
