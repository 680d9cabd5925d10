import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { callNewsroom } from '../../tests/support/newsroomServer';
import { startBenchNewsroom } from './benchNewsroom';
import type { FigureSpec } from './figureSpec';
import type { ProbeResult } from './storeProbe';

/** Spawns a command and resolves with the ms until `ready` matches its output (then kills it). */
function timeUntilLine(
  command: string,
  args: string[],
  ready: RegExp,
  cwd: string,
): Promise<{ ms: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within 60 s:\n${output}`));
    }, 60_000);
    function check(chunk: Buffer): void {
      output += chunk.toString();
      if (!ready.test(output)) return;
      const ms = performance.now() - started;
      clearTimeout(timer);
      child.once('exit', () => resolve({ ms, output }));
      child.kill('SIGTERM');
    }
    child.stdout.on('data', check);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
  });
}

function runOrThrow(command: string, args: string[], cwd: string, input = ''): string {
  const run = spawnSync(command, args, { cwd, input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

async function serverStart(root: string, folder: string, starts: number) {
  const entry = path.join(root, 'tools/server.mjs');
  // Builds the server bundle if it is stale, so no start below pays for a build.
  runOrThrow(
    process.execPath,
    [entry, 'user', 'list', '--data-dir', path.join(folder, 'warm')],
    root,
  );
  const first: number[] = [];
  const later: number[] = [];
  const bare: number[] = [];
  for (let index = 0; index < starts; index += 1) {
    const dataDir = path.join(folder, `start-${index}`);
    const args = [entry, '--data-dir', dataDir, '--port', '0'];
    first.push((await timeUntilLine(process.execPath, args, /Newsroom server ready at/, root)).ms);
    later.push((await timeUntilLine(process.execPath, args, /Newsroom server ready at/, root)).ms);
    bare.push(
      (await timeUntilLine(process.execPath, ['-e', "console.log('ready')"], /ready/, root)).ms,
    );
  }
  return { first, later, bare };
}

async function roundTrips(folder: string, calls: number) {
  const { server, token } = await startBenchNewsroom(path.join(folder, 'round-trips'), 'reporter');
  const { url } = server;
  try {
    async function call(channel: string, input: unknown, token?: string): Promise<unknown> {
      const { body } = await callNewsroom(url, channel, input, token);
      if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body)}`);
      return body.value;
    }
    const { id } = (await call('story:create', { headline: 'Bench story' }, token)) as {
      id: string;
    };
    const story = (await call('story:get', { id }, token)) as { headline: string };
    const answer = JSON.stringify({ ok: true, value: story });
    // The baseline: a bare node:http server answering the same bytes, called the same way.
    const bareServer = createServer((request, response) => {
      request.resume();
      request.once('end', () => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(answer);
      });
    });
    await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
    const address = bareServer.address();
    const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const reads: number[] = [];
    const writes: number[] = [];
    const bare: number[] = [];
    let headline = story.headline;
    for (let index = 0; index < calls; index += 1) {
      let started = performance.now();
      await call('story:get', { id }, token);
      reads.push(performance.now() - started);
      const next = `Bench story ${index}`;
      started = performance.now();
      await call('story:update', { id, changes: { headline: next }, base: { headline } }, token);
      writes.push(performance.now() - started);
      headline = next;
      started = performance.now();
      const response = await fetch(`${bareUrl}/api/story:get`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ id }),
      });
      await response.json();
      bare.push(performance.now() - started);
    }
    bareServer.close();
    return { reads, writes, bare };
  } finally {
    await server.stop();
  }
}

async function storeEngines(
  root: string,
  folder: string,
  options: { firstOpens: number; laterOpens: number; iterations: number },
) {
  const probe = path.join(root, 'dist/bench/storeProbe.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['bench/node/storeProbe.ts'],
    outfile: probe,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  function measure(engine: 'sqlite' | 'pglite', dir: string, iterations: number): ProbeResult {
    return JSON.parse(
      runOrThrow(process.execPath, [probe, engine, dir, String(iterations)], root),
    ) as ProbeResult;
  }
  const results: Record<'sqlite' | 'pglite', { first: ProbeResult[]; later: ProbeResult[] }> = {
    sqlite: { first: [], later: [] },
    pglite: { first: [], later: [] },
  };
  for (const engine of ['sqlite', 'pglite'] as const) {
    for (let index = 0; index < options.firstOpens; index += 1) {
      const dir = path.join(folder, `${engine}-${index}`);
      results[engine].first.push(measure(engine, dir, options.iterations));
      for (let again = 0; again < options.laterOpens; again += 1)
        results[engine].later.push(measure(engine, dir, options.iterations));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/**
 * The server's part of issue 10's speed (what can be measured without collab): its start on the
 * embedded store beside a bare `node -e`, an API read and write round trip beside a bare HTTP
 * server, and the store engines (node:sqlite, the one chosen, beside PGlite) on the same schema
 * and queries: first open, later open, a write+read loop and peak memory.
 */
export async function runNewsroomServerBenchmarks(options: {
  root: string;
  isQuick: boolean;
}): Promise<FigureSpec[]> {
  const { root, isQuick } = options;
  const folder = mkdtempSync(path.join(tmpdir(), 'newsroom-bench-server-'));
  try {
    const starts = await serverStart(root, folder, isQuick ? 2 : 10);
    const trips = await roundTrips(folder, isQuick ? 20 : 500);
    const iterations = isQuick ? 50 : 1000;
    const engines = await storeEngines(root, folder, {
      firstOpens: isQuick ? 1 : 3,
      laterOpens: isQuick ? 1 : 3,
      iterations,
    });
    const memory = (engine: 'sqlite' | 'pglite') =>
      Math.max(
        ...[...engines[engine].first, ...engines[engine].later].map((result) => result.peakRssMb),
      ).toFixed(0);
    const pick = (
      engine: 'sqlite' | 'pglite',
      which: 'first' | 'later',
      key: 'openMs' | 'loopMs',
    ) => engines[engine][which].map((result) => result[key]);
    return [
      {
        id: 'server-start',
        figure: 'newsroom server start (embedded store) until its ready line',
        statistic: 'median',
        samples: starts.later,
        baselines: [{ name: 'node -e, same binary', samples: starts.bare }],
        target: 'reference (issue 10: reported)',
        meets: () => null,
        note: `first start on a new data folder (store created, migrated): median ${median(starts.first).toFixed(0)} ms`,
      },
      {
        id: 'server-api-read',
        figure: 'API round trip, story:get (loopback, keep-alive)',
        statistic: 'p95',
        samples: trips.reads,
        baselines: [{ name: 'bare node:http, same answer', samples: trips.bare }],
        target: 'reference',
        meets: () => null,
        note: '',
      },
      {
        id: 'server-api-write',
        figure: 'API round trip, story:update (a durable commit)',
        statistic: 'p95',
        samples: trips.writes,
        baselines: [{ name: 'bare node:http, same answer', samples: trips.bare }],
        target: 'reference',
        meets: () => null,
        note: 'synchronous=FULL: each answer follows an fsync of the write-ahead log',
      },
      {
        id: 'store-first-open',
        figure: 'store first open + migration: node:sqlite (chosen)',
        statistic: 'median',
        samples: pick('sqlite', 'first', 'openMs'),
        baselines: [{ name: 'PGlite, same schema', samples: pick('pglite', 'first', 'openMs') }],
        target: 'reference (the store choice)',
        meets: () => null,
        note: `peak memory of a process: node:sqlite ${memory('sqlite')} MB, PGlite ${memory('pglite')} MB`,
      },
      {
        id: 'store-later-open',
        figure: 'store later open: node:sqlite (chosen)',
        statistic: 'median',
        samples: pick('sqlite', 'later', 'openMs'),
        baselines: [{ name: 'PGlite, same schema', samples: pick('pglite', 'later', 'openMs') }],
        target: 'reference (the store choice)',
        meets: () => null,
        note: '',
      },
      {
        id: 'store-loop',
        figure: `store ${iterations} × (insert a story + read it back): node:sqlite (chosen)`,
        statistic: 'median',
        samples: [...pick('sqlite', 'first', 'loopMs'), ...pick('sqlite', 'later', 'loopMs')],
        baselines: [
          {
            name: 'PGlite, same queries',
            samples: [...pick('pglite', 'first', 'loopMs'), ...pick('pglite', 'later', 'loopMs')],
          },
        ],
        target: 'reference (the store choice)',
        meets: () => null,
        note: 'node:sqlite commits each insert with synchronous=FULL (an fsync); PGlite as it comes',
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
