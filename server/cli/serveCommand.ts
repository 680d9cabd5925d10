import { startCollab, type Collab } from '../collab/collabServer';
import { startHttpServer, type NewsroomHttpServer } from '../http/httpServer';
import { openNewsroom, type Newsroom } from '../newsroom';
import { SERVER_VERSION } from '../version';
import { parseOptions, STORE_OPTIONS, storeLocationOf, UsageError } from './arguments';

const SERVE_USAGE =
  'npm run server -- --data-dir <dir> --port <port> [--host 127.0.0.1] [--database-url postgres://…] [--redis-url redis://…] [--session-days 30] [--publish-dir <dir>]';

/** A started server: what the command prints and how it stops. */
export interface RunningServer {
  newsroom: Newsroom;
  http: NewsroomHttpServer;
  collab: Collab;
  /** `http://<host>:<port>` (IPv6 hosts in brackets). */
  url: string;
  stop(): Promise<void>;
}

/** The URL of a host and port as a browser writes it. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function isAddressInUse(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL')
  );
}

/** Parses the options of `npm run server` and starts the newsroom server. */
export async function startServer(
  args: string[],
  output: { log: (line: string) => void; accessLog: (line: string) => void },
): Promise<RunningServer> {
  const values = parseOptions(
    args,
    {
      ...STORE_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'redis-url': { type: 'string' },
      'session-days': { type: 'string' },
      'publish-dir': { type: 'string' },
    },
    SERVE_USAGE,
  );
  const { dataDir, databaseUrl } = storeLocationOf(values, SERVE_USAGE);
  const port = Number(values.port ?? Number.NaN);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(
      `--port is required: a port number (0 picks a free one). Usage: ${SERVE_USAGE}`,
    );
  const sessionDays = Number(values['session-days'] ?? '30');
  if (!Number.isFinite(sessionDays) || sessionDays <= 0 || sessionDays > 3650)
    throw new UsageError('--session-days is a number of days between 1 and 3650.');
  const redisUrl = values['redis-url'] ?? process.env.NEWSROOM_REDIS_URL ?? undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
    throw new UsageError('--redis-url must be a redis:// URL.');
  const host = values.host ?? '127.0.0.1';
  const newsroom = await openNewsroom({
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(redisUrl === undefined || redisUrl === '' ? {} : { redisUrl }),
    sessionDays,
    ...(values['publish-dir'] === undefined ? {} : { publishDir: values['publish-dir'] }),
    log: output.log,
  });
  let http: NewsroomHttpServer;
  try {
    http = await startHttpServer(newsroom, {
      port,
      host,
      version: SERVER_VERSION,
      log: output.log,
      accessLog: output.accessLog,
    });
  } catch (error) {
    await newsroom.close();
    if (isAddressInUse(error))
      throw new UsageError(
        `Cannot listen on ${host}:${port}: ${(error as Error & { code: string }).code === 'EADDRINUSE' ? 'the port is in use' : 'no such address here'}. Choose another --port or --host.`,
      );
    throw error;
  }
  let collab: Collab;
  try {
    collab = await startCollab(newsroom, http, {
      ...(redisUrl === undefined || redisUrl === '' ? {} : { redisUrl }),
      log: output.log,
    });
  } catch (error) {
    await http.close();
    await newsroom.close();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    newsroom,
    http,
    collab,
    url: serverUrl(host, http.port),
    stop() {
      // Collab first: its sockets close (clients reconnect elsewhere or later) and every document
      // is stored while the store is open; then the HTTP API finishes the requests under way
      // (body changes go straight to the store from then on); then the store closes.
      stopping ??= collab
        .close()
        .then(() => http.close())
        .then(() => newsroom.close());
      return stopping;
    },
  };
}
