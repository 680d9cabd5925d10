import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { archiveRecordSchema, type ArchiveRecord } from '../../main/services/portal/archive';
import { createPublisher, type Publisher } from '../../main/services/portal/publisher';
import { uuidv7 } from '../../shared/ids';
import { proposeArticlePath } from '../../shared/portal/paths';
import { DEFAULT_PORTAL_PROFILE, listSections } from '../../shared/portal/profile';
import { summarizeStory } from '../../shared/portal/summary';
import { blankStoryFields, newDraft, type StoryWithBody } from '../../shared/story/story';
import { createRandom, headlineOf, paragraphsOf } from '../corpus';

/** Raw samples of the portal benchmarks. */
export interface PortalSamples {
  archived: number;
  /** ms per publish of one story into the archive of `archived`; the first right after a rebuild. */
  publish: number[];
  /** ms of the first publish of a publisher just opened over the same site (a restart). */
  publishAfterStart: number[];
  /** ms to write the same pages with plain fs (no render, no generation, no fsync). */
  publishPlainWrite: number[];
  pagesPerPublish: number;
  /** Pages per second of whole-site rebuilds. */
  rebuildPagesPerSecond: number[];
  /** Files per second writing the same site with plain fs. */
  plainPagesPerSecond: number[];
  sitePages: number;
  siteBytes: number;
}

/** A published-looking story of about 400 words in one of the portal's sections. */
function buildStory(index: number, at: number, random: () => number): StoryWithBody {
  const sections = listSections(DEFAULT_PORTAL_PROFILE).map((section) => section.id);
  const headline = `${headlineOf(random)} ${index}`;
  return {
    ...blankStoryFields({
      headline,
      slug: `story-${index}`,
      byline: 'Bench Reporter',
      source: 'chinadaily.com.cn',
      summary: paragraphsOf(30, index)[0] ?? '',
      section: sections[Math.floor(random() * sections.length)] ?? 'news',
      keywords: ['wuxi'],
    }),
    ...newDraft('Bench Reporter', at),
    id: uuidv7(at, randomBytes(10)),
    state: 'approved',
    wordCount: 400,
    body: paragraphsOf(400, index).map((text) => ({ type: 'paragraph', children: [{ text }] })),
  };
}

/**
 * Writes `count` archive records the way a publish leaves them (same schema, summary and path
 * rules), straight to files: publishing 10,000 stories one by one would take the whole bench run.
 */
export function seedArchive(dataDir: string, count: number): void {
  const directory = path.join(dataDir, 'archive');
  mkdirSync(directory, { recursive: true });
  const random = createRandom(11);
  const taken = new Set<string>();
  const start = Date.UTC(2025, 0, 1);
  for (let index = 0; index < count; index += 1) {
    const at = start + index * 45 * 60_000;
    const story = buildStory(index, at, random);
    const sitePath = proposeArticlePath(story, DEFAULT_PORTAL_PROFILE, at, (candidate) =>
      taken.has(candidate),
    );
    taken.add(sitePath);
    const times = { firstPublishedAt: at, lastPublishedAt: at };
    const published: StoryWithBody = {
      ...story,
      state: 'published',
      publishedPath: sitePath,
      ...times,
    };
    const record: ArchiveRecord = archiveRecordSchema.parse({
      version: 1,
      storyId: story.id,
      path: sitePath,
      status: 'published',
      revision: 1,
      ...times,
      unpublishedAt: null,
      unpublishReason: '',
      story: published,
      photos: [],
      summary: summarizeStory(published, sitePath, times, new Map()),
      railStoryIds: [],
      assets: [],
    } satisfies ArchiveRecord);
    writeFileSync(
      path.join(directory, `${encodeURIComponent(story.id)}.json`),
      JSON.stringify(record),
    );
  }
}

function listSiteFiles(directory: string, prefix = ''): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory()
      ? listSiteFiles(path.join(directory, entry.name), relative)
      : [relative];
  });
}

/** The baseline: the same bytes written with plain fs into an empty folder (mkdir + writeFile). */
function writePlain(files: ReadonlyMap<string, Buffer>): number {
  const target = mkdtempSync(path.join(tmpdir(), 'bench-plain-site-'));
  try {
    const start = performance.now();
    const made = new Set<string>();
    for (const [sitePath, bytes] of files) {
      const file = path.join(target, ...sitePath.split('/'));
      const directory = path.dirname(file);
      if (!made.has(directory)) {
        mkdirSync(directory, { recursive: true });
        made.add(directory);
      }
      writeFileSync(file, bytes);
    }
    return performance.now() - start;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

function readSite(currentDir: string, sitePaths: readonly string[]): Map<string, Buffer> {
  return new Map(
    sitePaths.map((sitePath) => [
      sitePath,
      readFileSync(path.join(currentDir, ...sitePath.split('/'))),
    ]),
  );
}

/**
 * The publisher (main/services/portal) over an archive of `archived` stories: publishing one more
 * story, and rebuilding the whole site, each against writing the same bytes with plain fs.
 */
export async function runPortalBenchmark(options: {
  archived: number;
  publishes: number;
  rebuilds: number;
  starts: number;
}): Promise<PortalSamples> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-portal-'));
  try {
    seedArchive(dataDir, options.archived);
    const open = () =>
      createPublisher({
        archiveDirectory: path.join(dataDir, 'archive'),
        siteFolder: () => path.join(dataDir, 'portal'),
        profile: () => DEFAULT_PORTAL_PROFILE,
        photos: { getPhoto: async () => null, resolveFile: async () => null },
        now: Date.now,
      });
    const publisher = open();
    // Opening finds a site that does not match the archive and builds it: not a timed figure.
    await publisher.problems();
    await publisher.settled();
    const currentDir = path.join(dataDir, 'portal', 'current');
    const samples: PortalSamples = {
      archived: options.archived,
      publish: [],
      publishAfterStart: [],
      publishPlainWrite: [],
      pagesPerPublish: 0,
      rebuildPagesPerSecond: [],
      plainPagesPerSecond: [],
      sitePages: 0,
      siteBytes: 0,
    };
    for (let run = 0; run < options.rebuilds; run += 1) {
      const start = performance.now();
      const rebuilt = await publisher.rebuild();
      const seconds = (performance.now() - start) / 1000;
      if (!rebuilt.ok) throw new Error(`The rebuild failed: ${rebuilt.error.message}`);
      samples.rebuildPagesPerSecond.push(rebuilt.value.pageCount / seconds);
      // What the rebuild leaves for after it returns (old generations removed, a flush) is done
      // before anything else is measured on the same disk.
      await publisher.settled();
      const files = readSite(currentDir, listSiteFiles(currentDir));
      samples.sitePages = rebuilt.value.pageCount;
      samples.siteBytes = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
      samples.plainPagesPerSecond.push(files.size / (writePlain(files) / 1000));
    }
    const random = createRandom(23);
    let next = options.archived;
    async function publishOne(on: Publisher): Promise<number> {
      const story = buildStory(next, Date.now(), random);
      next += 1;
      const start = performance.now();
      const published = await on.publish({ story, action: 'publish', input: {}, role: 'editor' });
      const elapsed = performance.now() - start;
      if (!published.ok) throw new Error(`The publish failed: ${published.error.message}`);
      samples.pagesPerPublish = published.value.pagesWritten.length;
      samples.publishPlainWrite.push(
        writePlain(readSite(currentDir, published.value.pagesWritten)),
      );
      return elapsed;
    }
    for (let run = 0; run < options.publishes; run += 1) {
      samples.publish.push(await publishOne(publisher));
    }
    // A restart: a new publisher over the same folders, its open awaited as the app's start is.
    for (let run = 0; run < options.starts; run += 1) {
      const restarted = open();
      await restarted.problems();
      samples.publishAfterStart.push(await publishOne(restarted));
    }
    return samples;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
