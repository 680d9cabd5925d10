import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from './newsroomServer';

/** The password of every test account. */
export const NEWSROOM_PASSWORD = 'correct horse battery';

/** One account of a test newsroom. */
export interface NewsroomPerson {
  login: string;
  name: string;
  role: 'reporter' | 'editor' | 'photo_desk';
}

/** The people most newsroom tests need. */
export const NEWSROOM_PEOPLE = {
  reporter: { login: 'li.wei', name: 'Li Wei', role: 'reporter' },
  editor: { login: 'wang', name: 'Wang Fang', role: 'editor' },
  photoDesk: { login: 'chen', name: 'Chen Jing', role: 'photo_desk' },
} as const satisfies Record<string, NewsroomPerson>;

/**
 * Adds accounts to a newsroom's store (`--data-dir …`, `--database-url …`) with `user add`, the
 * password `NEWSROOM_PASSWORD` on standard input: everyone of `NEWSROOM_PEOPLE` unless told.
 */
export async function addNewsroomPeople(
  storeArgs: string[],
  people: readonly NewsroomPerson[] = Object.values(NEWSROOM_PEOPLE),
): Promise<void> {
  for (const person of people) {
    const added = await runNewsroomCommand(
      [
        'user',
        'add',
        ...storeArgs,
        '--login',
        person.login,
        '--name',
        person.name,
        '--role',
        person.role,
      ],
      `${NEWSROOM_PASSWORD}\n`,
    );
    if (added.code !== 0) throw new Error(`Could not add ${person.login}: ${added.stderr}`);
  }
}

/** Where a test newsroom keeps its data: its own folder, or PostgreSQL shared by its processes. */
export interface NewsroomStoreOptions {
  /** PostgreSQL (`postgres://…`): every process of the newsroom uses it. */
  databaseUrl?: string;
  /** Redis, for several processes. */
  redisUrl?: string;
}

/** A newsroom server run by a test: `npm run server` in a temp folder, accounts made with the CLI. */
export interface TestNewsroom {
  /** The first process's origin (`http://127.0.0.1:<port>`). */
  url: string;
  /** Every process's origin, in start order (each keeps its port across restarts). */
  urls(): string[];
  dataDir: string;
  /** Runs `npm run server -- <args>` on this newsroom's store (e.g. `user disable`). */
  command(
    args: string[],
    stdin?: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Every process's data folder, in start order (`dataDir` is the first). */
  dataDirs: string[];
  /** Stops the processes (SIGTERM: every document stored first) and keeps the store. */
  stop(): Promise<void>;
  /**
   * Kills every process at once (SIGKILL), as a power cut would, or only the process of that
   * index (a crash of one process of several).
   */
  kill(index?: number): Promise<void>;
  /** Starts every stopped process again, each on its port and store. */
  restart(): Promise<void>;
  /** Stops and removes everything. */
  close(): Promise<void>;
}

/**
 * Starts a newsroom for a test: a temp folder, the given accounts added with `user add` (password
 * `NEWSROOM_PASSWORD` on standard input), then `processes` server processes (one by default; with
 * PostgreSQL and Redis, several form one newsroom), each on a free loopback port it keeps across
 * restarts.
 */
export async function startTestNewsroom(
  options: NewsroomStoreOptions & {
    people?: readonly NewsroomPerson[];
    processes?: number;
    /** Added to the server processes' environment (e.g. a publish target's S3 keys). */
    environment?: NodeJS.ProcessEnv;
  } = {},
): Promise<TestNewsroom> {
  const parent = mkdtempSync(path.join(tmpdir(), 'newsroom-'));
  const processCount = options.processes ?? 1;
  const dataDirs = Array.from({ length: processCount }, (_, index) =>
    path.join(parent, `server-${index}`),
  );
  const storeArgs = (index: number) => [
    '--data-dir',
    dataDirs[index] ?? parent,
    ...(options.databaseUrl === undefined ? [] : ['--database-url', options.databaseUrl]),
  ];
  async function command(args: string[], stdin = '') {
    return runNewsroomCommand([...args, ...storeArgs(0)], stdin);
  }
  await addNewsroomPeople(storeArgs(0), options.people);
  // Indexed like dataDirs; null while that process is stopped.
  const running: Array<NewsroomServerProcess | null> = dataDirs.map(() => null);
  const origins: string[] = dataDirs.map(() => '');
  async function start(): Promise<void> {
    for (const [index] of dataDirs.entries()) {
      if (running[index] !== null) continue;
      const server = await startNewsroomServer(
        [
          ...storeArgs(index),
          '--port',
          origins[index] === '' ? '0' : new URL(origins[index] ?? '').port,
          ...(options.redisUrl === undefined ? [] : ['--redis-url', options.redisUrl]),
        ],
        { env: options.environment },
      );
      running[index] = server;
      origins[index] = server.url;
    }
  }
  async function stopEach(signal: NodeJS.Signals, only?: number): Promise<void> {
    await Promise.all(
      running.map(async (server, index) => {
        if (server === null || (only !== undefined && only !== index)) return;
        await server.stop(signal);
        running[index] = null;
      }),
    );
  }
  await start();
  const first = running[0];
  if (first === undefined || first === null) throw new Error('No newsroom process started.');
  return {
    url: first.url,
    urls: () => [...origins],
    dataDir: dataDirs[0] ?? parent,
    dataDirs,
    command,
    stop: () => stopEach('SIGTERM'),
    kill: (index) => stopEach('SIGKILL', index),
    restart: start,
    async close() {
      await stopEach('SIGTERM');
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
