import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE, findSection, portalProfileSchema } from './profile';

const fixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../tests/fixtures/portal-sections.json', import.meta.url)),
    'utf8',
  ),
) as {
  site: string;
  sourceLine: string;
  creditPreset: string;
  sections: Array<{ name: string; children: string[] }>;
  footer: string[];
};

describe('the default portal profile', () => {
  it('reproduces the section tree, source line, credit and footer of the seed page', () => {
    expect(DEFAULT_PORTAL_PROFILE.siteName).toBe(fixture.site);
    expect(DEFAULT_PORTAL_PROFILE.sourceLine).toBe(fixture.sourceLine);
    expect(DEFAULT_PORTAL_PROFILE.creditPresets).toEqual([fixture.creditPreset]);
    expect(DEFAULT_PORTAL_PROFILE.footer).toEqual(fixture.footer);
    expect(
      DEFAULT_PORTAL_PROFILE.sections.map((section) => ({
        name: section.name,
        children: section.children.map((child) => child.name),
      })),
    ).toEqual(fixture.sections);
  });

  it('passes its own schema', () => {
    expect(portalProfileSchema.parse(DEFAULT_PORTAL_PROFILE)).toEqual(DEFAULT_PORTAL_PROFILE);
  });

  it('gives sub-sections a path under their parent', () => {
    expect(findSection(DEFAULT_PORTAL_PROFILE, 'news/sports')).toEqual({
      id: 'news/sports',
      name: 'Sports',
      path: ['News', 'Sports'],
    });
  });
});
