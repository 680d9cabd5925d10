import { z } from 'zod';

/**
 * The desktop app's photo import argument: a file the person chose or dropped, by its path on this
 * computer (Electron's `webUtils.getPathForFile`, in the preload), instead of its bytes. Main reads
 * the file itself, so the window's thread copies nothing. Only the IPC transport takes it: a path
 * sent over browser mode's HTTP is refused like any other argument that is not a file.
 */
export const chosenFileArgumentSchema = z
  .object({
    fileName: z.string().max(1000),
    path: z.string().min(1).max(4096),
  })
  .strict();
export type ChosenFileArgument = z.infer<typeof chosenFileArgumentSchema>;
