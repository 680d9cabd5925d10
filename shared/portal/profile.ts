import { z } from 'zod';
import { slugify } from '../text/slug';

/** A section of the portal; `id` is its URL path, e.g. `news` or `news/sports`. */
export const sectionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  children: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) })),
});
export type Section = z.infer<typeof sectionSchema>;

/** Length limit of a field: English is counted in words, Chinese in characters. */
export const limitSchema = z.object({
  words: z.number().int().positive(),
  characters: z.number().int().positive(),
});
export type Limit = z.infer<typeof limitSchema>;

/** Everything that makes the portal this portal: names, sections, credits, footer, time zone. */
export const portalProfileSchema = z.object({
  siteName: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/ }),
  sourceLine: z.string(),
  creditPresets: z.array(z.string()),
  sections: z.array(sectionSchema).min(1),
  /** Section ids whose recent items fill the article page's rail. */
  railSectionIds: z.array(z.string()),
  footer: z.array(z.string()),
  timeZone: z.string().min(1),
  timeZoneLabel: z.string().min(1),
  language: z.string().min(2),
  articlesPerPage: z.number().int().min(1).max(200),
  limits: z.object({ headline: limitSchema, subheadline: limitSchema, summary: limitSchema }),
});
export type PortalProfile = z.infer<typeof portalProfileSchema>;

function buildSections(
  tree: ReadonlyArray<{ name: string; children: readonly string[] }>,
): Section[] {
  return tree.map(({ name, children }) => {
    const id = slugify(name);
    return {
      id,
      name,
      children: children.map((child) => ({ id: `${id}/${slugify(child)}`, name: child })),
    };
  });
}

/** The section tree of the Wuxi portal, as its pages show it. */
export const WUXI_SECTION_TREE = [
  { name: 'News', children: ['Sports', 'Videos', 'Photos'] },
  { name: 'Business', children: ['Biz Updates', 'Industries', 'Development Zones', 'Companies'] },
  {
    name: 'Travel',
    children: [
      'Attractions',
      'Dining',
      'Accommodation',
      'Shopping',
      'Entertainment',
      'Transportation',
      'Maps',
    ],
  },
  { name: 'Culture', children: ['Culture News', 'Heritage', 'Museums', 'Events'] },
  {
    name: 'Services',
    children: ['Visa', 'Marriage', 'Healthcare', 'Jobs', 'Education', 'Useful Info'],
  },
  { name: 'Government', children: ['Mayor', 'Departments', 'Districts', 'Policies'] },
  { name: 'About', children: ['Overview', 'Statistics', 'Sister Cities', 'E-books'] },
] as const;

/** The default portal profile: the English-language Wuxi portal presented by China Daily. */
export const DEFAULT_PORTAL_PROFILE: PortalProfile = {
  siteName: 'Wuxi',
  baseUrl: 'https://wuxi.chinadaily.com.cn',
  sourceLine: 'chinadaily.com.cn',
  creditPresets: ['[Photo provided to China Daily]'],
  sections: buildSections(WUXI_SECTION_TREE),
  railSectionIds: ['news/videos', 'news/photos'],
  footer: [
    'Copyright © China Daily. All rights reserved.',
    "The Information Office of Wuxi Municipal People's Government.",
    'Presented by China Daily.',
  ],
  timeZone: 'Asia/Shanghai',
  timeZoneLabel: 'Beijing time',
  language: 'en',
  articlesPerPage: 20,
  limits: {
    headline: { words: 14, characters: 30 },
    subheadline: { words: 30, characters: 60 },
    summary: { words: 60, characters: 150 },
  },
};

/** Every section and sub-section, flattened, with the path used in breadcrumbs. */
export function listSections(
  profile: PortalProfile,
): Array<{ id: string; name: string; path: string[] }> {
  return profile.sections.flatMap((section) => [
    { id: section.id, name: section.name, path: [section.name] },
    ...section.children.map((child) => ({
      id: child.id,
      name: child.name,
      path: [section.name, child.name],
    })),
  ]);
}

const sectionIndexes = new WeakMap<
  PortalProfile,
  Map<string, ReturnType<typeof listSections>[number]>
>();

/** Finds a section or sub-section by id (indexed once per profile: pages ask for it often). */
export function findSection(profile: PortalProfile, id: string) {
  let index = sectionIndexes.get(profile);
  if (index === undefined) {
    index = new Map(listSections(profile).map((section) => [section.id, section]));
    sectionIndexes.set(profile, index);
  }
  return index.get(id);
}
