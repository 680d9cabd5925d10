declare const __APP_VERSION__: string | undefined;

/** The server's version, stamped in by the build (tools/build.mjs) from package.json. */
export const SERVER_VERSION: string =
  typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development';
