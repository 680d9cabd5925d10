import { describe, expect, it } from 'vitest';
import {
  attribute,
  escapeHtml,
  escapeXml,
  Html,
  html,
  joinHtml,
  joinXml,
  jsonScript,
  neutralizeScheme,
  rawHtml,
  xml,
} from './markup';

describe('the html tag', () => {
  it('escapes text and attribute values and inserts nested templates as they are', () => {
    const name = `Tom & "Jerry's" <b>`;
    const inner = html`<em>${name}</em>`;
    expect(html`<p title="${name}">${name} ${inner}</p>`.text).toEqual(
      '<p title="Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;">Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt; <em>Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;</em></p>',
    );
  });

  it('writes numbers, joins lists, and writes nothing for null, undefined and false', () => {
    const items = ['one', html`<b>two</b>`, null, 3];
    expect(
      html`<ul>${items}</ul><p>${null}${undefined}${false}</p><img width="${640}">`.text,
    ).toEqual('<ul>one<b>two</b>3</ul><p></p><img width="640">');
  });

  it('drops the control characters HTML forbids but keeps tabs and line breaks', () => {
    expect(html`<p>${'a\u0000b\u0007c\u0085d\te\nf'}</p>`.text).toEqual('<p>abcd\te\nf</p>');
  });

  it('escapes the text of title, whose content browsers decode rather than parse', () => {
    expect(html`<title>${'</title><script>x</script>'}</title>`.text).toEqual(
      '<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>',
    );
  });

  it('gives the same bytes as the markup written by hand', () => {
    expect(String(html`<!DOCTYPE html>\n<a class="x" href="${'a.html'}">${'A'}</a>\n`)).toEqual(
      '<!DOCTYPE html>\n<a class="x" href="a.html">A</a>\n',
    );
  });
});

describe('URLs in templates', () => {
  const schemes = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' \u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'javascript:alert(document.domain)-x.html',
  ];

  it('turn every scheme but http, https and mailto into a relative path', () => {
    expect(schemes.map((url) => html`<a href="${url}">x</a>`.text)).toEqual([
      '<a href="./javascript:alert(1)">x</a>',
      '<a href="./JaVaScRiPt:alert(1)">x</a>',
      '<a href="./java\tscript:alert(1)">x</a>',
      '<a href="./ javascript:alert(1)">x</a>',
      '<a href="./data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
      '<a href="./vbscript:msgbox(1)">x</a>',
      '<a href="./javascript:alert(document.domain)-x.html">x</a>',
    ]);
  });

  it('keep http, https, mailto, relative, root-relative and fragment URLs as they are', () => {
    const kept = [
      'https://example.com/?a=1&b=2',
      'HTTP://example.com/',
      'mailto:desk@example.com',
      '../news/index.html',
      'news/2017/03/03/a:b.html',
      '/media/x/w320?token=a:b',
      '#content',
      '?q=a:b',
    ];
    expect(kept.map((url) => neutralizeScheme(url))).toEqual(kept);
    expect(html`<img src="${kept[0] ?? ''}">`.text).toEqual(
      '<img src="https://example.com/?a=1&amp;b=2">',
    );
  });

  it('guard each candidate of a srcset', () => {
    expect(
      html`<img srcset="${'a/w320.webp 320w, javascript:alert(1) 640w,data:x 1024w'}">`.text,
    ).toEqual('<img srcset="a/w320.webp 320w, ./javascript:alert(1) 640w,./data:x 1024w">');
  });

  it('must be a URL attribute’s whole value, so no scheme can be put together from pieces', () => {
    const [first, second] = ['java', 'script:alert(1)'];
    expect(
      [
        () => html`<a href="${first}${second}">x</a>`,
        () => html`<a href="${first}/x">x</a>`,
        () => html`<a href="./${second}">x</a>`,
      ].map((build) => errorOf(build)),
    ).toEqual([
      'A value in the href attribute must be the whole attribute: href="${url}".',
      'A value in the href attribute must be the whole attribute: href="${url}".',
      'A value in the href attribute must be the whole attribute: href="${url}".',
    ]);
  });
});

function errorOf(build: () => unknown): string {
  try {
    build();
    return 'no error';
  } catch (error) {
    return error instanceof TypeError ? error.message : `not a TypeError: ${String(error)}`;
  }
}

describe('the places a template refuses a value', () => {
  it('refuses text where escaping cannot make it safe', () => {
    const text = 'x onload=alert(1)';
    expect(
      [
        () => html`<p ${text}>`,
        () => html`<p class=${text}>`,
        () => html`<script>${text}</script>`,
        () => html`<style>${text}</style>`,
        () => html`<!-- ${text} -->`,
        () => html`<${text}>`,
      ].map((build) => errorOf(build)),
    ).toEqual([
      'A string cannot go between the attributes of a tag (use attribute()): "x onload=alert(1)"',
      'A string cannot go in an unquoted attribute value: "x onload=alert(1)"',
      'A string cannot go in a script, style or other raw-text element: "x onload=alert(1)"',
      'A string cannot go in a script, style or other raw-text element: "x onload=alert(1)"',
      'A string cannot go in a comment or declaration: "x onload=alert(1)"',
      'A string cannot go in a tag name: "x onload=alert(1)"',
    ]);
  });

  it('refuses markup inside an attribute value, where its quotes would end the value', () => {
    expect(errorOf(() => html`<p title="${html`<a href="x">`}">`)).toEqual(
      'Markup cannot go in an attribute value (its quotes would end the value): "<a href=\\"x\\">"',
    );
  });

  it('reads a template’s text past its raw-text elements and comments', () => {
    expect(
      html`<style>p{}</style><p title="${'"'}">${'<'}</p><!-- c --><script>1</script>${'&'}`.text,
    ).toEqual('<style>p{}</style><p title="&quot;">&lt;</p><!-- c --><script>1</script>&amp;');
  });

  it('puts attributes between a tag’s attributes, and writes an absent one as nothing', () => {
    expect(
      html`<a href="${'a.html'}"${attribute('aria-current', 'page')}${attribute('title', null)}><li${attribute('class', '"x"')}></a>`
        .text,
    ).toEqual('<a href="a.html" aria-current="page"><li class="&quot;x&quot;"></a>');
  });

  it('guards the value of a URL attribute made with attribute(), and refuses bad names', () => {
    expect([
      attribute('href', 'javascript:alert(1)').text,
      attribute('srcset', 'data:x 1w').text,
      errorOf(() => attribute('onclick x', 'y')),
    ]).toEqual([
      ' href="./javascript:alert(1)"',
      ' srcset="./data:x 1w"',
      'Not an attribute name: onclick x',
    ]);
  });

  it('cannot be bypassed by making markup by hand', () => {
    const forged = Symbol('made by markup.ts');
    expect(
      // @ts-expect-error -- the token is private to markup.ts: that is the point.
      errorOf(() => new Html('<script>alert(1)</script>', forged)),
    ).toEqual('Html is made by the html tag, never by hand.');
  });
});

describe('the marked exceptions', () => {
  it('rawHtml inserts the code’s own markup unescaped, where a string would be refused', () => {
    expect(html`<style>${rawHtml('a>b{color:red}')}</style>`.text).toEqual(
      '<style>a>b{color:red}</style>',
    );
  });

  it('jsonScript writes JSON no text can close or comment out', () => {
    expect(
      jsonScript({ headline: '</script><!--<script>alert(1)</script>', line: '\u2028&' }).text,
    ).toEqual(
      '<script type="application/ld+json">{"headline":"\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","line":"\\u2028\\u0026"}</script>',
    );
  });
});

describe('joining', () => {
  it('puts the separator between present pieces only, keeping empty strings as pieces', () => {
    expect([
      joinHtml(['a', null, html`<br>`, false, '', 'b'], html`<br>`).text,
      joinHtml([], '\n').text,
      joinXml([xml`<a/>`, null, 'b&c'], '\n').text,
    ]).toEqual(['a<br><br><br><br>b', '', '<a/>\nb&amp;c']);
  });
});

describe('the xml tag', () => {
  it('escapes text, drops the characters XML 1.0 forbids, and reads a declaration', () => {
    expect(
      xml`<?xml version="1.0"?>\n<title>${'a & b\u0000\u000b\uFFFE <c>'}</title><link href="${'javascript:x'}"/>`
        .text,
    ).toEqual(
      '<?xml version="1.0"?>\n<title>a &amp; b &lt;c&gt;</title><link href="./javascript:x"/>',
    );
  });

  it('refuses HTML inside XML', () => {
    // @ts-expect-error -- HTML and XML markup are different types.
    expect(errorOf(() => xml`<title>${html`<b>x</b>`}</title>`)).toEqual(
      'Only text, numbers and xml markup go in an xml template, not [object Object].',
    );
  });
});

describe('the escaping functions', () => {
  it('escape the five characters and leave other text as it is', () => {
    expect([escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), escapeHtml('无锡 plain')]).toEqual([
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
      '无锡 plain',
    ]);
    expect(escapeXml('\u0008a\u000cb')).toEqual('ab');
  });
});
