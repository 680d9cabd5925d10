import { attribute, escapeHtml, type Html, html, joinHtml, rawHtml } from './markup';
import { HOME_PATH, relativeHref, sectionIndexPath } from './paths';
import type { PortalProfile } from './profile';
import { PORTAL_STYLESHEET } from './stylesheet';

/** What every page of the portal has in its head besides title and stylesheet. */
export interface PageHead {
  /** The page's own title; the site name is added when it fits. */
  title: string;
  description: string;
  canonicalUrl: string;
  /** Extra elements for the head (meta tags, JSON-LD). */
  extra: Html[];
}

/** The parts of one page: where it is, its language, its head, and its main content. */
export interface PageShell {
  profile: PortalProfile;
  path: string;
  language: string;
  head: PageHead;
  /** The section id shown as current in the navigation, or null. */
  currentSectionId: string | null;
  /** The main column. */
  main: Html;
  /** The rail beside it, or null. */
  rail: Html | null;
}

/** The whole section tree, every sub-section visible, as the seed page lists it above its footer. */
function renderSectionTree(profile: PortalProfile, path: string): Html {
  const link = (id: string, name: string) =>
    html`<a href="${relativeHref(path, sectionIndexPath(id))}">${name}</a>`;
  const columns = profile.sections.map((section) => {
    const children =
      section.children.length > 0 &&
      html`<ul>${section.children.map((child) => html`<li>${link(child.id, child.name)}</li>`)}</ul>`;
    return html`<li>${link(section.id, section.name)}${children}</li>`;
  });
  return html`<nav class="section-tree" aria-label="All sections"><ul>${columns}</ul></nav>`;
}

function renderNavigation(
  profile: PortalProfile,
  path: string,
  currentSectionId: string | null,
): Html {
  function item(id: string, name: string, children: Html | null): Html {
    const current =
      currentSectionId !== null &&
      (currentSectionId === id || currentSectionId.startsWith(`${id}/`)) &&
      attribute('aria-current', currentSectionId === id ? 'page' : 'true');
    return html`<li><a href="${relativeHref(path, sectionIndexPath(id))}"${current}>${name}</a>${children}</li>`;
  }
  const items = profile.sections.map((section) => {
    const children =
      section.children.length === 0
        ? null
        : html`<ul>${section.children.map((child) => item(child.id, child.name, null))}</ul>`;
    return item(section.id, section.name, children);
  });
  return html`<nav class="site-nav" aria-label="Sections"><ul>${items}</ul></nav>`;
}

/** A breadcrumb `Home > News > Sports`: the last crumb is the page itself unless `linkLast`. */
export function renderBreadcrumb(
  profile: PortalProfile,
  path: string,
  sectionId: string | null,
  linkLast: boolean,
): Html {
  const crumbs: Array<{ name: string; target: string }> = [{ name: 'Home', target: HOME_PATH }];
  if (sectionId !== null) {
    const [topId] = sectionId.split('/');
    const top = profile.sections.find((section) => section.id === topId);
    const child = top?.children.find((candidate) => candidate.id === sectionId);
    if (top !== undefined) crumbs.push({ name: top.name, target: sectionIndexPath(top.id) });
    if (child !== undefined) crumbs.push({ name: child.name, target: sectionIndexPath(child.id) });
  }
  const items = crumbs.map((crumb, index) => {
    const separator = index > 0 && html`<span class="separator" aria-hidden="true">&gt;</span> `;
    const isLast = index === crumbs.length - 1;
    const link =
      isLast && !linkLast
        ? html`<a href="${relativeHref(path, crumb.target)}" aria-current="page">${crumb.name}</a>`
        : html`<a href="${relativeHref(path, crumb.target)}">${crumb.name}</a>`;
    return html`<li>${separator}${link}</li>`;
  });
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><ol>${joinHtml(items, ' ')}</ol></nav>`;
}

/**
 * Search engines show about 70 characters of a title. Measured as written in the page (entities
 * included) because that is how validators count it; longer titles are cut at a word.
 */
export const TITLE_LENGTH = 70;

function writtenLength(text: string): number {
  return escapeHtml(text).length;
}

/** The `<title>` of a page: `Headline - Site`, shortened to fit {@link TITLE_LENGTH}. */
export function pageTitle(text: string, siteName: string): string {
  const full = `${text} - ${siteName}`;
  if (writtenLength(full) <= TITLE_LENGTH) return full;
  if (writtenLength(text) <= TITLE_LENGTH) return text;
  let cut = '';
  for (const character of text) {
    if (writtenLength(cut + character) > TITLE_LENGTH - 1) break;
    cut += character;
  }
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

const chromeCache = new WeakMap<PortalProfile, Map<string, Html>>();

/**
 * The navigation and the section tree depend only on how deep the page is and which section is
 * current, so they are rendered once per profile, depth and section, not once per page.
 */
function cachedChrome(
  profile: PortalProfile,
  path: string,
  currentSectionId: string | null,
  part: 'navigation' | 'tree',
): Html {
  let cache = chromeCache.get(profile);
  if (cache === undefined) {
    cache = new Map();
    chromeCache.set(profile, cache);
  }
  const depth = path.split('/').length - 1;
  const key = `${part} ${depth} ${part === 'tree' ? '' : (currentSectionId ?? '')}`;
  let chrome = cache.get(key);
  if (chrome === undefined) {
    chrome =
      part === 'tree'
        ? renderSectionTree(profile, path)
        : renderNavigation(profile, path, currentSectionId);
    cache.set(key, chrome);
  }
  return chrome;
}

/** The stylesheet is the code's own text: the one place the portal inserts markup unescaped. */
const STYLESHEET = rawHtml(PORTAL_STYLESHEET);

/** A whole HTML document: head, site header, section navigation, main column, rail, footer. */
export function renderPage(shell: PageShell): string {
  const { profile, path, head } = shell;
  const footer = joinHtml(
    profile.footer.map((line) => html`<p>${line}</p>`),
    '\n',
  );
  return html`<!DOCTYPE html>
<html lang="${shell.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(head.title, profile.siteName)}</title>
<meta name="description" content="${head.description}">
<link rel="canonical" href="${head.canonicalUrl}">
${joinHtml(head.extra, '\n')}
<style>${STYLESHEET}</style>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<a class="site-name" href="${relativeHref(path, HOME_PATH)}">${profile.siteName}</a>
<p class="site-tagline">${profile.sourceLine}</p>
</header>
${cachedChrome(profile, path, shell.currentSectionId, 'navigation')}
<div class="${shell.rail === null ? 'layout layout-single' : 'layout'}">
<main id="content">
${shell.main}
</main>
${shell.rail}
</div>
<footer class="site-footer">
${cachedChrome(profile, path, null, 'tree')}
${footer}
</footer>
</body>
</html>
`.text;
}
