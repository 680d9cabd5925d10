import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiBridge, ChannelInput, ChannelName, ChannelOutput } from '../shared/api/contract';
import type { ImportOutcome } from '../shared/api/media';
import type { ChosenFileArgument } from '../shared/media/chosenFile';
import type { Result } from '../shared/result';

function invoke<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): Promise<Result<ChannelOutput<K>>> {
  return ipcRenderer.invoke(channel, input);
}

/** The API as named functions, one per channel; `satisfies` proves none is missing or mistyped. */
const workstationApi = {
  'app:info': (input) => invoke('app:info', input),
  'app:dismissNotice': (input) => invoke('app:dismissNotice', input),
  'settings:get': (input) => invoke('settings:get', input),
  'settings:update': (input) => invoke('settings:update', input),
  // IPC cannot carry a File. One the person chose or dropped goes by its path, and main reads it
  // from disk (main/services/media/chosenFile.ts): this thread copies nothing. Bytes made in the
  // page, with no file behind them, cross as bytes (one copy in memory, up to MAX_IMPORT_BYTES).
  'media:import': async ({ fileName, file }) => {
    const chosenPath = file instanceof File ? webUtils.getPathForFile(file) : '';
    if (chosenPath !== '') {
      const chosen: ChosenFileArgument = { fileName, path: chosenPath };
      const outcome: Promise<Result<ImportOutcome>> = ipcRenderer.invoke('media:import', chosen);
      return outcome;
    }
    return invoke('media:import', {
      fileName,
      file: file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer()),
    });
  },
  'media:list': (input) => invoke('media:list', input),
  'media:get': (input) => invoke('media:get', input),
  'media:update': (input) => invoke('media:update', input),
  'media:captionMany': (input) => invoke('media:captionMany', input),
  'media:watch': (input) => invoke('media:watch', input),
  'media:use': (input) => invoke('media:use', input),
  'portal:publish': (input) => invoke('portal:publish', input),
  'portal:unpublish': (input) => invoke('portal:unpublish', input),
  'portal:rebuild': (input) => invoke('portal:rebuild', input),
  'portal:context': (input) => invoke('portal:context', input),
  'newsroom:status': (input) => invoke('newsroom:status', input),
  'newsroom:signIn': (input) => invoke('newsroom:signIn', input),
  'newsroom:signOut': (input) => invoke('newsroom:signOut', input),
  'newsroom:call': (input) => invoke('newsroom:call', input),
} satisfies ApiBridge;

contextBridge.exposeInMainWorld('workstationApi', workstationApi);
