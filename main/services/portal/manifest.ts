import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PortalProfile } from '../../../shared/portal/profile';
import type { ArchiveEntry } from './archive';
import type { SiteStore } from './siteStore';

/**
 * The generation manifest, a file of every generation: what the site was built from (to spot a
 * site that does not match the archive or the profile) and a signature per section page (to skip
 * pages a change leaves as they are).
 */
export const MANIFEST_PATH = '.portal-generation.json';

/** Bumped when the templates change, so every page is rendered again. */
const TEMPLATE_VERSION = 2;

const manifestSchema = z.object({
  version: z.literal(1),
  archiveDigest: z.string(),
  profileDigest: z.string(),
  pageSignatures: z.record(z.string(), z.string()),
});
/** What the manifest holds. */
export type Manifest = z.infer<typeof manifestSchema>;

/** SHA-256 hex of a text. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** What the site must show of the archive: each story's status, time and path. */
export function archiveDigest(entries: readonly ArchiveEntry[]): string {
  const lines = entries
    .map((entry) => `${entry.storyId}|${entry.status}|${entry.lastPublishedAt}|${entry.path}`)
    .sort();
  return digest(lines.join('\n'));
}

/** The profile and the template version every page was rendered with. */
export function profileDigest(profile: PortalProfile): string {
  return digest(JSON.stringify({ profile, TEMPLATE_VERSION }));
}

/** The current generation's manifest; null when there is none or it cannot be read. */
export async function readManifest(store: SiteStore): Promise<Manifest | null> {
  const bytes = await store.readFile(MANIFEST_PATH);
  if (bytes === null) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
