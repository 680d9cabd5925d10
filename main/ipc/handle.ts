import { ipcMain } from 'electron';
import { CHANNEL_NAMES } from '../../shared/api/contract';
import { fail, ok } from '../../shared/result';
import { chosenFileInput } from '../services/media/chosenFile';
import { isTrustedSender } from './trust';
import type { Router } from '../router';

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
      // A photo the person chose arrives by its path; main checks it and reads the file itself.
      const argument = channel === 'media:import' ? await chosenFileInput(input) : ok(input);
      return argument.ok ? router.call(channel, argument.value) : argument;
    });
  }
}
