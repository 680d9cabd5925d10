import type { WebFrameMain } from 'electron';

/** The app's origin on its custom scheme (see main/protocol.ts). */
export const APP_ORIGIN = 'app://workstation';

/**
 * Whether a URL belongs to the app. Compared by scheme and host, not `origin`: Node's URL gives
 * `origin === 'null'` for non-special schemes such as `app:`.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'workstation';
  } catch {
    return false;
  }
}

/** Only the app's own top-level page may call the API: not a subframe, not any other origin. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
