import { z } from 'zod';
import { channel } from './channel';
import { NEWSROOM_CHANNEL_NAMES, newsroomUserSchema } from './newsroom';

/**
 * The workstation's way to its newsroom server. Main is the gateway: it keeps the session token
 * (never handed to the page), signs in and out, watches the server's event stream, and passes the
 * renderer's newsroom calls on, validated against `shared/api/newsroom.ts` on both sides. These are
 * the channels the renderer has for that, beside the workstation's own.
 */

/**
 * Where the workstation stands with its newsroom:
 * - `signedOut`: no newsroom (a workstation that never signed in works as a standalone one);
 * - `connecting`: signed in, the first contact since start (or since a sign-in) still under way;
 * - `online`: the server answers and its event stream is open;
 * - `offline`: signed in, the server cannot be reached now (work goes on; retried with backoff);
 * - `incompatible`: the server speaks another contract version: nothing is sent, nothing changes;
 * - `ended`: the session ended (signed out elsewhere, expired, password reset): sign in again;
 * - `disabled`: the account was disabled: the workstation drops its copy and signs out.
 */
export const NEWSROOM_STATES = [
  'signedOut',
  'connecting',
  'online',
  'offline',
  'incompatible',
  'ended',
  'disabled',
] as const;
export type NewsroomState = (typeof NEWSROOM_STATES)[number];

/** What the renderer knows of its newsroom connection; `revision` grows with every change. */
export const newsroomStatusSchema = z.object({
  revision: z.number().int().min(0),
  state: z.enum(NEWSROOM_STATES),
  /** The server's origin (`https://newsroom.example:8400`); null before the first sign-in. */
  serverUrl: z.string().nullable(),
  /** The signed-in account as the server last said; null when signed out. */
  user: newsroomUserSchema.nullable(),
  /** The login last used here (fills the sign-in form), null before the first sign-in. */
  login: z.string().nullable(),
  /** One line for people: why offline, incompatible, ended or disabled; null otherwise. */
  message: z.string().nullable(),
  /** The newest change cursor the server announced (`stories:changes` from yours catches up). */
  cursor: z.number().int().min(0),
  /** When the server last announced a portal profile change (epoch ms), 0 if never. */
  profileUpdatedAt: z.number(),
  /** The newsroom dictionary's words cursor the server last announced (`words:list` when it moves). */
  wordsCursor: z.number().int().min(0),
  /**
   * Where story bodies connect (the Hocuspocus endpoint): browser mode's relay on this page's own
   * origin, or the server's `/collab` in Electron (main adds the token to that upgrade itself).
   * Null while signed out. A relative path means this page's origin (`ws:` for `http:`).
   */
  collabUrl: z.string().nullable(),
  /** When the next reconnection is tried (epoch ms), while offline. */
  retryAt: z.number().nullable(),
});
export type NewsroomStatus = z.infer<typeof newsroomStatusSchema>;

/** An http(s) origin: scheme, host name or address, optional port; nothing after it but `/`. */
const SERVER_ORIGIN_PATTERN =
  /^(https?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(\d{1,5}))?\/?$/i;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/**
 * A server address as its origin (`https://newsroom.example:8400`): http(s) only, no name,
 * password, path or query; without a scheme, `http://` is assumed; a default port is dropped.
 */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1, 'Newsroom server: type the address the newsroom gave you, e.g. https://newsroom.example.')
  .max(300)
  .transform((value, context) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    const match = SERVER_ORIGIN_PATTERN.exec(withScheme);
    const [, scheme, host, port] = match ?? [];
    if (scheme === undefined || host === undefined) {
      context.addIssue({
        code: 'custom',
        message: `Newsroom server: "${value}" is not a server address (http:// or https://, a host name, an optional port, nothing else).`,
      });
      return z.NEVER;
    }
    const lowerScheme = scheme.toLowerCase();
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      context.addIssue({ code: 'custom', message: `Newsroom server: ${port} is not a port.` });
      return z.NEVER;
    }
    const shownPort = port === undefined || DEFAULT_PORTS[lowerScheme] === port ? '' : `:${port}`;
    return `${lowerScheme}://${host.toLowerCase()}${shownPort}`;
  });

/** The longest a status watch waits for a change before answering the same status. */
export const MAX_STATUS_WAIT_MS = 25_000;

/** The renderer's newsroom channels (served by main's gateway). */
export const gatewayChannels = {
  /**
   * The connection's status. With `after`, waits (at most `waitMs`) until the revision passes it:
   * the renderer watches its connection with one pending call, on either transport.
   */
  'newsroom:status': channel(
    z
      .object({
        after: z.number().int().min(0).optional(),
        waitMs: z.number().int().min(0).max(MAX_STATUS_WAIT_MS).optional(),
      })
      .strict(),
    newsroomStatusSchema,
  ),
  /** Signs in to a newsroom server (its contract checked first); the token stays in main. */
  'newsroom:signIn': channel(
    z
      .object({
        serverUrl: serverUrlSchema,
        login: z.string().trim().min(1, 'Login: type your newsroom login.').max(200),
        password: z.string().min(1, 'Password: type your password.').max(1024),
      })
      .strict(),
    newsroomStatusSchema,
  ),
  /** Signs out: ends the session on the server when it can be reached, forgets the token here. */
  'newsroom:signOut': channel(z.object({}).strict(), newsroomStatusSchema),
  /**
   * One call of the newsroom API, made by main with the session token. Main validates `input`
   * against the channel's schema and the server's answer against its output schema; the renderer
   * validates the value again (renderer/newsroom/client.ts). Refusals keep the server's code, and
   * its reasons as `details`; `offline` means the server could not be reached.
   */
  'newsroom:call': channel(
    z
      .object({
        channel: z.enum(NEWSROOM_CHANNEL_NAMES as [string, ...string[]]),
        input: z.unknown(),
      })
      .strict(),
    z.unknown(),
  ),
};

/** The error code of a newsroom call that could not reach the server (retry later). */
export const OFFLINE_CODE = 'offline';
/** The error code when the workstation is not signed in to a newsroom. */
export const SIGNED_OUT_CODE = 'signed_out';
