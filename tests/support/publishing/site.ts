import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file of a published site (following `current`), as site paths, sorted. */
export async function siteFiles(siteRoot: string): Promise<string[]> {
  const entries = await readdir(siteRoot, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(siteRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort();
}

/** The site-relative targets of every link and image a page uses (external links left out). */
export function localReferences(pagePath: string, html: string): string[] {
  const values = [
    ...[...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? ''),
    ...[...html.matchAll(/\ssrcset="([^"]*)"/g)].flatMap((match) =>
      (match[1] ?? '').split(', ').map((candidate) => candidate.split(' ')[0] ?? ''),
    ),
  ];
  return values
    .filter(
      (value) => value !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('#'),
    )
    .map((value) => path.posix.normalize(path.posix.join(path.posix.dirname(pagePath), value)));
}

/**
 * What is wrong with a site: pages linking or pointing to files it does not have, and articles
 * the sitemap and the site disagree about. Empty for a whole site.
 */
export async function siteProblems(siteRoot: string, baseUrl: string): Promise<string[]> {
  const files = await siteFiles(siteRoot);
  const present = new Set(files);
  const problems: string[] = [];
  for (const page of files.filter((file) => file.endsWith('.html'))) {
    const html = await readFile(path.join(siteRoot, page), 'utf8');
    if (!html.trimEnd().endsWith('</html>')) problems.push(`${page} is cut short`);
    for (const target of localReferences(page, html)) {
      if (!present.has(target)) problems.push(`${page} links to missing ${target}`);
    }
  }
  const sitemap = present.has('sitemap.xml')
    ? await readFile(path.join(siteRoot, 'sitemap.xml'), 'utf8')
    : '';
  const listed = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)]
    .map((match) => (match[1] ?? '').slice(baseUrl.length + 1))
    .sort();
  const articles = files.filter(
    (file) => file.endsWith('.html') && !/(^|\/)(index|page-\d+)\.html$/.test(file),
  );
  if (listed.join('\n') !== articles.join('\n')) {
    problems.push(
      `the sitemap lists ${JSON.stringify(listed)} but the site has ${JSON.stringify(articles)}`,
    );
  }
  return problems;
}
