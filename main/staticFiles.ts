import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Maps a URL path to a file inside `root`, or null. Decoding happens once, NUL and backslashes are
 * refused, and the resolved path must stay inside root: `..`, encoded or not, cannot climb out.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const candidate = path.resolve(resolvedRoot, relative);
  if (candidate !== resolvedRoot && !candidate.startsWith(resolvedRoot + path.sep)) return null;
  try {
    const info = await stat(candidate);
    return info.isFile() ? candidate : null;
  } catch {
    return null;
  }
}

/** Splits `/media/<photoId>/<file>` into its two decoded parts, or null for any other shape. */
export function parseMediaPath(pathname: string): { photoId: string; file: string } | null {
  if (!pathname.startsWith('/media/')) return null;
  const parts = pathname.slice('/media/'.length).split('/');
  if (parts.length !== 2) return null;
  try {
    const [photoId, file] = parts.map((part) => decodeURIComponent(part));
    return photoId && file ? { photoId, file } : null;
  } catch {
    return null;
  }
}
