import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

function mainNavigation(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

async function workAs(page: Page, name: string, role: 'Reporter' | 'Editor') {
  await mainNavigation(page).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
}

/** Writes and submits a story as the current reporter. */
async function submitStory(page: Page, headline: string, urgency: string, section: string) {
  await mainNavigation(page).getByRole('link', { name: 'Stories' }).click();
  await page.getByRole('button', { name: 'New story' }).click();
  await page.getByLabel('Headline', { exact: true }).fill(headline);
  await page.getByLabel('Urgency').selectOption({ label: urgency });
  await page.getByLabel('Section', { exact: true }).selectOption(section);
  await expect(page.getByRole('status')).toHaveText('Saved');
  const workflow = page.getByRole('region', { name: 'Workflow' });
  await workflow.getByRole('button', { name: 'Submit to desk' }).click();
  await expect(workflow.getByText('Submitted', { exact: true })).toBeVisible();
}

function group(page: Page, name: RegExp) {
  return page.getByRole('region', { name });
}

test.describe('the desk', () => {
  test('groups the queue by state with counts, most urgent first, oldest first within an urgency', async ({
    page,
  }) => {
    await workAs(page, 'Li Wei', 'Reporter');
    await submitStory(page, 'Lingshan Mountain in early winter', 'Normal', 'travel/attractions');
    await submitStory(page, 'Metro line 4 opens', 'Urgent', 'news');
    await submitStory(page, 'Cherry blossoms at night', 'Normal', 'news');
    await submitStory(page, 'IoT partnership signed', 'Flash', 'business');
    await submitStory(page, 'Wetland parks in Wuxi', 'Normal', 'travel');

    await workAs(page, 'Zhang Min', 'Editor');
    await mainNavigation(page).getByRole('link', { name: 'Desk' }).click();
    await page.getByRole('link', { name: 'Cherry blossoms at night' }).click();
    const workflow = page.getByRole('region', { name: 'Workflow' });
    await workflow.getByRole('button', { name: 'Start editing' }).click();
    await expect(workflow.getByText('In edit', { exact: true })).toBeVisible();
    await mainNavigation(page).getByRole('link', { name: 'Desk' }).click();

    await expect(page.getByRole('heading', { level: 2 })).toHaveText([
      'Submitted (4)',
      'In edit (1)',
      'Approved (0)',
      'Scheduled (0)',
      'Returned (0)',
    ]);
    await expect(group(page, /^Submitted/).getByRole('link')).toHaveText([
      'IoT partnership signed',
      'Metro line 4 opens',
      'Lingshan Mountain in early winter',
      'Wetland parks in Wuxi',
    ]);
    await expect(group(page, /^In edit/).getByRole('link')).toHaveText([
      'Cherry blossoms at night',
    ]);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations).toEqual([]);
  });

  test('filters by a section with its sub-sections and opens a story in one click', async ({
    page,
  }) => {
    await workAs(page, 'Li Wei', 'Reporter');
    await submitStory(page, 'Lingshan Mountain in early winter', 'Normal', 'travel/attractions');
    await submitStory(page, 'Wetland parks in Wuxi', 'Low', 'travel');
    await submitStory(page, 'Metro line 4 opens', 'Urgent', 'news');

    await workAs(page, 'Zhang Min', 'Editor');
    await mainNavigation(page).getByRole('link', { name: 'Desk' }).click();
    await page.getByLabel('Filter by section').selectOption({ label: 'Travel' });
    await expect(group(page, /^Submitted/).getByRole('link')).toHaveText([
      'Lingshan Mountain in early winter',
      'Wetland parks in Wuxi',
    ]);
    await page.getByLabel('Filter by section').selectOption({ label: 'Travel › Attractions' });
    await expect(group(page, /^Submitted/).getByRole('link')).toHaveText([
      'Lingshan Mountain in early winter',
    ]);
    await page.getByLabel('Filter by section').selectOption({ label: 'All sections' });
    await expect(page.getByRole('heading', { name: 'Submitted (3)' })).toBeVisible();

    await page.getByRole('link', { name: 'Metro line 4 opens' }).click();
    await expect(page).toHaveURL(/#\/stories\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Metro line 4 opens');
    await expect(
      page.getByRole('region', { name: 'Workflow' }).getByRole('button', { name: 'Approve' }),
    ).toBeVisible();
  });
});
