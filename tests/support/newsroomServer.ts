import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What `npm run server` runs (without npm in between, so the pid is the server's). */
const ENTRY = path.join(root, 'tools/server.mjs');

/** A running newsroom server process. */
export interface NewsroomServerProcess {
  /** `http://127.0.0.1:<port>` from its ready line. */
  url: string;
  port: number;
  pid: number;
  /** Everything it printed so far on standard output and standard error. */
  stdout(): string;
  stderr(): string;
  /** Sends a signal and waits for the exit (SIGKILL after `graceMs`). */
  stop(
    signal?: NodeJS.Signals,
    graceMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `npm run server -- <args>` (add `--port 0` to get a free port) and waits for its line
 * `Newsroom server ready at http://<host>:<port>`.
 */
export async function startNewsroomServer(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<NewsroomServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [ENTRY, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The newsroom server did not start:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      const match = /^Newsroom server ready at (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`The newsroom server exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? 0,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs one `npm run server -- <args>` command to its end, with `stdin` as its standard input. */
export async function runNewsroomCommand(
  args: string[],
  stdin = '',
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  return { code, stdout, stderr };
}

/**
 * Adds a publish target to a newsroom's store with `npm run server -- target add` (`store`: its
 * `--data-dir …` and `--database-url …`; `options`: the driver's, e.g. `--endpoint …`).
 */
export function addTargetCommand(
  store: string[],
  target: { name: string; url: string },
  options: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runNewsroomCommand([
    'target',
    'add',
    ...store,
    '--name',
    target.name,
    '--url',
    target.url,
    ...options,
  ]);
}

/** Calls `POST /api/<channel>` and answers the status and the parsed JSON. */
export async function callNewsroom(
  url: string,
  channel: string,
  input: unknown,
  token?: string,
): Promise<{
  status: number;
  body: {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string; reasons?: string[] };
  };
}> {
  const response = await fetch(`${url}/api/${channel}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as never };
}
