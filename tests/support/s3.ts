import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { freePort } from './ports';

/** The credentials s3rver accepts (its defaults); the tests pass them as the AWS_* variables. */
export const S3RVER_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
} as const;

/**
 * An S3-compatible server for tests: `s3rver` on a free loopback port with one bucket, its objects
 * in a temp folder. `client` reads what a target wrote.
 */
export interface S3Server {
  /** `http://127.0.0.1:<port>`: the endpoint for `target add --endpoint`. */
  endpoint: string;
  bucket: string;
  /** A client of this server (path-style, s3rver's credentials). */
  client: S3Client;
  /** Every key in the bucket under a prefix. */
  keys(prefix?: string): Promise<string[]>;
  /** Every object write and delete the server took, in order (`ObjectCreated:Put key`…). */
  events(): string[];
  /** One object's bytes, or null when there is no such key. */
  read(key: string): Promise<Buffer | null>;
  stop(): Promise<void>;
}

/** Starts s3rver with an empty bucket. */
export async function startS3Server(bucket = 'portal'): Promise<S3Server> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-s3-'));
  const port = await freePort();
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: folder,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const events: string[] = [];
  // s3rver is a Koa app (an EventEmitter) raising an S3 event per write; its types omit that.
  const emitter: unknown = server;
  if (!(emitter instanceof EventEmitter)) throw new Error('s3rver no longer raises events.');
  emitter.on(
    'event',
    (event: { Records: Array<{ eventName: string; s3: { object: { key: string } } }> }) => {
      for (const record of event.Records)
        events.push(`${record.eventName} ${record.s3.object.key}`);
    },
  );
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: S3RVER_CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: S3RVER_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    },
  });
  return {
    endpoint,
    bucket,
    client,
    async keys(prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys.sort();
    },
    events: () => [...events],
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = await object.Body?.transformToByteArray();
        return bytes === undefined ? null : Buffer.from(bytes);
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async stop() {
      client.destroy();
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
