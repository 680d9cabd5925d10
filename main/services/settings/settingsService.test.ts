import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import { openSettings, type SettingsStore } from './settingsService';

let dataDir: string;
const NOW = new Date(Date.UTC(2026, 10, 26, 9, 30));

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'settings-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function open() {
  return openSettings(
    dataDir,
    (options): SettingsStore =>
      new Conf<Record<string, unknown>>({ ...options, projectName: 'test' }),
    () => NOW,
  );
}

async function handEdit(changes: Record<string, unknown>): Promise<void> {
  open();
  const file = path.join(dataDir, 'settings.json');
  const stored = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...stored, ...changes }));
}

describe('the settings service', () => {
  it('treats a hand-edited unknown time zone like any invalid value: copied aside, reset, reported', async () => {
    await handEdit({
      userName: 'Li Na',
      portalProfile: { ...DEFAULT_PORTAL_PROFILE, timeZone: 'Not/AZone' },
    });
    const { settings, notices } = open();
    const aside = path.join(dataDir, 'settings.corrupt-2026-11-26T09-30-00-000Z.json');
    expect({
      zone: settings.get().portalProfile.timeZone,
      name: settings.get().userName,
      notices,
      kept: JSON.parse(await readFile(aside, 'utf8')).portalProfile.timeZone,
    }).toEqual({
      zone: 'Asia/Shanghai',
      name: 'Li Na',
      notices: [
        {
          id: 'settings-repaired',
          level: 'warning',
          message: `Some settings were not valid and were reset to their defaults (portalProfile). The original file was kept as ${aside}.`,
        },
      ],
      kept: 'Not/AZone',
    });
  });

  it('refuses a profile whose section ids are not URL segments, or whose zone is unknown', () => {
    const { settings } = open();
    const results = [
      { timeZone: 'Not/AZone' },
      { sections: [{ id: 'javascript:alert(1)', name: 'X', children: [] }], railSectionIds: [] },
      {
        sections: [{ id: 'news', name: 'News', children: [{ id: 'other/x', name: 'X' }] }],
        railSectionIds: [],
      },
      { sections: [{ id: 'media', name: 'Media', children: [] }], railSectionIds: [] },
    ].map((change) => settings.update({ portalProfile: { ...DEFAULT_PORTAL_PROFILE, ...change } }));
    expect(results.map((result) => (result.ok ? 'saved' : result.error.details))).toEqual([
      ['The time zone must be an IANA time zone this computer knows, e.g. Asia/Shanghai.'],
      ['A section id is a URL segment: lower-case letters, digits and single hyphens.'],
      ['The sub-section id "other/x" must be "news/" followed by one segment.'],
      ['A section id may not be media or ninjs: the site uses those folders.'],
    ]);
    expect(settings.get().portalProfile).toEqual(DEFAULT_PORTAL_PROFILE);
  });

  it('takes only a publish folder that is absolute by this computer’s rules', async () => {
    const { settings } = open();
    const refused = ['C:/relative-escape', '\\\\server\\share', 'relative/folder'].map((folder) =>
      settings.update({ publishFolder: folder }),
    );
    const accepted = settings.update({ publishFolder: path.join(dataDir, 'site') });
    expect({
      refused: refused.map((result) => (result.ok ? 'saved' : result.error.details)),
      accepted: accepted.ok && accepted.value.publishFolder,
    }).toEqual({
      refused: ['C:/relative-escape', '\\\\server\\share', 'relative/folder'].map((folder) => [
        `The publish folder must be an absolute path on this computer, or empty for the default; "${folder}" is not.`,
      ]),
      accepted: path.join(dataDir, 'site'),
    });
  });

  it('resets a hand-edited relative publish folder and says so', async () => {
    await handEdit({ publishFolder: 'C:/relative-escape' });
    const { settings, notices } = open();
    expect({
      folder: settings.get().publishFolder,
      notices: notices.map((notice) => notice.message.split(' (')[0]),
      files: (await readdir(dataDir)).sort(),
    }).toEqual({
      folder: '',
      notices: ['Some settings were not valid and were reset to their defaults'],
      files: ['settings.corrupt-2026-11-26T09-30-00-000Z.json', 'settings.json'],
    });
  });
});
