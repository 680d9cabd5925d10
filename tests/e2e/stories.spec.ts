import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SEARCH_KEYS_TABLE, SEARCH_PREFIX_LENGTH } from '../../renderer/db/searchKeys';
import { expect, test } from '../support/fixtures';

async function openStories(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Stories' })
    .click();
  await expect(page.getByRole('heading', { name: 'Stories', level: 1 })).toBeVisible();
}

async function writeStory(
  page: Page,
  fields: { headline: string; keywords?: string; section?: string },
): Promise<void> {
  await openStories(page);
  await page.getByRole('button', { name: 'New story' }).click();
  await page.getByLabel('Headline', { exact: true }).fill(fields.headline);
  if (fields.keywords !== undefined) await page.getByLabel('Keywords').fill(fields.keywords);
  if (fields.section !== undefined) {
    await page.getByLabel('Section').selectOption({ label: fields.section });
  }
  await expect(page.getByRole('status')).toHaveText('Saved');
}

/**
 * Puts stories straight into the workstation's IndexedDB, as a newsroom's years of archive would
 * be: the list must stay smooth without anyone typing 50,000 stories first. Each story comes
 * with its search keys (renderer/db/searchKeys.ts): the app would mend stories without them as
 * it opens, which is not what this test times.
 */
async function seedStories(page: Page, count: number): Promise<void> {
  await page.evaluate(
    async ({ total, prefixLength, keysTable }) => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('newsroom-workstation');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const states = ['draft', 'submitted', 'in_edit', 'approved', 'published'];
      const sections = ['news', 'business', 'business/companies', 'travel'];
      await new Promise<void>((resolve, reject) => {
        const transaction = database.transaction(['stories', keysTable], 'readwrite');
        const store = transaction.objectStore('stories');
        const keysStore = transaction.objectStore(keysTable);
        for (let index = 0; index < total; index += 1) {
          const id = `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`;
          const updatedAt = 1_500_000_000_000 + index * 1000;
          const searchTerms = ['seeded', 'story', String(index), `seeded-${index}`];
          store.put({
            id,
            slug: `seeded-${index}`,
            headline: `Seeded story ${index}`,
            subheadline: '',
            byline: 'Archive',
            dateline: '',
            section: sections[index % sections.length],
            source: '',
            summary: '',
            keywords: [],
            urgency: 'normal',
            editorialNote: '',
            language: 'en',
            leadPhoto: null,
            state: states[index % states.length],
            stateBeforeSpike: null,
            scheduledAt: null,
            publishedPath: null,
            correctionNote: '',
            createdBy: 'Archive',
            createdAt: 1_500_000_000_000 + index * 1000,
            updatedAt,
            firstPublishedAt: null,
            lastPublishedAt: null,
            wordCount: 400,
            searchTerms,
          });
          keysStore.put({
            id,
            keys: [
              ...new Set(
                searchTerms.flatMap((term) =>
                  [...term.slice(0, prefixLength)].map((_, end) => term.slice(0, end + 1)),
                ),
              ),
            ].map((prefix) => [prefix, updatedAt]),
          });
        }
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      database.close();
    },
    { total: count, prefixLength: SEARCH_PREFIX_LENGTH, keysTable: SEARCH_KEYS_TABLE },
  );
}

test.describe('the stories list', () => {
  test('finds stories by Chinese and English words of headline, slug and keywords', async ({
    page,
  }) => {
    await writeStory(page, { headline: '无锡物联网产业蓬勃发展', keywords: 'IoT, 科技创新' });
    await writeStory(page, { headline: 'Wuxi reaps strong partnership', section: 'Business' });
    await openStories(page);
    const search = page.getByRole('searchbox', { name: 'Search stories' });
    const list = page.getByRole('list', { name: 'Stories' });

    await search.fill('物联网');
    await expect(list.getByRole('link')).toHaveText(['无锡物联网产业蓬勃发展']);
    await search.fill('科技');
    await expect(list.getByRole('link')).toHaveText(['无锡物联网产业蓬勃发展']);
    await search.fill('wuxi partner');
    await expect(list.getByRole('link')).toHaveText(['Wuxi reaps strong partnership']);
    await search.fill('无锡');
    await expect(list.getByRole('link')).toHaveText(['无锡物联网产业蓬勃发展']);
    await writeStory(page, { headline: 'Wuxi opens its sixth metro line' });
    await openStories(page);
    await search.fill('wuxi');
    await expect(list.getByRole('link')).toHaveText([
      'Wuxi opens its sixth metro line',
      'Wuxi reaps strong partnership',
    ]);
    await search.fill('nothing like this');
    await expect(page.getByText('No stories match.')).toBeVisible();

    await search.fill('');
    await list.getByRole('link', { name: 'Wuxi reaps strong partnership' }).click();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(
      'Wuxi reaps strong partnership',
    );
  });

  test('shows 50,000 stories through a window of rows, filtered by state and section', async ({
    page,
  }) => {
    // Seeding 50,000 rows takes a while on a busy machine; the list itself is what is checked.
    test.setTimeout(180_000);
    await writeStory(page, { headline: 'Wuxi reaps strong partnership', section: 'Business' });
    await seedStories(page, 50_000);
    await page.reload();
    await openStories(page);
    // Rows written past the app's Dexie: this first open recounts them all, one walk of every
    // row (renderer/db/storyCounts.ts), before the list can say how many there are.
    await expect(page.getByText('50001 stories')).toBeVisible({ timeout: 60_000 });
    const list = page.getByRole('list', { name: 'Stories' });
    await expect(list.getByRole('link').first()).toHaveText('Wuxi reaps strong partnership');
    expect(await list.getByRole('listitem').count()).toBeLessThan(60);

    await page.locator('.story-list-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect(list.getByRole('link', { name: 'Seeded story 0', exact: true })).toBeVisible();
    expect(await list.getByRole('listitem').count()).toBeLessThan(60);

    // A new filter starts its own list at its top: never the previous list's rows, nor loading
    // placeholders where they were, while its answer comes.
    await page.locator('.stories-view').evaluate((view) => {
      new MutationObserver(() => {
        if (view.querySelector('.story-row.is-loading') !== null) {
          document.body.dataset.sawPlaceholder = 'yes';
        }
      }).observe(view, { childList: true, subtree: true, attributes: true });
    });
    await page.getByLabel('State').selectOption({ label: 'Submitted' });
    await expect(page.getByText('10000 stories')).toBeVisible();
    await expect(list.getByRole('link').first()).toHaveText('Seeded story 49996');
    expect(await page.evaluate(() => document.body.dataset.sawPlaceholder)).toBeUndefined();
    await page.getByLabel('Section').selectOption({ label: 'Business' });
    await expect(page.getByText('5000 stories')).toBeVisible();
    await page.getByLabel('State').selectOption({ label: 'All states' });
    await expect(page.getByText('25001 stories')).toBeVisible();
    // A word in every story: its first page, and a count that stops at 1,000 until scrolled.
    await page.getByLabel('Section').selectOption({ label: 'All sections' });
    await expect(page.getByText('50001 stories')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search stories' }).fill('seeded');
    await expect(page.getByText('1000+ stories')).toBeVisible();
    await expect(list.getByRole('link').first()).toHaveText('Seeded story 49999');
    await page.getByRole('searchbox', { name: 'Search stories' }).fill('seeded-49997');
    await expect(list.getByRole('link')).toHaveText(['Seeded story 49997']);
  });

  test('a story written in another window appears in the list without a reload', async ({
    page,
    workstation,
  }) => {
    test.skip(workstation.target === 'electron', 'The desktop app opens one window per profile.');
    await writeStory(page, { headline: 'Wuxi reaps strong partnership' });
    await openStories(page);
    const list = page.getByRole('list', { name: 'Stories' });
    await expect(list.getByRole('link')).toHaveText(['Wuxi reaps strong partnership']);

    const other = await page.context().newPage();
    await other.goto(page.url());
    await writeStory(other, { headline: 'Wuxi opens its sixth metro line' });
    await expect(list.getByRole('link')).toHaveText([
      'Wuxi opens its sixth metro line',
      'Wuxi reaps strong partnership',
    ]);
    await expect(page.getByText('2 stories')).toBeVisible();
    await other.close();
  });

  test('the list, a story with its history and a comparison pass an accessibility audit', async ({
    page,
  }) => {
    await writeStory(page, { headline: 'Wuxi reaps strong partnership', keywords: 'IoT' });
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await page.keyboard.type('The city of Wuxi entered into a strategic partnership.');
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByRole('checkbox', { name: /^Saved by hand/ }).check();
    await page.getByRole('checkbox', { name: 'Current text' }).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.getByRole('region', { name: 'Comparison' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await openStories(page);
    await expect(page.getByRole('link', { name: 'Wuxi reaps strong partnership' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });
});
