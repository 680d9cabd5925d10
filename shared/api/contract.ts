import type { z } from 'zod';
import type { Result } from '../result';
import { appChannels } from './app';
import type { ChannelSpec } from './channel';
import { gatewayChannels } from './gateway';
import { mediaChannels } from './media';
import { portalChannels } from './portal';
import { settingsChannels } from './settings';

/**
 * The one API between renderer and main: every channel, its argument and its result. Both
 * transports (Electron IPC, browser-mode HTTP), the router and the renderer's client derive from it.
 */
export const contract = {
  ...appChannels,
  ...settingsChannels,
  ...mediaChannels,
  ...portalChannels,
  ...gatewayChannels,
} satisfies Record<string, ChannelSpec>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>;

/** Every channel name, for transports that register them one by one. */
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

/** The shape both the preload bridge and the HTTP client present: one function per channel. */
export type ApiBridge = {
  [K in ChannelName]: (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;
};
