import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/** A real Redis server for tests: Debian's redis-server on a free loopback port, no persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/** A redis-server started on `port`, or the reason it did not start. */
async function launch(
  folder: string,
  port: number,
): Promise<{ child: ChildProcess; exited: Promise<void> } | { output: string }> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      folder,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Generous: on a loaded machine a fork and exec can take seconds; a start never takes this long.
  const deadline = Date.now() + 30_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      return { output };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, exited };
}

/** Starts redis-server in a temp folder on a free loopback port and waits until it answers. */
export async function startRedis(): Promise<RedisServer> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-redis-'));
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const started = await launch(folder, port);
    if ('output' in started) {
      // The port may have been taken between choosing and binding it: try another.
      if (attempt < 2 && started.output.includes('Address already in use')) continue;
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`redis-server did not start:\n${started.output}`);
    }
    const { child, exited } = started;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
}
