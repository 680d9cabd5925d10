import { z } from 'zod';
import { channel } from './channel';

/** Something main wants the user to know at start, e.g. a settings file moved aside. */
export const noticeSchema = z.object({
  id: z.string(),
  level: z.enum(['warning', 'error']),
  message: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** Facts about this workstation the renderer needs to present itself. */
export const appInfoSchema = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  /** A photo file's URL starts `${mediaUrlPrefix}${photoId}/${file}` (see renderer/api/client). */
  mediaUrlPrefix: z.string(),
  /**
   * Browser mode: the key this page signs photo URLs with (shared/api/mediaUrl), so an `<img>`,
   * which cannot send the page's credential, still loads. Null where photos need no signature
   * (Electron's app: scheme, which no other program can reach).
   */
  mediaSigningKey: z.string().nullable(),
  notices: z.array(noticeSchema),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Application-level channels. */
export const appChannels = {
  'app:info': channel(z.undefined(), appInfoSchema),
  'app:dismissNotice': channel(z.object({ id: z.string() }), z.null()),
};
