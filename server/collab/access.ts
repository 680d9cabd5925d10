import type { Connection, Extension, Hocuspocus } from '@hocuspocus/server';
import type { WebSocket } from 'ws';
import { COLLAB_CLOSE, type CollabRightsMessage } from '../../shared/api/collab';
import { UUID_PATTERN } from '../../shared/api/newsroom';
import type { SignedInUser } from '../accounts/accounts';
import type { Newsroom } from '../newsroom';
import { bodyAccess, storyRights, type StoryAccess } from '../policy/policy';

/** One WebSocket on `/collab`: it may carry several stories' documents (one per provider). */
export interface CollabSocket {
  ws: WebSocket;
  /** The token of an `Authorization: Bearer` header on the upgrade, checked then. */
  headerToken: string | null;
  /** The sessions its documents authenticated with: token → login and expiry. */
  sessions: Map<string, { login: string; expiresAt: number }>;
  /**
   * Documents whose last authentication on this socket was refused: until the client asks again,
   * what it still sends for them belongs to nobody (see `addressOf` in clientMessages.ts).
   */
  refusedDocuments: Set<string>;
}

/** What the server knows of a document connection once it is authenticated. */
export interface CollabSession {
  user: SignedInUser;
  token: string;
  rights: Rights;
  /** Whether a `rights` message has been sent on this connection yet. */
  hasToldRights: boolean;
}

/** The Hocuspocus context of each connection. */
export interface CollabContext {
  socket: CollabSocket;
  session: CollabSession | null;
}

type Rights = Omit<CollabRightsMessage, 'type'>;

/** Refuses a connection to a document; Hocuspocus tells the provider `reason`. */
class CollabRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The rights of an account on a story's body: the policy layer's answer, with its line. */
export function bodyRights(user: SignedInUser, story: StoryAccess): Rights {
  const canEdit = bodyAccess(user, story) === 'write';
  const why = storyRights(user, story).why;
  return { canEdit, why: canEdit ? null : (why ?? 'You may not change the text of this story.') };
}

function contextOf(connection: Connection): CollabContext {
  // Hocuspocus types the context as whatever the hooks put there: these hooks put a CollabContext.
  const context: CollabContext = connection.context;
  return context;
}

/** Authentication, rights per connection, and their live changes. */
export interface CollabAccess {
  extension: Extension<CollabContext>;
  /** Registers a socket (closed sockets leave by themselves). */
  add(socket: CollabSocket): void;
  remove(socket: CollabSocket): void;
  /** Closes every socket (shutdown). */
  closeAll(code: number, reason: string): void;
  /** Closes the sockets whose sessions have expired. */
  closeExpired(): void;
  stop(): void;
}

/**
 * Who may connect to which story body, with which rights, asked of the server's one policy layer
 * (`server/policy`: role, ownership, the edit table). A connection that may not write the text is
 * read-only: Hocuspocus discards its updates. When a transition, a reassignment or a role change
 * alters that, every open connection of the story is switched in place (readOnly flipped, a new
 * `rights` message sent) rather than closed and reconnected: the change reaches the client at once,
 * with the line saying why, without reloading the document or a reconnection storm when the desk
 * moves fifty stories; each process does this from its own change events, which reach every
 * process of the newsroom. A session that ends (sign-out, disable, password reset, expiry) closes
 * its sockets with `COLLAB_CLOSE.sessionEnded`.
 */
export function createCollabAccess(
  newsroom: Newsroom,
  log: (line: string) => void,
  now: () => number = Date.now,
): CollabAccess {
  const sockets = new Set<CollabSocket>();
  let instance: Hocuspocus | null = null;
  function documents(): Hocuspocus['documents'] {
    return instance?.documents ?? new Map();
  }
  const reviews = new Map<string, Promise<void>>();

  function tell(connection: Connection, rights: Rights): void {
    const session = contextOf(connection).session;
    if (session === null) return;
    connection.readOnly = !rights.canEdit;
    const isSame =
      session.hasToldRights &&
      session.rights.canEdit === rights.canEdit &&
      session.rights.why === rights.why;
    session.rights = rights;
    if (isSame) return;
    session.hasToldRights = true;
    connection.sendStateless(
      JSON.stringify({ type: 'rights', ...rights } satisfies CollabRightsMessage),
    );
  }

  async function review(name: string): Promise<void> {
    const document = documents().get(name);
    if (document === undefined || document.getConnections().length === 0) return;
    const story = await newsroom.stories.access(name);
    for (const connection of document.getConnections()) {
      const session = contextOf(connection).session;
      if (session === null) continue;
      tell(
        connection,
        story === null
          ? { canEdit: false, why: 'This story is no longer on the server.' }
          : bodyRights(session.user, story),
      );
    }
  }

  /** Reviews a document's connections, one review at a time per document, in order. */
  function scheduleReview(name: string): Promise<void> {
    const previous = reviews.get(name) ?? Promise.resolve();
    const next = previous
      .then(() => review(name))
      .catch((error: unknown) =>
        log(
          `Reviewing the rights on ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    reviews.set(name, next);
    void next.then(() => {
      if (reviews.get(name) === next) reviews.delete(name);
    });
    return next;
  }

  function connectionsOf(socket: CollabSocket): Connection[] {
    return [...documents().values()].flatMap((document) =>
      document.getConnections().filter((connection) => contextOf(connection).socket === socket),
    );
  }

  function close(socket: CollabSocket, code: number, reason: string): void {
    sockets.delete(socket);
    socket.ws.close(code, reason);
  }

  async function reviewAccount(login: string): Promise<void> {
    const toReview = new Set<string>();
    for (const socket of [...sockets]) {
      for (const [token, session] of [...socket.sessions]) {
        if (session.login !== login) continue;
        const user = await newsroom.accounts.authenticate(token);
        if (user === null) {
          close(socket, COLLAB_CLOSE.sessionEnded.code, COLLAB_CLOSE.sessionEnded.reason);
          break;
        }
        socket.sessions.set(token, { login: user.login, expiresAt: user.expiresAt });
        for (const connection of connectionsOf(socket)) {
          const current = contextOf(connection).session;
          if (current === null || current.token !== token) continue;
          current.user = user;
          toReview.add(connection.document.name);
        }
      }
    }
    await Promise.all([...toReview].map(scheduleReview));
  }

  const unsubscribe = [
    newsroom.events.on('storyChanged', (event) => {
      if (documents().has(event.id)) void scheduleReview(event.id);
    }),
    newsroom.events.on('accountChanged', (event) => {
      void reviewAccount(event.login).catch((error: unknown) =>
        log(
          `Reviewing ${event.login}'s connections failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }),
  ];

  async function authenticate(
    token: string,
    documentName: string,
    context: CollabContext,
  ): Promise<CollabSession> {
    const sessionToken = context.socket.headerToken ?? token;
    if (sessionToken === '')
      throw new CollabRefusal('Sign in first: a story body needs a session token.');
    const user = await newsroom.accounts.authenticate(sessionToken);
    if (user === null) throw new CollabRefusal(COLLAB_CLOSE.sessionEnded.reason);
    const story = UUID_PATTERN.test(documentName)
      ? await newsroom.stories.access(documentName)
      : null;
    if (story === null)
      throw new CollabRefusal(`There is no story ${documentName.slice(0, 64)} on this server.`);
    context.socket.sessions.set(sessionToken, { login: user.login, expiresAt: user.expiresAt });
    return { user, token: sessionToken, rights: bodyRights(user, story), hasToldRights: false };
  }

  const extension: Extension<CollabContext> = {
    extensionName: 'newsroom-access',
    async onConfigure({ instance: configured }) {
      instance = configured;
    },
    async onAuthenticate({ token, documentName, connectionConfig, context }) {
      try {
        const session = await authenticate(token, documentName, context);
        connectionConfig.readOnly = !session.rights.canEdit;
        return { session };
      } catch (error) {
        context.socket.refusedDocuments.add(documentName);
        throw error;
      }
    },
    async connected({ documentName }) {
      // The story may have moved while its document loaded: every connection hears its rights
      // as they are now (a new one for the first time).
      await scheduleReview(documentName);
    },
  };

  return {
    extension,
    add: (socket) => sockets.add(socket),
    remove: (socket) => sockets.delete(socket),
    closeAll(code, reason) {
      for (const socket of [...sockets]) close(socket, code, reason);
    },
    closeExpired() {
      const at = now();
      for (const socket of [...sockets]) {
        if ([...socket.sessions.values()].some((session) => session.expiresAt <= at))
          close(socket, COLLAB_CLOSE.sessionEnded.code, COLLAB_CLOSE.sessionEnded.reason);
      }
    },
    stop() {
      for (const stop of unsubscribe) stop();
    },
  };
}
