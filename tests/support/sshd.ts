import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { freePort, isListening } from './ports';

/**
 * A real SFTP server for tests: Debian's OpenSSH `sshd` on a free loopback port, with its own host
 * key and an authorised client key in a temp folder, serving the built-in `internal-sftp`. It logs
 * in the user the tests run as; the files land under `root` (absolute path). Stop and start it
 * again (same port, same keys) to test a target that goes down.
 */
export interface SshServer {
  port: number;
  /** The login the client key is authorised for (the user running the tests). */
  user: string;
  /** A folder for the tests' files on the server (an absolute path). */
  root: string;
  /** The client's private key file (OpenSSH format, no passphrase). */
  identityFile: string;
  /** The host key's fingerprint as OpenSSH prints it: `SHA256:<base64 without padding>`. */
  hostKeyFingerprint: string;
  /** `sftp://<user>@127.0.0.1:<port><root>`. */
  url: string;
  isRunning(): boolean;
  /**
   * Reads files under `root` over SFTP with the client key, as a web server fed by the target
   * would see them: each file's bytes, or null where there is no such file.
   */
  read(sitePaths: readonly string[]): Promise<Array<Buffer | null>>;
  /** Stops sshd (open sessions end); the folder and keys stay for `start`. */
  halt(): Promise<void>;
  /** Starts sshd again on the same port with the same keys. */
  start(): Promise<void>;
  /** Stops it and removes the temp folder. */
  stop(): Promise<void>;
}

function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** `SHA256:…` of a public key's blob, computed as `ssh-keygen -l` does. */
function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint of an OpenSSH public key line. */
function fingerprintOf(publicKeyLine: string): string {
  return fingerprintOfBlob(Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? '', 'base64'));
}

/** Every process descended from `pid`, read from /proc (Linux). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Starts sshd in a temp folder on a free loopback port and waits until it accepts connections. */
export async function startSshServer(): Promise<SshServer> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-sshd-'));
  const hostKey = path.join(folder, 'host_ed25519');
  const identityFile = path.join(folder, 'client_ed25519');
  keygen(hostKey, 'newsroom test host');
  keygen(identityFile, 'newsroom test client');
  const authorizedKeys = path.join(folder, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${identityFile}.pub`), { mode: 0o600 });
  const root = path.join(folder, 'files');
  mkdirSync(root);
  const user = os.userInfo().username;
  const port = await freePort();
  const config = path.join(folder, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${path.join(folder, 'sshd.pid')}`,
      // The temp folder's modes are the test's, not a home directory's.
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // sshd's privilege separation needs this folder (a fresh container may not have it).
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let child: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    const started = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await isListening(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`sshd did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function halt(): Promise<void> {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // Each session runs in a process sshd forked (in a session of its own): they end too, as
    // when a server goes down, not only the listener.
    // The sessions go first, so that the listener is still there to reap them.
    for (const pid of descendantsOf(running.pid ?? 0).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
    // Sessions run in children of the listener: wait until the port refuses too.
    const deadline = Date.now() + 5000;
    while ((await isListening(port)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
  }

  try {
    await start();
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const hostKeyFingerprint = fingerprintOf(readFileSync(`${hostKey}.pub`, 'utf8'));
  return {
    port,
    user,
    root,
    identityFile,
    hostKeyFingerprint,
    url: `sftp://${user}@127.0.0.1:${port}${root}`,
    isRunning: () => child !== null && child.exitCode === null,
    async read(sitePaths) {
      const client = new SftpClient('newsroom-test-reader');
      await client.connect({
        host: '127.0.0.1',
        port,
        username: user,
        privateKey: readFileSync(identityFile),
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => fingerprintOfBlob(key) === hostKeyFingerprint,
      });
      try {
        const files: Array<Buffer | null> = [];
        for (const sitePath of sitePaths) {
          const remote = path.posix.join(root, sitePath);
          // `get` without a destination answers the bytes; `exists` answers false or a type letter.
          const kind = await client.exists(remote);
          const bytes = kind === '-' ? await client.get(remote) : null;
          files.push(Buffer.isBuffer(bytes) ? bytes : null);
        }
        return files;
      } finally {
        await client.end();
      }
    },
    halt,
    start,
    async stop() {
      await halt();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
