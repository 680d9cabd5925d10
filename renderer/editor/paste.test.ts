import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchHeadlessChromium } from '../../tests/support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Body } from '../../shared/story/body';
import { WORD_DOCUMENT_HTML } from '../../tests/support/pastedHtml';

const here = new URL('.', import.meta.url).pathname;
let browser: Browser;
let page: Page;

/** Paste conversion needs a real DOMParser: it runs in Chromium, bundled as the app bundles it. */
beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents:
        "import { htmlToBody, plainTextToBody } from './paste'; Object.assign(window, { htmlToBody, plainTextToBody });",
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
  });
  browser = await launchHeadlessChromium();
  page = await browser.newPage();
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
}, 60_000);

afterAll(async () => {
  await browser.close();
});

function convert(html: string): Promise<Body> {
  return page.evaluate((source) => {
    const convert = (window as unknown as { htmlToBody(html: string): Body }).htmlToBody;
    return convert(source);
  }, html);
}

describe('htmlToBody', () => {
  it('keeps the headings, lists, links and emphasis of a Word document and nothing else', async () => {
    expect(await convert(WORD_DOCUMENT_HTML)).toEqual([
      { type: 'heading', level: 2, children: [{ text: 'Wuxi signs IoT deal' }] },
      {
        type: 'paragraph',
        children: [
          { text: 'The city ' },
          { text: 'entered', bold: true },
          { text: ' a ' },
          { text: 'strategic', italic: true },
          { text: ' partnership, ' },
          {
            type: 'link',
            url: 'https://www.chinadaily.com.cn/a.html',
            children: [{ text: 'reported here' }],
          },
          { text: '.' },
        ],
      },
      {
        type: 'bulleted-list',
        children: [
          { type: 'list-item', children: [{ text: 'An engineering centre' }] },
          {
            type: 'list-item',
            children: [{ text: 'A ' }, { text: 'capital', underline: true }, { text: ' platform' }],
          },
        ],
      },
      {
        type: 'numbered-list',
        children: [
          { type: 'list-item', children: [{ text: 'First step' }] },
          { type: 'list-item', children: [{ text: 'Second step' }] },
        ],
      },
      {
        type: 'paragraph',
        children: [
          { text: 'not a link and ' },
          { text: 'old', strikethrough: true },
          { text: ' text' },
        ],
      },
    ]);
  });

  it("does not take Google Docs' font-weight:normal wrapper for bold, but its weight-700 spans", async () => {
    const html = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:400">Plain and </span><span style="font-weight:700">bold</span><span style="font-style:italic"> and italic</span></p><ul><li dir="ltr"><p dir="ltr"><span>Item one</span></p></li><li><p><span style="text-decoration:line-through">Item two</span></p></li></ul></b><br class="Apple-interchange-newline">`;
    expect(await convert(html)).toEqual([
      {
        type: 'paragraph',
        children: [
          { text: 'Plain and ' },
          { text: 'bold', bold: true },
          { text: ' and italic', italic: true },
        ],
      },
      {
        type: 'bulleted-list',
        children: [
          { type: 'list-item', children: [{ text: 'Item one' }] },
          { type: 'list-item', children: [{ text: 'Item two', strikethrough: true }] },
        ],
      },
    ]);
  });

  it('turns a web page into paragraphs, quotes and flattened lists, dropping scripts and images', async () => {
    const html = `<div class="article"><h3>Sub head</h3><blockquote><p>Quoted <em>words</em></p></blockquote>
      <ol><li>One<ul><li>Nested</li></ul></li></ol><figure><img src="a.jpg"><figcaption>Caption</figcaption></figure>
      <noscript>enable js</noscript><p>Line one<br>Line two</p></div>`;
    expect(await convert(html)).toEqual([
      { type: 'heading', level: 3, children: [{ text: 'Sub head' }] },
      { type: 'block-quote', children: [{ text: 'Quoted ' }, { text: 'words', italic: true }] },
      {
        type: 'numbered-list',
        children: [
          { type: 'list-item', children: [{ text: 'One' }] },
          { type: 'list-item', children: [{ text: 'Nested' }] },
        ],
      },
      { type: 'paragraph', children: [{ text: 'Caption' }] },
      { type: 'paragraph', children: [{ text: 'Line one' }] },
      { type: 'paragraph', children: [{ text: 'Line two' }] },
    ]);
  });
  it('leaves no text of scripts, styles, noscript or forms that sit inside the pasted body', async () => {
    const html = `<html><body>
      <p>Before <script>document.title = 'inline script';</script>the deal.</p>
      <script type="text/javascript">var tracking = "script between paragraphs";</script>
      <style>.ad { display: none } /* style between paragraphs */</style>
      <div><style>p { color: red }</style><noscript><p>Please enable JavaScript.</p><img src="pixel.gif"></noscript>
      <form action="/subscribe"><label>Your email <input name="email" value="typed address"></label>
      <p>Subscribe to our newsletter</p><select><option>Daily digest</option></select>
      <textarea>form text area</textarea><button>Sign up</button></form></div>
      <ul><li>Item <script>alert("in a list")</script>one<style>li{}</style></li></ul>
      <blockquote>Quoted<noscript> noscript in a quote</noscript> words</blockquote>
      <h2>Head<form><p>form in a heading</p></form>line</h2>
      <pre>code line<script>alert("in pre")</script><style>pre{}</style></pre>
      <p>After the deal.</p></body></html>`;
    expect(await convert(html)).toEqual([
      { type: 'paragraph', children: [{ text: 'Before the deal.' }] },
      {
        type: 'bulleted-list',
        children: [{ type: 'list-item', children: [{ text: 'Item one' }] }],
      },
      { type: 'block-quote', children: [{ text: 'Quoted words' }] },
      { type: 'heading', level: 2, children: [{ text: 'Headline' }] },
      { type: 'paragraph', children: [{ text: 'code line' }] },
      { type: 'paragraph', children: [{ text: 'After the deal.' }] },
    ]);
  });
});

describe('plainTextToBody', () => {
  it('makes one paragraph per non-blank line', async () => {
    const body = await page.evaluate(() =>
      (window as unknown as { plainTextToBody(text: string): Body }).plainTextToBody(
        'First line\r\n\r\nSecond\tline\n',
      ),
    );
    expect(body).toEqual([
      { type: 'paragraph', children: [{ text: 'First line' }] },
      { type: 'paragraph', children: [{ text: 'Second line' }] },
    ]);
  });
});
