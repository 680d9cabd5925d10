import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** How the file is created: `mode` from its first byte (e.g. 0o600: never readable by others). */
export interface AtomicWriteOptions {
  mode?: number;
}

/**
 * Creates `filePath`, which must not exist yet, lets `write` fill it and flushes it to disk. If
 * anything fails the file is closed and removed before the error goes on: nothing half-written
 * stays.
 */
export async function writeNewFile(
  filePath: string,
  write: (handle: FileHandle) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const handle = await open(filePath, 'wx', options.mode ?? 0o666);
  try {
    await write(handle);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(filePath, { force: true });
    throw error;
  }
  await handle.close();
}

/**
 * Writes a temp file beside `filePath` (creating its folder) and flushes it to disk; returns the
 * temp file's path for the caller to rename. Nothing is left behind if the write fails.
 */
export async function writeTempBeside(
  filePath: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<string> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temp = `${filePath}.tmp-${randomUUID()}`;
  await writeNewFile(temp, (handle) => handle.writeFile(data), options);
  return temp;
}

/** Writes a file durably: a temp file beside it, flushed, then renamed over the target. */
export async function writeFileAtomic(
  filePath: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = await writeTempBeside(filePath, data, options);
  try {
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Flushes a directory's entries (new names, renames) to disk; a no-op where the OS cannot. */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Where a damaged file is kept when it is moved or copied aside:
 * `<name>.corrupt-<time><ext>` beside it, so the user can find it and nothing reads it again.
 */
export function asidePath(filePath: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const { dir, name, ext } = path.parse(filePath);
  return path.join(dir, `${name}.corrupt-${stamp}${ext}`);
}

/** Whether a file name is one `asidePath` made. */
export function isAsideName(fileName: string): boolean {
  return /\.corrupt-\d{4}-\d{2}-\d{2}T[\d-]+Z(\.[^.]*)?$/.test(fileName);
}
