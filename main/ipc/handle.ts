import { ipcMain, type WebFrameMain } from 'electron';
import { CHANNEL_NAMES } from '../../shared/api/contract';
import { fail } from '../../shared/result';
import { APP_ORIGIN } from '../protocol';
import type { Router } from '../router';

/** Only the app's own top-level page may call the API: not a subframe, not any other origin. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  if (frame === null || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Registers one `ipcMain.handle` per contract channel; untrusted senders get a refusal, not a call. */
export function registerIpcHandlers(router: Router): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return fail(
          'untrusted_sender',
          'This request did not come from the workstation window and was refused.',
        );
      }
      return router.call(channel, input);
    });
  }
}
