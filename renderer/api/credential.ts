/** Where this address keeps its browser-mode token (localStorage is per origin, port included). */
const STORAGE_KEY = 'workstation-token';

/**
 * Browser mode's credential. The ready URL carries the token once (`?token=`); the page keeps it in
 * localStorage, which no other origin (another local port included) can read, and sends it as an
 * `Authorization` header. A cookie would also reach every other server on 127.0.0.1: cookies are
 * not kept per port. The token is then taken out of the address bar and the history entry.
 */
export function takeCredential(): string | null {
  const url = new URL(window.location.href);
  const offered = url.searchParams.get('token');
  if (offered !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    try {
      window.localStorage.setItem(STORAGE_KEY, offered);
    } catch {
      // Storage refused (a locked-down profile): the token still works for this page's life.
    }
    return offered;
  }
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
