import { z } from 'zod';
import { slugify } from '../text/slug';

/** One segment of a section id: lower-case letters and digits in words joined by single hyphens. */
const SECTION_SEGMENT = '[a-z0-9]+(?:-[a-z0-9]+)*';

/** A top-level section id: one URL segment, e.g. `news`. */
export const TOP_SECTION_ID_PATTERN = new RegExp(`^${SECTION_SEGMENT}$`);

/** A section id: one segment, or `parent/child` (two levels, no more). */
export const SECTION_ID_PATTERN = new RegExp(`^${SECTION_SEGMENT}(?:/${SECTION_SEGMENT})?$`);

/** Top-level names the site itself uses for other files; a section there would collide with them. */
export const RESERVED_SECTION_IDS: readonly string[] = ['media', 'ninjs'];

const topSectionIdSchema = z
  .string()
  .regex(
    TOP_SECTION_ID_PATTERN,
    'A section id is a URL segment: lower-case letters, digits and single hyphens.',
  )
  .refine((id) => !RESERVED_SECTION_IDS.includes(id), {
    message: `A section id may not be ${RESERVED_SECTION_IDS.join(' or ')}: the site uses those folders.`,
  });

/** A section of the portal; `id` is its URL path, e.g. `news` or `news/sports`. */
export const sectionSchema = z
  .object({
    id: topSectionIdSchema,
    name: z.string().min(1),
    children: z.array(
      z.object({
        id: z
          .string()
          .regex(
            SECTION_ID_PATTERN,
            'A sub-section id is `parent/child`: URL segments of lower-case letters, digits and single hyphens.',
          ),
        name: z.string().min(1),
      }),
    ),
  })
  .superRefine((section, context) => {
    section.children.forEach((child, index) => {
      if (!child.id.startsWith(`${section.id}/`) || child.id.split('/').length !== 2) {
        context.addIssue({
          code: 'custom',
          path: ['children', index, 'id'],
          message: `The sub-section id "${child.id}" must be "${section.id}/" followed by one segment.`,
        });
      }
    });
  });
export type Section = z.infer<typeof sectionSchema>;

/** Whether the runtime knows this IANA time zone (`Asia/Shanghai`, `UTC`), not `Not/AZone`. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Length limit of a field: English is counted in words, Chinese in characters. */
export const limitSchema = z.object({
  words: z.number().int().positive(),
  characters: z.number().int().positive(),
});
export type Limit = z.infer<typeof limitSchema>;

/** Everything that makes the portal this portal: names, sections, credits, footer, time zone. */
export const portalProfileSchema = z
  .object({
    siteName: z.string().min(1),
    baseUrl: z.url({ protocol: /^https?$/ }),
    sourceLine: z.string(),
    creditPresets: z.array(z.string()),
    sections: z.array(sectionSchema).min(1),
    /** Section ids whose recent items fill the article page's rail. */
    railSectionIds: z.array(z.string()),
    footer: z.array(z.string()),
    timeZone: z.string().refine(isKnownTimeZone, {
      message: 'The time zone must be an IANA time zone this computer knows, e.g. Asia/Shanghai.',
    }),
    timeZoneLabel: z.string().min(1),
    language: z.string().min(2),
    articlesPerPage: z.number().int().min(1).max(200),
    limits: z.object({ headline: limitSchema, subheadline: limitSchema, summary: limitSchema }),
  })
  .superRefine((profile, context) => {
    // Every id becomes a folder of the site: two sections in one folder would overwrite each other.
    const seen = new Set<string>();
    for (const id of profile.sections.flatMap((section) => [
      section.id,
      ...section.children.map((child) => child.id),
    ])) {
      if (seen.has(id))
        context.addIssue({
          code: 'custom',
          path: ['sections'],
          message: `The section id "${id}" is used twice.`,
        });
      seen.add(id);
    }
    profile.railSectionIds.forEach((id, index) => {
      if (!seen.has(id))
        context.addIssue({
          code: 'custom',
          path: ['railSectionIds', index],
          message: `The rail names "${id}", which is not a section of the portal.`,
        });
    });
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
