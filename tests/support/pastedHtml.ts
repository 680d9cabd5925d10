/**
 * What Word puts on the clipboard for a short document: a heading, a paragraph with bold, italic and
 * a link (with an `onclick`), a bulleted and a numbered list in Word's own list markup (`mso-list`
 * paragraphs with `supportLists` bullets), a `javascript:` link, strikethrough and an image with
 * `onerror`, wrapped in Word's head (a style, a script) and conditional comments. The paste unit
 * test and the authoring e2e test both paste it, so both judge the same document.
 */
export const WORD_DOCUMENT_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
      <style>p.MsoNormal { color: red; }</style><script>window.pasted = true;</script></head>
      <body lang=EN-US><!--StartFragment-->
      <h1 style="mso-outline-level:1"><span style="font-family:Calibri">Wuxi signs IoT deal</span></h1>
      <p class=MsoNormal style="margin:0"><span style="color:#333">The city <b>entered</b> a
      <i>strategic</i> partnership, <a href="https://www.chinadaily.com.cn/a.html" class=x onclick="evil()">reported here</a>.</span><o:p></o:p></p>
      <!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
      <p class=MsoListParagraphCxSpFirst style="text-indent:-18pt;mso-list:l0 level1 lfo1"><![if !supportLists]><span style="font-family:Symbol"><span style="mso-list:Ignore">·<span style="font:7pt">&nbsp;&nbsp;</span></span></span><![endif]>An engineering centre</p>
      <p class=MsoListParagraphCxSpLast style="text-indent:-18pt;mso-list:l0 level1 lfo1"><![if !supportLists]><span style="font-family:Symbol"><span style="mso-list:Ignore">·<span style="font:7pt">&nbsp;&nbsp;</span></span></span><![endif]>A <u>capital</u> platform</p>
      <p class=MsoListParagraphCxSpFirst style="text-indent:-18pt;mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">1.<span style="font:7pt">&nbsp;</span></span>First step</p>
      <p class=MsoListParagraphCxSpLast style="text-indent:-18pt;mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">2.<span style="font:7pt">&nbsp;</span></span>Second step</p>
      <p><a href="javascript:alert(1)">not a link</a> and <s>old</s> text<img src="x.png" onerror="evil()"></p>
      <!--EndFragment--></body></html>`;
