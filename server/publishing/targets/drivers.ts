import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import {
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import SftpClient from 'ssh2-sftp-client';
import type { S3Address, SftpAddress } from './targetUrl';

/** An open connection to a publish target. */
export interface TargetConnection {
  /** How many puts may run at once on it. */
  readonly concurrency: number;
  /** Puts a local file at a site path, whole or not at all (a reader never sees half of it). */
  put(sitePath: string, localFile: string, size: number): Promise<void>;
  /** Removes a site path; one that is already gone is fine. */
  remove(sitePath: string): Promise<void>;
  /**
   * Removes what puts cut short (an outage, a killed process) left in these site folders (`""` is
   * the site's root), and nothing else; only while no put to the target is under way.
   */
  clearLeftovers(siteFolders: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A refusal to talk to a target that retrying will not cure until a person acts. */
export class TargetConfigurationError extends Error {}

/** The Content-Type each kind of site file is served with. */
export function contentTypeOf(sitePath: string): string {
  const extension = path.extname(sitePath).toLowerCase();
  switch (extension) {
    case '.html':
      return 'text/html; charset=utf-8';
    case '.xml':
      return 'application/xml; charset=utf-8';
    case '.json':
      return 'application/json; charset=utf-8';
    case '.css':
      return 'text/css; charset=utf-8';
    case '.jpg':
    case '.jpeg':
      return 'image/jpeg';
    case '.png':
      return 'image/png';
    case '.webp':
      return 'image/webp';
    case '.avif':
      return 'image/avif';
    default:
      return 'application/octet-stream';
  }
}

/** The hidden name an SFTP put writes under beside its place, before renaming it over it. */
function temporaryName(name: string): string {
  return `.${name}.part-${randomUUID().slice(0, 8)}`;
}

/** Whether a file name is one `temporaryName` makes. */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.part-[0-9a-f]{8}$/.test(name);
}

/** The site folder a site path is in: `""` for the site's root. */
export function siteFolderOf(sitePath: string): string {
  const folder = path.posix.dirname(sitePath);
  return folder === '.' ? '' : folder;
}

/** Whether a site folder names a folder inside the site: no empty, `.` or `..` segment. */
function isSiteFolder(folder: string): boolean {
  return folder === '' || folder.split('/').every((segment) => !['', '.', '..'].includes(segment));
}

/** `SHA256:<base64, no padding>` of a host key, as OpenSSH prints fingerprints. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** How an SFTP target checks the server's host key: pinned, or recorded on first use. */
export interface HostKeyPolicy {
  pinned: string | null;
  /** Records the first key seen; answers the key the store holds afterwards (another process may have won). */
  record(fingerprint: string): Promise<string>;
}

/**
 * A TCP connection with Nagle's algorithm off, for ssh2 (which leaves it on). With it on, each
 * small SFTP request waits for the peer's delayed ACK (some 40 ms on Linux): a put and its rename
 * took 150–200 ms on loopback, against 4 ms with it off.
 */
export function noDelaySocket(host: string, port: number): Socket {
  const socket = new Socket();
  socket.setNoDelay(true);
  return socket.connect({ host, port });
}

/**
 * Connects to an SFTP target (ssh2-sftp-client, key authentication). The host key must be the
 * pinned one; with none pinned, the first key seen is recorded and every later connection must
 * show the same. Files are written beside their place and renamed over it with OpenSSH's
 * posix-rename, so a reader gets the old file or the new one.
 */
export async function connectSftp(
  address: SftpAddress,
  identityFile: string,
  hostKey: HostKeyPolicy,
): Promise<TargetConnection> {
  let privateKey: Buffer;
  try {
    privateKey = await readFile(identityFile);
  } catch (error) {
    throw new TargetConfigurationError(
      `The key file ${identityFile} cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}).`,
    );
  }
  const client = new SftpClient('newsroom-target');
  let seen: string | null = null;
  try {
    await client.connect({
      sock: noDelaySocket(address.host, address.port),
      host: address.host,
      port: address.port,
      username: address.user,
      privateKey,
      readyTimeout: 10_000,
      // A server that stops answering (no reset) is noticed within about 15 s.
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        seen = hostKeyFingerprint(key);
        return hostKey.pinned === null || hostKey.pinned === seen;
      },
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    if (hostKey.pinned !== null && seen !== null && seen !== hostKey.pinned)
      throw new TargetConfigurationError(
        `The SFTP server's host key changed: it showed ${seen}, but ${hostKey.pinned} is pinned. Nothing was sent. If the server was really replaced, remove the target and add it again with --host-key.`,
      );
    throw error;
  }
  if (hostKey.pinned === null && seen !== null) {
    const recorded = await hostKey.record(seen);
    if (recorded !== seen) {
      await client.end().catch(() => undefined);
      throw new TargetConfigurationError(
        `The SFTP server's host key changed: it showed ${seen}, but ${recorded} was recorded first. Nothing was sent.`,
      );
    }
  }
  const made = new Set<string>();
  function remotePath(sitePath: string): string {
    return path.posix.join(address.root, ...sitePath.split('/'));
  }
  async function ensureFolder(folder: string): Promise<void> {
    if (made.has(folder)) return;
    await client.mkdir(folder, true);
    made.add(folder);
  }
  return {
    // One request at a time: concurrent transfers on one SFTP session depend on the server and
    // gain little (ssh2-sftp-client's maintainer advises against them).
    concurrency: 1,
    async put(sitePath, localFile) {
      const target = remotePath(sitePath);
      const folder = path.posix.dirname(target);
      await ensureFolder(folder);
      const temporary = path.posix.join(folder, temporaryName(path.posix.basename(target)));
      try {
        await client.fastPut(localFile, temporary);
        await client.posixRename(temporary, target);
      } catch (error) {
        await client.delete(temporary, true).catch(() => undefined);
        throw error;
      }
    },
    async remove(sitePath) {
      await client.delete(remotePath(sitePath), true);
    },
    // A put whose connection died could not delete its temporary file: it stays, hidden, until now.
    async clearLeftovers(siteFolders) {
      const folders = new Set(
        siteFolders.map((siteFolder) => {
          if (!isSiteFolder(siteFolder))
            throw new Error(`"${siteFolder}" is not a folder of the site: nothing was removed.`);
          return remotePath(siteFolder);
        }),
      );
      for (const folder of folders) {
        let leftovers: Array<{ name: string }>;
        try {
          leftovers = await client.list(
            folder,
            (entry) => entry.type === '-' && isTemporaryName(entry.name),
          );
        } catch (error) {
          // SFTP's "no such file": a folder not made yet holds nothing.
          if (error instanceof Error && 'code' in error && error.code === 2) continue;
          throw error;
        }
        for (const { name } of leftovers) await client.delete(path.posix.join(folder, name), true);
      }
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** The S3 keys of the server's environment, or a sentence saying what is missing. */
function environmentCredentials(
  environment: NodeJS.ProcessEnv,
): NonNullable<S3ClientConfig['credentials']> {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID ?? '';
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY ?? '';
  if (accessKeyId === '' || secretAccessKey === '')
    throw new TargetConfigurationError(
      'S3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the newsroom server’s environment; restart the server with them set.',
    );
  const sessionToken = environment.AWS_SESSION_TOKEN;
  return sessionToken === undefined || sessionToken === ''
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId, secretAccessKey, sessionToken };
}

/**
 * Connects to an S3 target (`@aws-sdk/client-s3`): path-style requests for a custom endpoint, the
 * keys from the server's environment only (never a file, a profile or an instance's metadata
 * service). A PutObject replaces an object whole.
 */
export async function connectS3(
  address: S3Address,
  options: { endpoint: string | null; region: string | null; environment: NodeJS.ProcessEnv },
): Promise<TargetConnection> {
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    credentials: environmentCredentials(options.environment),
    ...(options.endpoint === null ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
    // Plain requests with a Content-Length: S3-compatible servers need not speak aws-chunked.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
  });
  const key = (sitePath: string) => `${address.prefix}${sitePath}`;
  return {
    concurrency: 8,
    async put(sitePath, localFile, size) {
      await client.send(
        new PutObjectCommand({
          Bucket: address.bucket,
          Key: key(sitePath),
          Body: createReadStream(localFile),
          ContentLength: size,
          ContentType: contentTypeOf(sitePath),
        }),
      );
    },
    async remove(sitePath) {
      await client.send(new DeleteObjectCommand({ Bucket: address.bucket, Key: key(sitePath) }));
    },
    // A PutObject leaves nothing behind when it is cut short.
    clearLeftovers: () => Promise.resolve(),
    async close() {
      client.destroy();
    },
  };
}
