import path from 'node:path';
import type { AppInfo, Notice } from '../shared/api/app';
import { ok } from '../shared/result';
import { createNewsroomGateway, serverCollabUrl, type NewsroomGateway } from './newsroom/gateway';
import { createNewsroomPhotos } from './newsroom/newsroomPhotos';
import {
  allowedSettingsPatch,
  effectiveSettings,
  gatewayHandlers,
} from './newsroom/gatewayHandlers';
import { openSessionFile, PLAIN_SECRET_BOX, type SecretBox } from './newsroom/sessionFile';
import { createRouter, type Handlers, type Router } from './router';
import { mediaHandlers } from './services/media/mediaHandlers';
import { errorMessage } from './services/common/errors';
import {
  createMediaLibrary,
  type MediaFile,
  type MediaLibrary,
} from './services/media/mediaLibrary';
import { portalHandlers } from './services/portal/portalHandlers';
import { createPublisher, type Publisher } from './services/portal/publisher';
import {
  openSettings,
  type SettingsService,
  type SettingsStoreFactory,
} from './services/settings/settingsService';

/** How a transport starts the workstation's services. */
export interface WorkstationOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  version: string;
  createSettingsStore: SettingsStoreFactory;
  /** How the renderer builds a photo's URL on this transport (see AppInfo). */
  mediaUrl: { prefix: string; signingKey: string | null };
  /** How the newsroom session token is sealed on disk (Electron's safeStorage, or the file's mode). */
  secretBox?: SecretBox;
  /** Where the page connects story bodies: the server's `/collab` (Electron) unless given (the relay). */
  collabUrlOf?: (serverUrl: string) => string;
}

/** The services behind both transports. Plain Node: no electron. */
export interface Workstation {
  router: Router;
  /** Finds a photo file for the media route; null for anything not in the library. */
  resolveMediaFile(photoId: string, file: string): Promise<MediaFile | null>;
  /** A fresh path inside the data folder for an upload to be spooled to before it is imported. */
  uploadPath(): Promise<string>;
  /** The gateway to the newsroom server (the transports relay bodies with its credentials). */
  newsroom: NewsroomGateway;
  /** Settles once the kept newsroom session has been read (the window's CSP depends on it). */
  newsroomStarted: Promise<void>;
}

/** The folders of a data directory and the services over them, as the app and the CLI open them. */
export function openDataServices(
  dataDir: string,
  settings: SettingsService,
  onWarning: (message: string) => void = console.warn,
): { mediaLibrary: MediaLibrary; publisher: Publisher } {
  const mediaLibrary = createMediaLibrary(path.join(dataDir, 'media'), { onWarning });
  const publisher = createPublisher({
    archiveDirectory: path.join(dataDir, 'archive'),
    siteFolder: () => {
      const configured = settings.get().publishFolder.trim();
      return configured === '' ? path.join(dataDir, 'portal') : configured;
    },
    profile: () => settings.get().portalProfile,
    photos: {
      getPhoto: (photoId) => mediaLibrary.get(photoId),
      resolveFile: (photoId, file) => mediaLibrary.resolveFile(photoId, file),
    },
    now: Date.now,
  });
  return { mediaLibrary, publisher };
}

/** Opens every service over one data directory and wires them to the API router. */
export function createWorkstation(options: WorkstationOptions): Workstation {
  const { settings, notices: startNotices } = openSettings(
    options.dataDir,
    options.createSettingsStore,
  );
  let notices: Notice[] = startNotices;
  const { mediaLibrary, publisher } = openDataServices(options.dataDir, settings);
  const newsroom = createNewsroomGateway({
    sessionFile: openSessionFile(options.dataDir, options.secretBox ?? PLAIN_SECRET_BOX),
    collabUrlOf: options.collabUrlOf ?? serverCollabUrl,
  });
  const newsroomPhotos = createNewsroomPhotos({
    dataDir: options.dataDir,
    library: mediaLibrary,
    gateway: newsroom,
  });
  const newsroomStarted = newsroom.start().catch((error: unknown) => {
    const message = `The newsroom session could not be read: ${errorMessage(error)}`;
    notices = [...notices, { id: 'newsroom-session', level: 'error', message }];
  });
  // Unreadable archive records and a site rebuilt after an interrupted publish are told at start.
  void publisher.problems().then(
    (problems) => {
      notices = [
        ...notices,
        ...problems.map((message, index): Notice => ({
          id: `portal-${index}`,
          level: 'warning',
          message,
        })),
      ];
    },
    (error: unknown) => {
      const message = `The published archive could not be opened: ${errorMessage(error)}`;
      notices = [...notices, { id: 'portal-archive', level: 'error', message }];
    },
  );

  const gateway = gatewayHandlers(newsroom);
  const handlers: Handlers = {
    'app:info': async () =>
      ok({
        version: options.version,
        transport: options.transport,
        dataDir: options.dataDir,
        mediaUrlPrefix: options.mediaUrl.prefix,
        mediaSigningKey: options.mediaUrl.signingKey,
        notices,
      }),
    'app:dismissNotice': async ({ id }) => {
      notices = notices.filter((notice) => notice.id !== id);
      return ok(null);
    },
    'settings:get': async () => ok(effectiveSettings(settings.get(), newsroom)),
    'settings:update': async (patch) => {
      const allowed = allowedSettingsPatch(patch, newsroom);
      if (!allowed.ok) return allowed;
      const updated = await settings.save(allowed.value);
      return updated.ok ? ok(effectiveSettings(updated.value, newsroom)) : updated;
    },
    ...mediaHandlers(mediaLibrary, newsroomPhotos),
    ...portalHandlers(publisher, () => effectiveSettings(settings.get(), newsroom).role, newsroom),
    ...gateway,
    // Stories going to the newsroom take the photos they show along, so the server can publish them.
    'newsroom:call': async (request) => {
      await newsroomPhotos.sendPhotosFor(request.channel, request.input);
      return gateway['newsroom:call'](request);
    },
  };

  return {
    router: createRouter(handlers),
    resolveMediaFile: (photoId, file) => mediaLibrary.resolveFile(photoId, file),
    uploadPath: () => mediaLibrary.uploadPath(),
    newsroom,
    newsroomStarted,
  };
}
