import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import { buildWuxiStory } from '../../../tests/support/portal/wuxi';
import { makePhotos } from '../../../tests/support/publishing/makePhotos';
import { openPhotoDirectory } from '../../../tests/support/publishing/photoDirectory';
import { openTestPublisher, publishAsEditor } from '../../../tests/support/publishing/requests';
import { siteFiles, siteProblems } from '../../../tests/support/publishing/site';

const KILLS = 20;
let workDir: string;
let childScript: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'publisher-kill-'));
  childScript = path.join(workDir, 'publishLoop.mjs');
  await build({
    entryPoints: [
      fileURLToPath(new URL('../../../tests/support/publishing/publishLoop.ts', import.meta.url)),
    ],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childScript,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Starts the child and resolves once it says `ready`, with the lines it prints from then on. */
function startChild(dataDir: string, photoDir: string, run: number, photoIds: string[]) {
  const child: ChildProcess = spawn(
    process.execPath,
    [childScript, dataDir, photoDir, String(run)],
    {
      env: { ...process.env, PHOTO_IDS: JSON.stringify(photoIds) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (line === 'ready') resolve();
        else lines.push(line);
      }
    });
    void exited.then(() => reject(new Error(`the child exited before it was ready: ${errors}`)));
  });
  return { child, ready, exited, lines, errors: () => errors };
}

describe('killing the publisher', () => {
  it(`at ${KILLS} random moments always leaves a whole site, old or new`, async () => {
    const dataDir = path.join(workDir, 'data');
    const photoDir = path.join(workDir, 'photos');
    const photoIds = (await makePhotos(photoDir, 3, { width: 800, height: 600 })).map(
      (photo) => photo.id,
    );
    const siteRoot = path.join(dataDir, 'site', 'current');
    const outcomes: Array<{ signal: unknown; problems: string[]; afterRepair: string[] }> = [];
    const generations = new Set<string>();
    let finishedChanges = 0;
    const siteFolder = path.join(dataDir, 'site');
    const seed = openTestPublisher(dataDir, await openPhotoDirectory(photoDir), { siteFolder });
    const seeded = await publishAsEditor(
      seed,
      buildWuxiStory({
        firstPublishedAt: null,
        lastPublishedAt: null,
        leadPhoto: null,
        body: [{ type: 'paragraph', children: [{ text: 'The site before any kill.' }] }],
      }),
    );
    expect(seeded.ok).toEqual(true);

    for (let run = 1; run <= KILLS; run += 1) {
      const started = startChild(dataDir, photoDir, run, photoIds);
      await started.ready;
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 400)));
      started.child.kill('SIGKILL');
      const signal = await started.exited;
      finishedChanges += started.lines.length;
      generations.add(await readlink(path.join(dataDir, 'site', 'current')).catch(() => 'none'));
      const problems = await siteProblems(siteRoot, DEFAULT_PORTAL_PROFILE.baseUrl);

      // The next start notices a publish killed between its archive write and its swap.
      const publisher = openTestPublisher(dataDir, await openPhotoDirectory(photoDir), {
        siteFolder,
      });
      await publisher.problems();
      const sitemapped = (await siteFiles(siteRoot)).filter(
        (file) => file.endsWith('.html') && !/(^|\/)(index|page-\d+)\.html$/.test(file),
      );
      const context = await publisher.context('none', []);
      const archived = context.ok ? context.value.recent.map((item) => item.path) : [];
      const afterRepair = [
        ...(await siteProblems(siteRoot, DEFAULT_PORTAL_PROFILE.baseUrl)),
        ...archived
          .filter((archivedPath) => !sitemapped.includes(archivedPath))
          .map((missing) => `archive has ${missing} but the site does not`),
      ];
      outcomes.push({ signal, problems, afterRepair });
    }

    expect(outcomes).toEqual(
      Array.from({ length: KILLS }, () => ({ signal: 'SIGKILL', problems: [], afterRepair: [] })),
    );
    // The kills fell while work was going on: changes finished and the site moved on.
    expect(finishedChanges > 0 && generations.size > 1).toEqual(true);
  }, 180_000);
});
