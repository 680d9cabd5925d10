import { useSyncExternalStore } from 'react';

/** A place in the app, read from the URL hash so reloads and the back button keep it. */
export type Route =
  | { view: 'stories' }
  | { view: 'story'; storyId: string }
  | { view: 'desk' }
  | { view: 'photos' }
  | { view: 'settings' };

/** Parses `#/stories/<id>` and friends; anything unknown is the stories list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'stories':
      return parts[1] === undefined ? { view: 'stories' } : { view: 'story', storyId: parts[1] };
    case 'desk':
      return { view: 'desk' };
    case 'photos':
      return { view: 'photos' };
    case 'settings':
      return { view: 'settings' };
    default:
      return { view: 'stories' };
  }
}

/** The hash of a route, for links. */
export function routeHref(route: Route): string {
  return route.view === 'story'
    ? `#/stories/${encodeURIComponent(route.storyId)}`
    : `#/${route.view}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route, re-rendering on navigation. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** Navigates to a route. */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
