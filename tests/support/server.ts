import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Two levels below the repository both here (tests/support) and in the bench's bundle (dist/bench).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running `npm run web` (the built dist/web/cli.mjs), on its own data folder. */
export interface ServerHandle {
  readyUrl: string;
  origin: string;
  token: string;
  port: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** How to start browser mode for a test or a benchmark. */
export interface ServerOptions {
  /** 0 (the default) lets the OS choose. */
  port?: number;
  /** Serve this folder instead of the built renderer (the bench page). */
  staticDir?: string;
}

/**
 * Starts browser mode exactly as `npm run web` does, in a process of its own, and waits for its
 * ready line: the one way the e2e tests and the bench start the workstation's services.
 */
export async function startServer(
  dataDir: string,
  options: ServerOptions = {},
): Promise<ServerHandle> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'dist/web/cli.mjs'),
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env:
        options.staticDir === undefined
          ? process.env
          : { ...process.env, WORKSTATION_RENDERER_DIR: options.staticDir },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const readyUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start:\n${output}`)),
      30_000,
    );
    const check = () => {
      const match = /Workstation ready at (\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
  const url = new URL(readyUrl);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    readyUrl,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    port: Number(url.port),
    dataDir,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
