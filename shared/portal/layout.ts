import { attribute, escapeHtml } from './escape';
import { HOME_PATH, relativeHref, sectionIndexPath } from './paths';
import type { PortalProfile } from './profile';
import { PORTAL_STYLESHEET } from './stylesheet';

/** What every page of the portal has in its head besides title and stylesheet. */
export interface PageHead {
  /** The page's own title; the site name is added when it fits. */
  title: string;
  description: string;
  canonicalUrl: string;
  /** Extra elements for the head (meta tags, JSON-LD), already escaped. */
  extra: string[];
}

/** The parts of one page: where it is, its language, its head, and its main content. */
export interface PageShell {
  profile: PortalProfile;
  path: string;
  language: string;
  head: PageHead;
  /** The section id shown as current in the navigation, or null. */
  currentSectionId: string | null;
  /** The main column, already escaped HTML. */
  main: string;
  /** The rail beside it, already escaped HTML, or empty. */
  rail: string;
}

/** The whole section tree, every sub-section visible, as the seed page lists it above its footer. */
function renderSectionTree(profile: PortalProfile, path: string): string {
  const link = (id: string, name: string) =>
    `<a href="${escapeHtml(relativeHref(path, sectionIndexPath(id)))}">${escapeHtml(name)}</a>`;
  const columns = profile.sections.map(
    (section) =>
      `<li>${link(section.id, section.name)}${section.children.length === 0 ? '' : `<ul>${section.children.map((child) => `<li>${link(child.id, child.name)}</li>`).join('')}</ul>`}</li>`,
  );
  return `<nav class="section-tree" aria-label="All sections"><ul>${columns.join('')}</ul></nav>`;
}

function renderNavigation(profile: PortalProfile, path: string, currentSectionId: string | null) {
  function item(id: string, name: string, children: string): string {
    const current =
      currentSectionId !== null &&
      (currentSectionId === id || currentSectionId.startsWith(`${id}/`))
        ? attribute('aria-current', currentSectionId === id ? 'page' : 'true')
        : '';
    return `<li><a href="${escapeHtml(relativeHref(path, sectionIndexPath(id)))}"${current}>${escapeHtml(name)}</a>${children}</li>`;
  }
  const items = profile.sections.map((section) => {
    const children =
      section.children.length === 0
        ? ''
        : `<ul>${section.children.map((child) => item(child.id, child.name, '')).join('')}</ul>`;
    return item(section.id, section.name, children);
  });
  return `<nav class="site-nav" aria-label="Sections"><ul>${items.join('')}</ul></nav>`;
}

/** A breadcrumb `Home > News > Sports`: the last crumb is the page itself unless `linkLast`. */
export function renderBreadcrumb(
  profile: PortalProfile,
  path: string,
  sectionId: string | null,
  linkLast: boolean,
): string {
  const crumbs: Array<{ name: string; target: string }> = [{ name: 'Home', target: HOME_PATH }];
  if (sectionId !== null) {
    const [topId] = sectionId.split('/');
    const top = profile.sections.find((section) => section.id === topId);
    const child = top?.children.find((candidate) => candidate.id === sectionId);
    if (top !== undefined) crumbs.push({ name: top.name, target: sectionIndexPath(top.id) });
    if (child !== undefined) crumbs.push({ name: child.name, target: sectionIndexPath(child.id) });
  }
  const items = crumbs.map((crumb, index) => {
    const separator = index === 0 ? '' : '<span class="separator" aria-hidden="true">&gt;</span> ';
    const isLast = index === crumbs.length - 1;
    const link =
      isLast && !linkLast
        ? `<a href="${escapeHtml(relativeHref(path, crumb.target))}" aria-current="page">${escapeHtml(crumb.name)}</a>`
        : `<a href="${escapeHtml(relativeHref(path, crumb.target))}">${escapeHtml(crumb.name)}</a>`;
    return `<li>${separator}${link}</li>`;
  });
  return `<nav class="breadcrumb" aria-label="Breadcrumb"><ol>${items.join(' ')}</ol></nav>`;
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

const chromeCache = new WeakMap<PortalProfile, Map<string, string>>();

/**
 * The navigation and the section tree depend only on how deep the page is and which section is
 * current, so they are rendered once per profile, depth and section, not once per page.
 */
function cachedChrome(
  profile: PortalProfile,
  path: string,
  currentSectionId: string | null,
  part: 'navigation' | 'tree',
): string {
  let cache = chromeCache.get(profile);
  if (cache === undefined) {
    cache = new Map();
    chromeCache.set(profile, cache);
  }
  const depth = path.split('/').length - 1;
  const key = `${part} ${depth} ${part === 'tree' ? '' : (currentSectionId ?? '')}`;
  let html = cache.get(key);
  if (html === undefined) {
    html =
      part === 'tree'
        ? renderSectionTree(profile, path)
        : renderNavigation(profile, path, currentSectionId);
    cache.set(key, html);
  }
  return html;
}

/** A whole HTML document: head, site header, section navigation, main column, rail, footer. */
export function renderPage(shell: PageShell): string {
  const { profile, path, head } = shell;
  const footer = profile.footer.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(shell.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pageTitle(head.title, profile.siteName))}</title>
<meta name="description" content="${escapeHtml(head.description)}">
<link rel="canonical" href="${escapeHtml(head.canonicalUrl)}">
${head.extra.join('\n')}
<style>${PORTAL_STYLESHEET}</style>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<a class="site-name" href="${escapeHtml(relativeHref(path, HOME_PATH))}">${escapeHtml(profile.siteName)}</a>
<p class="site-tagline">${escapeHtml(profile.sourceLine)}</p>
</header>
${cachedChrome(profile, path, shell.currentSectionId, 'navigation')}
<div class="${shell.rail === '' ? 'layout layout-single' : 'layout'}">
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
`;
}
