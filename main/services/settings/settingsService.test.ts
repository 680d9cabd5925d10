import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE } from '../../../shared/portal/profile';
import { DEFAULT_STYLE_RULES } from '../../../shared/style/rules';
import { OWNER_FILE } from '../portal/siteStore';
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

  it('refuses at save a publish folder holding files it did not put there, saving nothing', async () => {
    const { settings } = open();
    const theirs = path.join(dataDir, 'documents');
    await mkdir(path.join(theirs, 'generations', 'photos-2019'), { recursive: true });
    await writeFile(path.join(theirs, 'thesis.docx'), 'years of work');
    const aFile = path.join(dataDir, 'notes.txt');
    await writeFile(aFile, 'a file, not a folder');
    const refused = await Promise.all(
      [theirs, aFile].map((folder) => settings.save({ publishFolder: folder, userName: 'Li Na' })),
    );
    const unchanged = settings.get();
    const owned = path.join(dataDir, 'site');
    await mkdir(owned);
    await writeFile(path.join(owned, OWNER_FILE), '{}');
    const accepted = await Promise.all(
      [path.join(dataDir, 'empty'), owned, ''].map(async (folder) => {
        if (folder.endsWith('empty')) await mkdir(folder);
        const saved = await settings.save({ publishFolder: folder });
        return saved.ok && saved.value.publishFolder;
      }),
    );
    expect({
      refused: refused.map((result) => (result.ok ? 'saved' : result.error)),
      unchanged: { userName: unchanged.userName, publishFolder: unchanged.publishFolder },
      theirs: await readdir(theirs),
      accepted,
    }).toEqual({
      refused: [
        {
          code: 'invalid_settings',
          message: 'The settings were not saved: some values are not valid.',
          details: [
            `The publish folder ${theirs} holds files the workstation did not put there (generations/photos-2019, thesis.docx). Choose an empty or new folder in Settings; nothing was written or deleted.`,
          ],
        },
        {
          code: 'invalid_settings',
          message: 'The settings were not saved: some values are not valid.',
          details: [
            `The publish folder ${aFile} is a file, not a folder. Choose another in Settings.`,
          ],
        },
      ],
      unchanged: { userName: '', publishFolder: '' },
      theirs: ['generations', 'thesis.docx'],
      accepted: [path.join(dataDir, 'empty'), owned, ''],
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

describe('house style and the dictionary in settings', () => {
  it('gives a file from before them the default rules and an empty word list, with no notice', async () => {
    await handEdit({ houseStyle: undefined, dictionaryWords: undefined });
    const { settings, notices } = open();
    expect(notices).toEqual([]);
    expect(settings.get().houseStyle).toEqual(DEFAULT_STYLE_RULES);
    expect(settings.get().dictionaryWords).toEqual([]);
  });

  it('lets only an editor change the rules, and anyone add words', () => {
    const { settings } = open();
    const rules = DEFAULT_STYLE_RULES.map((rule) => ({ ...rule, isEnabled: false }));
    expect(settings.update({ houseStyle: rules })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Only editors may change the house-style rules.' },
    });
    expect(settings.get().houseStyle).toEqual(DEFAULT_STYLE_RULES);
    expect(settings.update({ dictionaryWords: ['Xuelang'] }).ok).toBe(true);
    expect(settings.update({ role: 'editor' }).ok).toBe(true);
    expect(settings.update({ houseStyle: rules }).ok).toBe(true);
    expect(settings.get()).toMatchObject({ houseStyle: rules, dictionaryWords: ['Xuelang'] });
  });

  it('refuses rules with the same id and words with spaces, changing nothing', () => {
    const { settings } = open();
    settings.update({ role: 'editor' });
    const twice = [...DEFAULT_STYLE_RULES.slice(0, 1), ...DEFAULT_STYLE_RULES.slice(0, 1)];
    expect(settings.update({ houseStyle: twice })).toEqual({
      ok: false,
      error: {
        code: 'invalid_settings',
        message: 'The settings were not saved: some values are not valid.',
        details: ['Two house-style rules have the same id.'],
      },
    });
    expect(settings.update({ dictionaryWords: ['two words'] }).ok).toBe(false);
    expect(settings.get()).toMatchObject({ houseStyle: DEFAULT_STYLE_RULES, dictionaryWords: [] });
  });
});

describe('house-style rules that cannot run', () => {
  it('are refused with the reason, and nothing changes', () => {
    const { settings } = open();
    settings.update({ role: 'editor' });
    const broken = DEFAULT_STYLE_RULES.map((rule, index) =>
      index === 0 ? { ...rule, pattern: '(unclosed' } : rule,
    );
    expect(settings.update({ houseStyle: broken })).toEqual({
      ok: false,
      error: {
        code: 'invalid_settings',
        message: 'The settings were not saved: some values are not valid.',
        details: ['Short month with a date: the pattern is not a valid regular expression.'],
      },
    });
    expect(settings.get().houseStyle).toEqual(DEFAULT_STYLE_RULES);
  });
});
