import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaChannels } from '../../../shared/api/media';
import { buildJpeg } from '../../../tests/support/images';
import { ChosenFile, chosenFileInput } from './chosenFile';
import { createMediaLibrary } from './mediaLibrary';

let folder = '';
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'chosen-file-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a photo the person chose in the desktop app, sent by its path', () => {
  it('is read by main from its place and copied into the library, the chosen file left alone', async () => {
    const bytes = await buildJpeg({ width: 900, height: 600, color: '#2e8b57' });
    const chosenPath = path.join(folder, 'Grand Canal.jpg');
    writeFileSync(chosenPath, bytes);
    const input = await chosenFileInput({ fileName: 'Grand Canal.jpg', path: chosenPath });
    if (!input.ok) throw new Error(input.error.message);
    const { file } = input.value as { file: ChosenFile };
    const library = createMediaLibrary(path.join(folder, 'media'), { onWarning: () => {} });
    const imported = await library.importFile('Grand Canal.jpg', file);
    await library.close();
    if (!imported.ok) throw new Error(imported.error.message);
    const original = await library.resolveFile(imported.value.photo.id, 'original');
    expect({
      file: file instanceof ChosenFile && { path: file.path, size: file.size },
      photo: { fileName: imported.value.photo.fileName, byteSize: imported.value.photo.byteSize },
      original: original !== null && Buffer.compare(await readFile(original.filePath), bytes),
      chosen: { links: statSync(chosenPath).nlink, same: readFileSync(chosenPath).equals(bytes) },
    }).toEqual({
      file: { path: chosenPath, size: bytes.byteLength },
      photo: { fileName: 'Grand Canal.jpg', byteSize: bytes.byteLength },
      original: 0,
      chosen: { links: 1, same: true },
    });
  });

  it('must name a regular file by an absolute path', async () => {
    writeFileSync(path.join(folder, 'photo.jpg'), 'not read');
    const answers = await Promise.all(
      [folder, '/dev/zero', 'photo.jpg', path.join(folder, 'missing.jpg')].map(async (chosen) => {
        const answer = await chosenFileInput({ fileName: 'photo.jpg', path: chosen });
        return answer.ok ? 'taken' : answer.error.code;
      }),
    );
    expect(answers).toEqual(['not_a_file', 'not_a_file', 'not_a_file', 'import_failed']);
  });

  it('is taken only from IPC: the channel itself takes files and bytes, never a path', async () => {
    const bytes = { fileName: 'photo.jpg', file: new Uint8Array([1, 2, 3]) };
    const byPath = { fileName: 'photo.jpg', path: '/etc/passwd' };
    expect({
      bytes: await chosenFileInput(bytes),
      pathOverHttp: mediaChannels['media:import'].input.safeParse(byPath).success,
    }).toEqual({ bytes: { ok: true, value: bytes }, pathOverHttp: false });
  });
});
