declare const __APP_VERSION__: string | undefined;

/** The workstation's version, stamped in by the build (tools/build.mjs) from package.json. */
export const APP_VERSION: string =
  typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development';
