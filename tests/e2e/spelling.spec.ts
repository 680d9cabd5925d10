import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { newStory } from '../support/stories';

/**
 * Leaves the browser no network but the workstation's own loopback server, and records every
 * request that tried to go anywhere else (a dictionary download would be one).
 */
async function offline(page: Page): Promise<string[]> {
  const elsewhere: string[] = [];
  await page.context().route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') {
      await route.continue();
    } else {
      elsewhere.push(route.request().url());
      await route.abort('internetdisconnected');
    }
  });
  return elsewhere;
}

function body(page: Page) {
  return page.getByRole('textbox', { name: 'Story body' });
}

test.describe('spelling and house style', () => {
  test('show misspellings and style slips offline, fix them from the menu, and leave Chinese alone', async ({
    page,
  }) => {
    const elsewhere = await offline(page);
    await newStory(page);
    await body(page).click();
    await page.keyboard.type('The goverment of Wuxi signed the the deal on February 28.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('无锡市政府表示欢迎，项目投资100亿元。');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Officials said 3 partners would recieve support.');
    await page.keyboard.press('Enter');

    const spelling = body(page).locator('[aria-invalid="spelling"]');
    const grammar = body(page).locator('[aria-invalid="grammar"]');
    await expect(spelling).toHaveText(['goverment', 'recieve']);
    await expect(grammar).toHaveText(['Wuxi', 'the the', 'February 28', '3']);
    await expect(
      body(page).locator('p', { hasText: '无锡市' }).locator('[aria-invalid]'),
    ).toHaveCount(0);
    await expect(page.getByText('2 possible misspellings · 4 house-style issues')).toBeVisible();

    // A suggestion from the context menu replaces the word.
    await spelling.filter({ hasText: 'goverment' }).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'government', exact: true })).toBeFocused();
    await expect(menu.getByRole('menuitem')).toContainText([
      'government',
      'Ignore',
      'Add to dictionary',
    ]);
    await menu.getByRole('menuitem', { name: 'government', exact: true }).click();
    await expect(menu).toHaveCount(0);
    await expect(body(page)).toContainText('The government of Wuxi signed');

    // From the keyboard: the menu key at a house-style slip offers its fix.
    await grammar.filter({ hasText: 'February 28' }).click();
    await page.keyboard.press('Shift+F10');
    await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Feb 28' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(body(page)).toContainText('the deal on Feb 28.');

    // Ignore takes a flag away for this story.
    await grammar.filter({ hasText: 'the the' }).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Ignore' }).click();
    await expect(grammar).toHaveText(['Wuxi', '3']);

    // The fields with spelling: flags listed beside the field, fixed through the same menu.
    await page.getByLabel('Headline', { exact: true }).fill('Wuxi goverment signs a deal');
    const headlineFlags = page.getByRole('list', { name: 'Headline: spelling and house style' });
    await expect(headlineFlags.locator('[aria-invalid="spelling"]')).toHaveText(['goverment']);
    await headlineFlags.getByRole('button', { name: 'goverment' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'government', exact: true }).click();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(
      'Wuxi government signs a deal',
    );
    await expect(headlineFlags).toHaveCount(0);

    expect(elsewhere).toEqual([]);
  });

  test('a word added to the dictionary is not flagged again, after a reload too', async ({
    page,
  }) => {
    await newStory(page);
    await body(page).click();
    await page.keyboard.type('Delegates toured Qiaoyuanli village. ');
    const flagged = body(page).locator('[aria-invalid="spelling"]');
    await expect(flagged).toHaveText(['Qiaoyuanli']);
    await flagged.click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Add to dictionary' }).click();
    await expect(flagged).toHaveCount(0);

    await page.reload();
    await expect(body(page)).toContainText('Qiaoyuanli village');
    await expect(page.getByText('No spelling or house-style flags')).toBeVisible();
    await expect(body(page).locator('[aria-invalid]')).toHaveCount(0);
  });

  test('the headline field says how many lines the headline takes, and flags one too long for a phone', async ({
    page,
  }) => {
    await newStory(page);
    const headline = page.getByLabel('Headline', { exact: true });
    await headline.fill('Wuxi signs deal');
    await expect(
      page.getByText('1 line on desktop · 1 line on mobile · 1 line on the home page', {
        exact: true,
      }),
    ).toBeVisible();
    await headline.fill(
      'China Electronics Technology Hik Group will invest 10 billion yuan in Wuxi IoT projects',
    );
    await expect(page.getByText(/4 lines on mobile/)).toHaveText(
      /Too long for the article page on mobile: 4 lines, 3 at most\./,
    );
    await expect(headline).toHaveAccessibleDescription(/4 lines on mobile/);
  });
});

test.describe('house-style rules', () => {
  test('an editor switches a rule off and adds one, and the body follows; a reporter cannot change them', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await page.keyboard.type('Exports rose 12% in Wuxi, Jiangsu province, said Mr Smith. ');
    const grammar = page
      .getByRole('textbox', { name: 'Story body' })
      .locator('[aria-invalid="grammar"]');
    await expect(grammar).toHaveText(['12%']);

    await page.getByRole('button', { name: 'House style' }).click();
    const panel = page.getByRole('region', { name: 'House style' });
    await expect(panel.getByText('Editors change the house-style rules.')).toBeVisible();
    await expect(
      panel.getByRole('checkbox', { name: 'Use rule: "percent", not "%"' }),
    ).toBeDisabled();

    const storyUrl = page.url();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByLabel('Role').selectOption('editor');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.goto(storyUrl);
    // Whoever may publish is warned of what is open; it never blocks publishing.
    await expect(
      page.getByText('Before publishing: 1 house-style issue open. They do not block publishing.'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'House style' }).click();

    const percentRule = panel.getByRole('checkbox', { name: 'Use rule: "percent", not "%"' });
    // The box follows the saved settings: it turns off once main has taken the change.
    await percentRule.click();
    await expect(percentRule).not.toBeChecked();
    await expect(grammar).toHaveCount(0);

    await panel.getByRole('button', { name: 'Add rule' }).click();
    const form = panel.getByRole('form', { name: 'Edit rule' });
    await form.getByLabel('Rule name').fill('No courtesy titles');
    await form.getByLabel('Pattern (regular expression)').fill('\\bMr (?=[A-Z])');
    await form.getByLabel('Message').fill('No courtesy titles: the surname alone.');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect(grammar).toHaveText(['Mr ']);

    await panel.getByRole('button', { name: 'Add rule' }).click();
    await form.getByLabel('Rule name').fill('Broken');
    await form.getByLabel('Pattern (regular expression)').fill('(unclosed');
    await form.getByLabel('Message').fill('Never saved.');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect(form.getByRole('alert')).toContainText('the pattern is not a valid expression');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A rule that backtracks for ever on some text stops house style, never the editor.
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await form.getByLabel('Rule name').fill('Backtracks');
    await form.getByLabel('Pattern (regular expression)').fill('^(a+)+$');
    await form.getByLabel('Message').fill('Never finishes on a long run of a followed by b.');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('textbox', { name: 'Story body' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`${'a'.repeat(40)}b`);
    await expect(page.getByText(/House style is not checked: a rule took too long/)).toBeVisible({
      timeout: 20_000,
    });
    await page.keyboard.type(' still typing');
    await expect(page.getByRole('textbox', { name: 'Story body' })).toContainText('b still typing');
  });
});
