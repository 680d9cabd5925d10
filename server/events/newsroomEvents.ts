import type { Role } from '../../shared/settings/settings';
import type { StoryState } from '../../shared/story/story';

/**
 * A story changed (fields, state, owner, trail, notes, versions or body), in this process or any
 * other on the same store. `state` and `owner` are the story's now: when they differ from what a
 * connection was authorised with, who may edit has changed (collab flips those connections).
 */
export interface StoryChanged {
  id: string;
  seq: number;
  state: StoryState;
  owner: string;
}

/**
 * An account's rights or sessions changed: its role, disabled, a password changed or reset, or a
 * session ended. Whoever holds connections of that login re-checks each one's token.
 */
export interface AccountChanged {
  login: string;
  role: Role;
  isDisabled: boolean;
}

/** The photo library changed: photos up to `cursor` of the `photos` sequence are out. */
export interface PhotosChanged {
  cursor: number;
}

/** The portal profile changed. */
export interface ProfileChanged {
  updatedAt: number;
}

/** Words were added to the newsroom's dictionary; `cursor` is the `words` counter now. */
export interface WordsChanged {
  cursor: number;
}

interface EventMap {
  storyChanged: StoryChanged;
  accountChanged: AccountChanged;
  profileChanged: ProfileChanged;
  photosChanged: PhotosChanged;
  wordsChanged: WordsChanged;
}

/** Stops a listener. */
export type Unsubscribe = () => void;

/**
 * The server's in-process events. They are raised by the change watcher from the store's change
 * sequences, so each change is raised once in every process, whichever process (or command line)
 * made it; the transports (the SSE stream here, collab's sockets) fan them out to clients.
 */
export interface NewsroomEvents {
  on<K extends keyof EventMap>(name: K, listener: (event: EventMap[K]) => void): Unsubscribe;
  emit<K extends keyof EventMap>(name: K, event: EventMap[K]): void;
}

/** Makes the event hub of one server process. A throwing listener never stops the others. */
export function createNewsroomEvents(onListenerError: (error: unknown) => void): NewsroomEvents {
  const listeners: { [K in keyof EventMap]: Set<(event: EventMap[K]) => void> } = {
    storyChanged: new Set(),
    accountChanged: new Set(),
    profileChanged: new Set(),
    photosChanged: new Set(),
    wordsChanged: new Set(),
  };
  return {
    on(name, listener) {
      listeners[name].add(listener);
      return () => listeners[name].delete(listener);
    },
    emit(name, event) {
      for (const listener of [...listeners[name]]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
