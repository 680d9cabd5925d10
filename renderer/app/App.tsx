import { assertNever } from '../../shared/result';
import { ROLE_LABELS } from '../../shared/settings/settings';
import { useEffect } from 'react';
import { Alert } from './Alert';
import { AppBoundary, ViewBoundary } from './boundaries';
import { DeskView } from '../desk/DeskView';
import { ConnectionStatus, NewsroomNotice } from '../newsroom/ConnectionStatus';
import { UploadOffer } from '../newsroom/UploadOffer';
import { PhotosView } from '../photos/PhotosView';
import { SettingsView } from '../settings/SettingsView';
import { StoriesView } from '../stories/StoriesView';
import { StoryView } from '../stories/StoryView';
import { startScheduler } from '../workflow/scheduler';
import { startBodySync } from '../collab/bodySync';
import { SettingsProvider, useSettings } from './SettingsContext';
import { type Route, routeHref, useHashRoute } from './useHashRoute';

const NAVIGATION: Array<{ label: string; route: Route; matches: Route['view'][] }> = [
  { label: 'Stories', route: { view: 'stories' }, matches: ['stories', 'story'] },
  { label: 'Desk', route: { view: 'desk' }, matches: ['desk'] },
  { label: 'Photos', route: { view: 'photos' }, matches: ['photos'] },
  { label: 'Settings', route: { view: 'settings' }, matches: ['settings'] },
];

/** How each view is named when it fails. */
const VIEW_NAMES: Record<Route['view'], string> = {
  stories: 'stories list',
  story: 'story',
  desk: 'desk',
  photos: 'photos',
  settings: 'settings',
};

function CurrentView({ route }: { route: Route }) {
  switch (route.view) {
    case 'stories':
      return <StoriesView />;
    case 'story':
      return <StoryView key={route.storyId} storyId={route.storyId} />;
    case 'desk':
      return <DeskView />;
    case 'photos':
      return <PhotosView />;
    case 'settings':
      return <SettingsView />;
    default:
      return assertNever(route);
  }
}

function Notices() {
  const { info, dismissNotice } = useSettings();
  if (info.notices.length === 0) return null;
  return (
    <div className="notices">
      {info.notices.map((notice) => (
        <Alert key={notice.id} message={notice.message} level={notice.level}>
          <button type="button" onClick={() => void dismissNotice(notice.id)}>
            Dismiss
          </button>
        </Alert>
      ))}
    </div>
  );
}

function Shell() {
  const route = useHashRoute();
  // Scheduled stories publish while any window of the workstation is open (one runs it, under a lock).
  useEffect(() => startScheduler(), []);
  // Story bodies sync with the newsroom while signed in (nothing happens on a standalone one).
  useEffect(() => startBodySync(), []);
  const { settings } = useSettings();
  return (
    <div className="app-shell">
      <header className="app-header">
        <span className="app-title">Newsroom Workstation</span>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.label}>
                <a
                  href={routeHref(item.route)}
                  aria-current={item.matches.includes(route.view) ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a className="app-identity" href={routeHref({ view: 'settings' })}>
          {settings.userName === '' ? 'Set your name' : settings.userName} ·{' '}
          {ROLE_LABELS[settings.role]}
        </a>
        <ConnectionStatus />
      </header>
      <NewsroomNotice />
      <UploadOffer placement="dialog" />
      <Notices />
      <main className="app-main">
        <ViewBoundary name={VIEW_NAMES[route.view]} resetKey={routeHref(route)}>
          <CurrentView route={route} />
        </ViewBoundary>
      </main>
    </div>
  );
}

/** The workstation's renderer: settings first, then the shell with its four views. */
export function App() {
  return (
    <AppBoundary>
      <SettingsProvider>
        <Shell />
      </SettingsProvider>
    </AppBoundary>
  );
}
