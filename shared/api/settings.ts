import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../settings/settings';
import { channel } from './channel';

/** Settings channels. */
export const settingsChannels = {
  'settings:get': channel(z.undefined(), settingsSchema),
  'settings:update': channel(settingsPatchSchema, settingsSchema),
};
