import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

/**
 * A real PostgreSQL server for tests: Debian's PostgreSQL 15 binaries, a cluster in a temp folder,
 * listening on a free loopback port only (no Unix socket), stopped by its pid. PostgreSQL refuses
 * to run as root, so as root every command runs as the `postgres` user (`runuser`).
 */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Creates a fresh, empty database and answers its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Where Debian installs a PostgreSQL major version's server binaries. */
function binDirectory(): string {
  for (const version of ['17', '16', '15']) {
    const directory = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(path.join(directory, 'postgres'))) return directory;
  }
  throw new Error('PostgreSQL is not installed (apt-get install postgresql).');
}

const isRoot = process.getuid?.() === 0;

function postgresUid(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('There is no postgres user.');
  return { uid: Number(uid), gid: Number(gid) };
}

function runAsOwner(command: string, args: string[]): void {
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const run = spawnSync(file, argv, { encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(
      `${path.basename(command)} failed: ${run.stderr || run.stdout || run.error?.message}`,
    );
}

function giveToOwner(target: string): void {
  if (!isRoot) return;
  const { uid, gid } = postgresUid();
  execFileSync('chown', ['-R', `${uid}:${gid}`, target]);
}

/**
 * A freshly initialised cluster is the same every time: make it once per machine and copy it (a
 * copy takes a fraction of initdb's seconds).
 */
function templateCluster(bin: string): string {
  const version = path.basename(path.dirname(bin));
  const template = path.join(
    os.tmpdir(),
    `newsroom-test-pg${version}-template${isRoot ? '' : `-${process.getuid?.()}`}`,
  );
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const staging = mkdtempSync(`${template}-staging-`);
  giveToOwner(staging);
  runAsOwner(path.join(bin, 'initdb'), [
    '-D',
    staging,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  try {
    renameSync(staging, template);
  } catch {
    // Another test process made it first: use theirs.
    rmSync(staging, { recursive: true, force: true });
  }
  return template;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a PostgreSQL server on a free loopback port, in its own temp folder. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDirectory();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-pg-'));
  const data = path.join(folder, 'data');
  cpSync(templateCluster(bin), data, { recursive: true });
  chmodSync(data, 0o700);
  writeFileSync(path.join(folder, 'server.log'), '');
  giveToOwner(folder);
  if (isRoot) chownSync(folder, postgresUid().uid, postgresUid().gid);
  let port = 0;
  for (let attempt = 0; ; attempt += 1) {
    port = await freePort();
    try {
      runAsOwner(path.join(bin, 'pg_ctl'), [
        'start',
        '-w',
        '-t',
        '30',
        '-D',
        data,
        '-l',
        path.join(folder, 'server.log'),
        '-o',
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      ]);
      break;
    } catch (error) {
      // The port may have been taken between choosing and binding it: try another.
      if (attempt >= 2) {
        const log = readFileSync(path.join(folder, 'server.log'), 'utf8');
        rmSync(folder, { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`);
      }
    }
  }
  const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    port,
    async createDatabase(name = `test_${process.pid}_${(databases += 1)}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: sessions are ended, no client can hold it up.
      if (processExists(pid)) process.kill(pid, 'SIGINT');
      const deadline = Date.now() + 15_000;
      while (processExists(pid) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      if (processExists(pid)) process.kill(pid, 'SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
