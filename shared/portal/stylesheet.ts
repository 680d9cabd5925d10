/**
 * The portal's stylesheet, inlined in every page so a page is one self-contained file (and so the
 * preview iframe, which may load nothing, looks exactly like the published page). Mobile first:
 * one column; from 860px wide, the article and the rail side by side.
 */
export const PORTAL_STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:Georgia,"Times New Roman","Songti SC",serif;font-size:1.0625rem;line-height:1.6;color:#1a1a1a;background:#fff}
a{color:#0b4f8a}
a:hover,a:focus{color:#062d50}
:focus-visible{outline:3px solid #e0a100;outline-offset:2px}
img{max-width:100%;height:auto;display:block}
.skip-link{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip-link:focus{left:.5rem}
.site-header{background:#0b3d6b;color:#fff;padding:.75rem 1rem}
.site-header .site-name{color:#fff;font:700 1.5rem/1.2 Arial,Helvetica,sans-serif;text-decoration:none;letter-spacing:.02em}
.site-header .site-tagline{margin:.125rem 0 0;font:.8125rem/1.3 Arial,Helvetica,sans-serif;color:#d7e6f5}
.site-nav{background:#f1f4f8;border-bottom:1px solid #d0d8e2;font-family:Arial,Helvetica,sans-serif;font-size:.9375rem}
.site-nav>ul{list-style:none;margin:0 auto;padding:0 .5rem;max-width:72rem;display:flex;flex-wrap:wrap}
.site-nav li{position:relative}
.site-nav a{display:block;padding:.5rem .625rem;text-decoration:none;color:#0b3d6b;font-weight:700}
.site-nav a[aria-current]{text-decoration:underline;text-underline-offset:.25em}
.site-nav ul ul{list-style:none;margin:0;padding:0 0 .25rem .5rem;display:none}
.site-nav ul ul a{font-weight:400;padding:.25rem .625rem}
.site-nav li:hover>ul,.site-nav li:focus-within>ul{display:block;position:absolute;z-index:5;min-width:12rem;background:#fff;border:1px solid #d0d8e2;box-shadow:0 4px 12px rgba(0,0,0,.12)}
.layout{max-width:72rem;margin:0 auto;padding:1rem}
.breadcrumb ol{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem;font:.875rem/1.4 Arial,Helvetica,sans-serif}
.breadcrumb .separator{padding:0 .25rem;color:#555}
h1,h2,h3{font-family:Arial,Helvetica,sans-serif;line-height:1.25;color:#111}
h1{font-size:1.75rem;margin:0 0 .5rem}
h2{font-size:1.3125rem;margin:1.5rem 0 .5rem}
h3{font-size:1.125rem;margin:1.25rem 0 .5rem}
.subheadline{font-size:1.1875rem;color:#333;margin:0 0 .75rem}
.article-meta{font:.875rem/1.5 Arial,Helvetica,sans-serif;color:#444;margin:0 0 1rem;border-bottom:1px solid #e3e3e3;padding-bottom:.5rem}
.article-meta p{margin:0}
.correction{background:#fff8e1;border-left:4px solid #e0a100;padding:.5rem .75rem;margin:0 0 1rem;font:.9375rem/1.5 Arial,Helvetica,sans-serif}
.correction h2{font-size:1rem;margin:0 0 .25rem}
.correction p{margin:0}
figure{margin:1.25rem 0}
figcaption{font:.875rem/1.45 Arial,Helvetica,sans-serif;color:#333;margin-top:.375rem}
figcaption .credit{color:#555}
blockquote{margin:1rem 0;padding:.25rem 1rem;border-left:4px solid #0b3d6b;color:#333}
.article-body p{margin:0 0 1rem}
.rail{font-family:Arial,Helvetica,sans-serif;margin-top:2rem}
.rail h2{font-size:1.125rem;border-bottom:2px solid #0b3d6b;padding-bottom:.25rem;margin-top:0}
.rail ul,.story-list{list-style:none;margin:0 0 1.5rem;padding:0}
.rail li{margin-bottom:.875rem}
.rail a{text-decoration:none;display:block}
.rail img{margin-bottom:.25rem;width:100%;aspect-ratio:3/2;object-fit:cover}
.story-list>li{display:flex;gap:1rem;padding:.875rem 0;border-bottom:1px solid #e3e3e3}
.story-list .thumb{flex:0 0 7.5rem}
.story-list .thumb img{width:7.5rem;aspect-ratio:3/2;object-fit:cover}
.story-list h2,.story-list h3{font-size:1.125rem;margin:0 0 .25rem}
.story-list p{margin:0 0 .25rem}
.story-list .date{font:.8125rem/1.4 Arial,Helvetica,sans-serif;color:#555}
.lead-story{margin-bottom:1.5rem}
.lead-story h2{font-size:1.5rem;margin:.5rem 0}
.section-block{margin-top:1.5rem}
.section-block h2{border-bottom:2px solid #0b3d6b;padding-bottom:.25rem}
.preview-highlight{outline:3px dashed #e0a100;outline-offset:4px;background:#fffbea}
.preview-badge{display:inline-block;font:700 .75rem/1.4 Arial,Helvetica,sans-serif;background:#e0a100;color:#111;padding:0 .375rem;margin-bottom:.25rem}
.pagination ul{list-style:none;margin:1.5rem 0;padding:0;display:flex;gap:1rem;font-family:Arial,Helvetica,sans-serif}
.site-footer{background:#1f2a36;color:#e8edf2;font:.8125rem/1.6 Arial,Helvetica,sans-serif;padding:1.25rem 1rem;margin-top:2rem;text-align:center}
.site-footer p{margin:0}
.section-tree{text-align:left;max-width:72rem;margin:0 auto 1.25rem;border-bottom:1px solid #4a5868;padding-bottom:1rem}
.section-tree>ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:1rem}
.section-tree ul ul{list-style:none;margin:.25rem 0 0;padding:0}
.section-tree a{color:#e8edf2;text-decoration:none}
.section-tree>ul>li>a{font-weight:700}
.section-tree a:hover,.section-tree a:focus{text-decoration:underline}
@media (min-width:860px){
h1{font-size:2.125rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 18rem;gap:2.5rem}
.layout-single{display:block;max-width:52rem}
.rail{margin-top:0}
}
`;
