import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { newsroomUserSchema, type NewsroomUser } from '../../shared/api/newsroom';
import { writeFileAtomic } from '../services/common/atomicFile';
import { isNodeError } from '../services/common/errors';

/**
 * How the session token is sealed on disk. Electron passes its `safeStorage` (the OS keychain:
 * Keychain, DPAPI, libsecret) where it is available; browser mode, and Electron without a
 * keychain, keep it as it is in a file only its owner may read (0600), like an SSH key.
 */
export interface SecretBox {
  readonly kind: 'safeStorage' | 'plain';
  seal(secret: string): Buffer;
  open(sealed: Buffer): string;
}

/** The file-only box: the token as UTF-8, protected by the file's mode. */
export const PLAIN_SECRET_BOX: SecretBox = {
  kind: 'plain',
  seal: (secret) => Buffer.from(secret, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};

/** Everything the workstation keeps about its newsroom between starts. */
export interface NewsroomSession {
  serverUrl: string;
  user: NewsroomUser;
  /** Null once the session ended (the account and server are remembered for the next sign-in). */
  token: string | null;
  expiresAt: number;
  /** Why the token is gone, when the server ended the session (the renderer still has to act). */
  ended: 'ended' | 'disabled' | null;
}

const fileSchema = z.object({
  version: z.literal(1),
  serverUrl: z.string(),
  user: newsroomUserSchema,
  expiresAt: z.number(),
  token: z.object({ box: z.enum(['safeStorage', 'plain']), sealed: z.base64() }).nullable(),
  ended: z.enum(['ended', 'disabled']).nullable(),
});

/** The largest session file read (a few hundred bytes are expected). */
const MAX_FILE_BYTES = 64 * 1024;

/** The session file: `<data folder>/newsroom-session.json`, mode 0600, written atomically. */
export interface SessionFile {
  readonly path: string;
  /** The kept session, or null (none, or unreadable: then `problem` says why). */
  read(): Promise<{ session: NewsroomSession | null; problem: string | null }>;
  write(session: NewsroomSession): Promise<void>;
  remove(): Promise<void>;
}

/** Opens the session file of a data folder. */
export function openSessionFile(dataDir: string, box: SecretBox): SessionFile {
  const filePath = path.join(dataDir, 'newsroom-session.json');
  return {
    path: filePath,
    async read() {
      let text: string;
      try {
        const handle = await open(filePath, 'r');
        try {
          const { size } = await handle.stat();
          if (size > MAX_FILE_BYTES)
            return { session: null, problem: `${filePath} is too large to be a session file.` };
          text = await readFile(handle, 'utf8');
        } finally {
          await handle.close();
        }
      } catch (error) {
        if (isNodeError(error, 'ENOENT')) return { session: null, problem: null };
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { session: null, problem: `${filePath} is not readable: sign in again.` };
      }
      const parsed = fileSchema.safeParse(json);
      if (!parsed.success)
        return { session: null, problem: `${filePath} is not readable: sign in again.` };
      const { serverUrl, user, expiresAt, token, ended } = parsed.data;
      let secret: string | null = null;
      if (token !== null) {
        if (token.box !== box.kind)
          return {
            session: { serverUrl, user, expiresAt, token: null, ended },
            problem: 'The saved session was sealed differently on this computer: sign in again.',
          };
        try {
          secret = box.open(Buffer.from(token.sealed, 'base64'));
        } catch {
          return {
            session: { serverUrl, user, expiresAt, token: null, ended },
            problem: 'The saved session could not be unsealed: sign in again.',
          };
        }
      }
      return { session: { serverUrl, user, expiresAt, token: secret, ended }, problem: null };
    },
    async write(session) {
      const body = JSON.stringify({
        version: 1,
        serverUrl: session.serverUrl,
        user: session.user,
        expiresAt: session.expiresAt,
        token:
          session.token === null
            ? null
            : { box: box.kind, sealed: box.seal(session.token).toString('base64') },
        ended: session.ended,
      } satisfies z.input<typeof fileSchema>);
      // Created 0600 from the start (never readable by others, even for a moment), flushed, renamed.
      await writeFileAtomic(filePath, body, { mode: 0o600 });
    },
    async remove() {
      await rm(filePath, { force: true });
    },
  };
}
