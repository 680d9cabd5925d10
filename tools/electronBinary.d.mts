/** Where the Electron binary is, or why there is none; never imports `electron`. */
export function findElectronBinary(): { path: string } | { reason: string };
/** Electron's own download script, run by `npm start` when the binary is missing. */
export const electronInstallScript: string;
