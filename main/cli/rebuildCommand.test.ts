import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWuxiStory } from '../../tests/support/portal/wuxi';
import {
  NO_PHOTOS,
  openTestPublisher,
  publishAsEditor,
} from '../../tests/support/publishing/requests';
import type { SettingsStore, SettingsStoreOptions } from '../services/settings/settingsService';
import { parseRebuildArgs, rebuildSiteCommand } from './rebuildCommand';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'rebuild-command-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function createStore(options: SettingsStoreOptions): SettingsStore {
  return new Conf<Record<string, unknown>>({ ...options, projectName: 'newsroom-workstation' });
}

async function run(argv: string[]) {
  const lines: string[] = [];
  const code = await rebuildSiteCommand(argv, createStore, () => dataDir, {
    info: (line) => lines.push(`info: ${line}`),
    error: (line) => lines.push(`error: ${line}`),
  });
  return { code, lines };
}

describe('the Rebuild site command', () => {
  it('rebuilds the site of the data folder from its archive and says what it did', async () => {
    const publisher = openTestPublisher(dataDir, NO_PHOTOS);
    const story = buildWuxiStory({
      firstPublishedAt: null,
      lastPublishedAt: null,
      body: [{ type: 'paragraph', children: [{ text: 'No photos here.' }] }],
    });
    const published = await publishAsEditor(publisher, story);
    if (!published.ok) throw new Error(published.error.message);
    await publisher.settled();
    await rm(path.join(dataDir, 'portal'), { recursive: true });

    const result = await run(['--data-dir', dataDir]);
    expect(result).toEqual({
      code: 0,
      lines: [
        expect.stringMatching(
          /^info: Rebuilt the site from the archive: 1 story, 44 pages, in \d+ ms\.$/,
        ),
        `info: The site readers get: ${path.join(dataDir, 'portal', 'current')}`,
      ],
    });
    const articleFolder = path.dirname(published.value.localFile);
    expect(await readdir(articleFolder)).toEqual([path.basename(published.value.localFile)]);
  });

  it('refuses options it does not know, naming only its own', async () => {
    expect(await run(['--port', '80', '--force', '--data-dir'])).toEqual({
      code: 2,
      lines: [
        'error: Unknown option "--port". Use: npm run rebuild-site -- [--data-dir <dir>]',
        'error: Unexpected "80". Use: npm run rebuild-site -- [--data-dir <dir>]',
        'error: Unknown option "--force". Use: npm run rebuild-site -- [--data-dir <dir>]',
        'error: --data-dir needs a folder. Use: npm run rebuild-site -- [--data-dir <dir>]',
      ],
    });
  });

  it('takes --data-dir in both forms', () => {
    expect([parseRebuildArgs(['--data-dir', 'a']), parseRebuildArgs(['--data-dir=/b'])]).toEqual([
      { dataDir: path.resolve('a'), errors: [] },
      { dataDir: '/b', errors: [] },
    ]);
  });
});
