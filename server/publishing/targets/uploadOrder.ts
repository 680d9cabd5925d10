import { Parser } from 'htmlparser2';
import { FEED_PATH, HOME_PATH, isArticlePath, SITEMAP_PATH } from '../../../shared/portal/paths';

/** What a site file is to a reader, in the order a target receives new files. */
export const SITE_FILE_KINDS = [
  'photo',
  'article',
  'ninjs',
  'section',
  'home',
  'feed',
  'sitemap',
] as const;
export type SiteFileKind = (typeof SITE_FILE_KINDS)[number];

/** What kind of file a site path holds. Anything else (a stylesheet) travels with the photos. */
export function kindOf(sitePath: string): SiteFileKind {
  if (sitePath === HOME_PATH) return 'home';
  if (sitePath === FEED_PATH) return 'feed';
  if (sitePath === SITEMAP_PATH) return 'sitemap';
  if (sitePath.startsWith('ninjs/')) return 'ninjs';
  if (isArticlePath(sitePath)) return 'article';
  if (sitePath.endsWith('.html')) return 'section';
  return 'photo';
}

function rankOf(sitePath: string): number {
  return SITE_FILE_KINDS.indexOf(kindOf(sitePath));
}

/** Compares site paths in upload order: by kind, then by path. */
export function compareUploadOrder(left: string, right: string): number {
  return rankOf(left) - rankOf(right) || (left < right ? -1 : left > right ? 1 : 0);
}

const LINK_ATTRIBUTES = new Set(['href', 'src', 'poster']);
const ORIGIN = 'https://site.invalid';

/**
 * The site path a link on a page names, or null for a link off the site (another host, a
 * `mailto:`), resolved as a browser would: relative to the page, or absolute on the portal's base
 * URL. A folder link names its `index.html`.
 */
export function sitePathOfLink(pagePath: string, link: string, baseUrl: string): string | null {
  const trimmed = link.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  let url: URL;
  const base = baseUrl.replace(/\/*$/, '/');
  try {
    url = new URL(trimmed, `${ORIGIN}/${pagePath}`);
    if (url.origin !== ORIGIN) {
      const absolute = new URL(trimmed);
      if (!absolute.href.startsWith(base)) return null;
      url = new URL(`${ORIGIN}/${absolute.href.slice(base.length)}`);
    }
  } catch {
    return null;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (pathname === '' || pathname.endsWith('/')) pathname = `${pathname}index.html`;
  return pathname;
}

/**
 * Every site path a page links to or loads (`href`, `src`, `srcset`, `poster` in HTML; `<link>`
 * and `<loc>` in the feed and sitemap), parsed with a real HTML/XML parser.
 */
export function linksOfPage(pagePath: string, content: string, baseUrl: string): string[] {
  const links = new Set<string>();
  function add(link: string): void {
    const target = sitePathOfLink(pagePath, link, baseUrl);
    if (target !== null && target !== pagePath) links.add(target);
  }
  const isXml = pagePath.endsWith('.xml');
  let textOf: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (isXml) {
          textOf = name === 'loc' || name === 'link' ? '' : null;
          return;
        }
        for (const [attribute, value] of Object.entries(attributes)) {
          if (LINK_ATTRIBUTES.has(attribute)) add(value);
          else if (attribute === 'srcset')
            for (const candidate of value.split(',')) add(candidate.trim().split(/\s+/)[0] ?? '');
        }
      },
      ontext(text) {
        if (textOf !== null) textOf += text;
      },
      onclosetag() {
        if (textOf !== null) add(textOf);
        textOf = null;
      },
    },
    { xmlMode: isXml, decodeEntities: true },
  );
  parser.write(content);
  parser.end();
  return [...links];
}

/**
 * The order to upload files in so that a reader of the target never follows a link to a file it
 * does not have yet: photos, then articles, NINJS, section pages, home, feed and sitemap, and within
 * that order each file after the files it links to that the target lacks entirely (an older
 * version on the target is enough to follow a link). A cycle of files new to the target (a fresh
 * target's section pages) cannot be ordered so; it is broken in kind order.
 */
export function orderUploads(
  paths: readonly string[],
  linksOf: (sitePath: string) => readonly string[],
  isOnTarget: (sitePath: string) => boolean,
): string[] {
  const pending = new Set(paths);
  const sorted = [...paths].sort(compareUploadOrder);
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  for (const root of sorted) {
    if (state.has(root)) continue;
    // An explicit stack: chains of articles linking older ones can be thousands deep.
    const stack: Array<{ path: string; deps: string[]; next: number }> = [];
    function push(sitePath: string): void {
      state.set(sitePath, 'visiting');
      const deps = linksOf(sitePath)
        .filter((link) => pending.has(link) && !isOnTarget(link))
        .sort(compareUploadOrder);
      stack.push({ path: sitePath, deps, next: 0 });
    }
    push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const dep = top.deps[top.next];
      if (dep === undefined) {
        stack.pop();
        state.set(top.path, 'done');
        order.push(top.path);
        continue;
      }
      top.next += 1;
      if (!state.has(dep)) push(dep);
    }
  }
  return order;
}

/**
 * Splits an upload order into waves whose files may go up at once: files of one kind, none
 * linking to another of the same wave that the target lacks. Waves go one after the other.
 */
export function uploadWaves(
  order: readonly string[],
  dependsOn: (sitePath: string) => readonly string[],
): string[][] {
  const waves: string[][] = [];
  let wave: string[] = [];
  let members = new Set<string>();
  for (const sitePath of order) {
    const first = wave[0];
    const isNewWave =
      first !== undefined &&
      (kindOf(first) !== kindOf(sitePath) || dependsOn(sitePath).some((dep) => members.has(dep)));
    if (isNewWave) {
      waves.push(wave);
      wave = [];
      members = new Set();
    }
    wave.push(sitePath);
    members.add(sitePath);
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
}
