import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { WORD_DOCUMENT_HTML } from '../support/pastedHtml';
import { newStory } from '../support/stories';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The seed article: its headline and body paragraphs, as the portal page shows them. */
function wuxiArticle(): { headline: string; paragraphs: string[] } {
  const lines = readFileSync(
    path.join(root, 'tests', 'fixtures', 'wuxi-portal-article.txt'),
    'utf8',
  )
    .split('\n')
    .map((line) => line.trim());
  const headline = lines.find((line) => line.startsWith('Wuxi reaps')) ?? '';
  const start = lines.findIndex((line) => line === '(chinadaily.com.cn)') + 1;
  const end = lines.findIndex((line) => line === '8.03K');
  return { headline, paragraphs: lines.slice(start, end).filter((line) => line !== '') };
}

function storyBody(page: Page) {
  return page.getByRole('textbox', { name: 'Story body' });
}

async function bodyParagraphs(page: Page): Promise<string[]> {
  return storyBody(page).locator('p').allInnerTexts();
}

/**
 * Pastes clipboard data at the caret the way Chromium delivers a paste: a `paste` event and, unless
 * a handler took it, a `beforeinput` of type `insertFromPaste` carrying the same data. The data is
 * exactly what Word or a web page put on the clipboard, unsanitised.
 */
async function paste(page: Page, items: Record<string, string>): Promise<void> {
  await storyBody(page).evaluate((element, clipboard) => {
    function dataTransfer() {
      const data = new DataTransfer();
      for (const [type, value] of Object.entries(clipboard)) data.setData(type, value);
      return data;
    }
    const isTaken = !element.dispatchEvent(
      new ClipboardEvent('paste', {
        clipboardData: dataTransfer(),
        bubbles: true,
        cancelable: true,
      }),
    );
    if (isTaken) return;
    element.dispatchEvent(
      new InputEvent('beforeinput', {
        inputType: 'insertFromPaste',
        dataTransfer: dataTransfer(),
        bubbles: true,
        cancelable: true,
      }),
    );
  }, items);
}

async function typeParagraphs(page: Page, paragraphs: string[]): Promise<void> {
  await storyBody(page).click();
  for (const [index, paragraph] of paragraphs.entries()) {
    if (index > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(paragraph);
  }
}

test.describe('writing a story', () => {
  test('the Wuxi article typed by hand reads back exactly after a reload and after a browser crash', async ({
    page,
    workstation,
  }) => {
    test.setTimeout(240_000);
    const article = wuxiArticle();
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).pressSequentially(article.headline);
    await typeParagraphs(page, article.paragraphs.slice(0, -1));
    await expect(page.getByRole('status')).toHaveText('Saved');

    await page.reload();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(article.headline);
    expect(await bodyParagraphs(page)).toEqual(article.paragraphs.slice(0, -1));

    await storyBody(page).locator('p').last().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(article.paragraphs[article.paragraphs.length - 1] ?? '');
    await page.waitForTimeout(1000);
    const relaunched = await workstation.crashAndRelaunch();

    await expect(relaunched.getByLabel('Headline', { exact: true })).toHaveValue(article.headline);
    expect(await bodyParagraphs(relaunched)).toEqual(article.paragraphs);
    await expect(relaunched.getByRole('status')).toHaveText('Saved');
  });

  test('a Chinese story typed through IME composition keeps every character once, across a crash', async ({
    page,
    workstation,
  }) => {
    const words: Array<[string, string]> = [
      ['wuxi', '无锡'],
      ['wulianwang', '物联网'],
      ['chanye', '产业'],
      ['fazhan', '发展'],
      ['xunsu', '迅速'],
      ['.', '。'],
    ];
    await newStory(page);
    await storyBody(page).click();
    const cdp = await page.context().newCDPSession(page);
    for (const [pinyin, hanzi] of words) {
      for (let length = 1; length <= pinyin.length; length += 1) {
        const composing = pinyin.slice(0, length);
        await cdp.send('Input.imeSetComposition', {
          text: composing,
          selectionStart: composing.length,
          selectionEnd: composing.length,
        });
      }
      await cdp.send('Input.insertText', { text: hanzi });
    }
    const expected = words.map(([, hanzi]) => hanzi).join('');
    await expect(storyBody(page)).toHaveText(expected);
    await page.waitForTimeout(1000);
    const relaunched = await workstation.crashAndRelaunch();
    expect(await bodyParagraphs(relaunched)).toEqual([expected]);
    await expect(relaunched.getByText('11 words · 12 characters')).toBeVisible();
  });

  test('pasting a Word document keeps headings, lists, links and emphasis and nothing else', async ({
    page,
  }) => {
    await newStory(page);
    await storyBody(page).click();
    await paste(page, { 'text/html': WORD_DOCUMENT_HTML, 'text/plain': 'fallback' });
    const body = storyBody(page);
    await expect(body.locator('h2')).toHaveText('Wuxi signs IoT deal');
    await expect(body.locator('ul > li')).toHaveText([
      'An engineering centre',
      'A capital platform',
    ]);
    await expect(body.locator('ol > li')).toHaveText(['First step', 'Second step']);
    await expect(body.locator('a')).toHaveCount(1);
    await expect(body.locator('a')).toHaveAttribute('href', 'https://www.chinadaily.com.cn/a.html');
    await expect(body.locator('strong')).toHaveText('entered');
    await expect(body.locator('em')).toHaveText('strategic');
    await expect(body.locator('u')).toHaveText('capital');
    await expect(body.locator('s')).toHaveText('old');
    await expect(body.locator('img, script, style, [class^="Mso"], [onclick]')).toHaveCount(0);
    expect(await body.innerText()).not.toMatch(/color|WordDocument|pasted|·/);
    expect(await page.evaluate(() => 'pasted' in window)).toBe(false);
    expect(await bodyParagraphs(page)).toEqual([
      'The city entered a strategic partnership, reported here.',
      'not a link and old text',
    ]);
  });

  test('Compare shows the exact words that changed and Restore brings them back', async ({
    page,
  }) => {
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill('Wuxi reaps strong partnership');
    await typeParagraphs(page, ['The group will invest 10 billion yuan in the projects.']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('Version label').fill('First draft');
    await page.getByRole('button', { name: 'Save version' }).click();
    await expect(page.getByText(/^First draft \(/)).toBeVisible();

    await page.getByLabel('Headline', { exact: true }).fill('Wuxi reaps a strong partnership');
    await storyBody(page).click();
    await page.keyboard.press('Control+End');
    for (let index = 0; index < 'projects.'.length; index += 1)
      await page.keyboard.press('Backspace');
    await page.keyboard.type('new IoT projects.');
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.getByLabel('Version label').fill('Second draft');
    await page.getByRole('button', { name: 'Save version' }).click();
    await expect(page.getByText(/^Second draft \(/)).toBeVisible();

    await page.getByRole('checkbox', { name: /^First draft/ }).check();
    await page.getByRole('checkbox', { name: /^Second draft/ }).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison.getByLabel('Body changes').locator('ins')).toHaveText(['new IoT ']);
    await expect(comparison.getByLabel('Body changes').locator('del')).toHaveCount(0);
    await expect(comparison.getByRole('row', { name: /Headline/ }).locator('ins')).toHaveText([
      ' a',
    ]);

    await page.getByRole('button', { name: /^Restore this version: First draft/ }).click();
    await expect(page.getByText(/^Restored the version First draft/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Undo restore' })).toBeVisible();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(
      'Wuxi reaps strong partnership',
    );
    await expect
      .poll(() => bodyParagraphs(page))
      .toEqual(['The group will invest 10 billion yuan in the projects.']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect
      .poll(() => bodyParagraphs(page))
      .toEqual(['The group will invest 10 billion yuan in the projects.']);

    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByText(/^Before restoring First draft/)).toBeVisible();
    await expect(page.getByText(/^Restored First draft/)).toBeVisible();

    await page
      .getByRole('button', { name: /^Restore this version: Before restoring First draft/ })
      .click();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(
      'Wuxi reaps a strong partnership',
    );
    await expect
      .poll(() => bodyParagraphs(page))
      .toEqual(['The group will invest 10 billion yuan in the new IoT projects.']);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect
      .poll(() => bodyParagraphs(page))
      .toEqual(['The group will invest 10 billion yuan in the projects.']);
  });

  test('the toolbar links a selection to a web address, refuses a script address, and styles blocks', async ({
    page,
  }) => {
    await newStory(page);
    await typeParagraphs(page, ['Read the full report']);
    // Select the last word as a person would: once the typing is on screen and saved, key by key,
    // looking at what is selected. Under load a keypress that lands as the editor re-renders can
    // be undone (Slate puts back the selection it had read); a person presses again, and so does
    // this test: what it checks is the toolbar.
    await expect(storyBody(page).locator('p')).toHaveText(['Read the full report']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await expect
      .poll(
        async () => {
          const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
          if (selected.length < 'report'.length) await page.keyboard.press('Shift+ArrowLeft');
          return selected;
        },
        { intervals: [50] },
      )
      .toBe('report');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByLabel('Link address').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Apply link' }).click();
    await expect(page.getByRole('form', { name: 'Edit link' }).getByRole('alert')).toHaveText(
      'A link must be a full http://, https:// or mailto: address.',
    );
    await expect(storyBody(page).locator('a')).toHaveCount(0);
    await page.getByLabel('Link address').fill('https://www.chinadaily.com.cn/report.html');
    await page.getByRole('button', { name: 'Apply link' }).click();
    await expect(storyBody(page).locator('a')).toHaveText('report');
    await expect(storyBody(page).locator('a')).toHaveAttribute(
      'href',
      'https://www.chinadaily.com.cn/report.html',
    );

    await storyBody(page).locator('p').first().click();
    await page.getByRole('button', { name: 'Heading', exact: true }).click();
    await expect(storyBody(page).locator('h2')).toHaveText('Read the full report');
    await expect(page.getByRole('button', { name: 'Heading', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.getByRole('button', { name: 'Quote' }).click();
    await expect(storyBody(page).locator('blockquote')).toHaveText('Read the full report');
    await page.getByRole('button', { name: 'Numbered list' }).click();
    await expect(storyBody(page).locator('ol > li')).toHaveText(['Read the full report']);
    await page.getByRole('button', { name: 'Bulleted list' }).click();
    await expect(storyBody(page).locator('ul > li')).toHaveText(['Read the full report']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect(storyBody(page).locator('ul > li a')).toHaveAttribute(
      'href',
      'https://www.chinadaily.com.cn/report.html',
    );
  });

  test('counters measure English by word and Chinese by character, showing overruns without cutting', async ({
    page,
  }) => {
    await newStory(page);
    const headline = page.getByLabel('Headline', { exact: true });
    const english =
      'Wuxi reaps strong partnership to push forward its fast growing Internet of Things industry today';
    await headline.fill(english);
    // The headline's description is its counter, then how many lines it takes (HeadlineFit).
    await expect(headline).toHaveAccessibleDescription(
      /^15 \/ 14 words — 1 over the limit \d+ lines? on desktop · /,
    );
    await expect(headline).toHaveValue(english);
    const chinese = '无锡与中国电子科技集团签署战略合作协议推动物联网产业发展迈上新台阶实现新突破';
    await headline.fill(chinese);
    await expect(headline).toHaveAccessibleDescription(
      /^38 \/ 30 characters — 8 over the limit \d+ lines? on desktop · /,
    );
    await expect(headline).toHaveValue(chinese);
    await page.getByLabel('Summary').fill('A short summary.');
    await expect(page.getByLabel('Summary')).toHaveAccessibleDescription('3 / 60 words');
    await typeParagraphs(page, ['Wuxi signed a deal.', '无锡签约。']);
    await expect(page.getByText('8 words · 21 characters')).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(chinese);
  });

  test('a version is taken by itself after minutes of editing', async ({ page }) => {
    await page.clock.install();
    await page.reload();
    await newStory(page);
    await page.getByLabel('Headline', { exact: true }).fill('Cherry blossoms at night');
    await typeParagraphs(page, ['Visitors enjoy the blossoms.']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.clock.fastForward('05:30');
    await typeParagraphs(page, [' More visitors came.']);
    await expect(page.getByRole('status')).toHaveText('Saved');
    await page.clock.fastForward('00:40');
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByRole('checkbox', { name: /^While editing \(/ })).toHaveCount(1);
  });

  test('undo and redo work from the keyboard and stay within their own story', async ({ page }) => {
    await newStory(page);
    await typeParagraphs(page, ['First story text']);
    await page.keyboard.press('Control+z');
    await expect(storyBody(page)).not.toContainText('First story text');
    await page.keyboard.press('Control+Shift+z');
    await expect(storyBody(page)).toContainText('First story text');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await expect(storyBody(page)).toContainText('First story text');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' bold words');
    await expect(storyBody(page).locator('strong')).toHaveText(' bold words');
    await expect(page.getByRole('status')).toHaveText('Saved');
    await newStory(page);
    await typeParagraphs(page, ['Second']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(storyBody(page)).not.toContainText('First story text');
    await page.goBack();
    await page.goBack();
    await expect(storyBody(page)).toContainText('First story text bold words');
  });

  test('a 100,000-word story opens and stays editable', async ({ page }) => {
    test.setTimeout(240_000);
    await newStory(page);
    await storyBody(page).click();
    const sentence = 'The city of Wuxi entered into a strategic partnership further promoting IoT.';
    const paragraph = Array.from({ length: 8 }, () => sentence).join(' ');
    const text = Array.from({ length: 1042 }, () => paragraph).join('\n') + '\nlast words here';
    await paste(page, { 'text/plain': text });
    await expect(page.getByText('100035 words', { exact: false })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('status')).toHaveText('Saved', { timeout: 60_000 });
    await page.reload();
    await expect(page.getByText('100035 words', { exact: false })).toBeVisible({ timeout: 60_000 });
    await storyBody(page).locator('p').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' and more');
    await expect(storyBody(page).locator('p').last()).toHaveText('last words here and more');
    await expect(page.getByRole('status')).toHaveText('Saved');
  });
});
