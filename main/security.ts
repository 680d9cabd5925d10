/**
 * The Content-Security-Policy of the app window, sent by both transports. Scripts only from the app
 * itself; inline styles are allowed because the portal preview (an `srcdoc` iframe, which inherits
 * this policy) carries its stylesheet inline; no remote content of any kind. `connect-src` adds
 * exactly the origins given: in Electron, the signed-in newsroom server's WebSocket origin (its
 * `/collab`), and nothing else; browser mode relays through its own origin and adds none.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectOrigins].join(' '),
    "frame-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The policy of a workstation not signed in to a newsroom (and of browser mode always). */
export const APP_CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Headers every response of the app carries, whichever transport serves it. */
export function appSecurityHeaders(connectOrigins: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectOrigins),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

/** The headers of a workstation not signed in to a newsroom (and of browser mode always). */
export const APP_SECURITY_HEADERS: Record<string, string> = appSecurityHeaders();

/**
 * Headers of a photo file. As the app's, but embeddable from any origin: the portal preview is a
 * `sandbox=""` iframe, whose opaque origin `same-origin` would refuse (the photo never shows). What
 * guards a photo is its URL's signature (browser mode) or the app: scheme (Electron), not CORP.
 */
export const MEDIA_SECURITY_HEADERS: Record<string, string> = {
  ...APP_SECURITY_HEADERS,
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** The content type of a file the app serves, by extension; unknown types are served as bytes. */
export function contentTypeOf(filePath: string): string {
  const extension = filePath.slice(filePath.lastIndexOf('.') + 1).toLowerCase();
  const types: Record<string, string> = {
    html: 'text/html; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    json: 'application/json; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    webp: 'image/webp',
    ico: 'image/x-icon',
    woff2: 'font/woff2',
    txt: 'text/plain; charset=utf-8',
  };
  return types[extension] ?? 'application/octet-stream';
}
