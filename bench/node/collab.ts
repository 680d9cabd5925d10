import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { connectCollab, type CollabClient } from '../../tests/support/collabClient';
import { callNewsroom } from '../../tests/support/newsroomServer';
import { startBenchNewsroom } from './benchNewsroom';
import type { FigureSpec } from './figureSpec';

interface Plan {
  stories: number;
  clientsPerStory: number;
  /** Keystrokes per second of each client while typing. */
  keysPerSecond: number;
  typingSeconds: number;
  offlineUpdates: number;
  catchUps: number;
}

function planOf(isQuick: boolean): Plan {
  return isQuick
    ? {
        stories: 5,
        clientsPerStory: 4,
        keysPerSecond: 2,
        typingSeconds: 3,
        offlineUpdates: 100,
        catchUps: 1,
      }
    : {
        stories: 50,
        clientsPerStory: 4,
        keysPerSecond: 2,
        typingSeconds: 20,
        offlineUpdates: 1000,
        catchUps: 5,
      };
}

/** A server process under test: its URL, its pid (to read its memory) and how to stop it. */
export interface Target {
  url: string;
  pid: number;
  stop(): Promise<unknown>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

/** A bare Hocuspocus 4 server relaying the same protocol: no auth, no store, no checks. */
export async function startBareRelay(root: string): Promise<Target> {
  const script = `
    import { Server } from '@hocuspocus/server';
    const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true });
    await server.listen();
    console.log('Bare relay at http://127.0.0.1:' + server.address.port);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForLine(child, /Bare relay at (\S+)/, 'the bare relay');
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process, in MB (Linux), or NaN. */
function residentMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmRSS:'));
    return Number(line?.replace(/\D+/g, '')) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Each keystroke's send time by its Yjs id, and the delay until each other client of the story
 * applied it: the fan-out the server does (receive, check, apply, broadcast) plus both sockets.
 */
function fanOutMeter() {
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  return {
    delays,
    /** Types one character and records when. */
    type(client: CollabClient) {
      const { doc } = client;
      const clock = Y.getState(doc.store, doc.clientID);
      sentAt.set(`${doc.clientID}:${clock}`, performance.now());
      client.type('x');
    },
    /** Records the delay of every keystroke an update brings to a receiver. */
    received(update: Uint8Array) {
      const now = performance.now();
      const { from, to } = Y.parseUpdateMeta(update);
      for (const [client, end] of to) {
        for (let clock = from.get(client) ?? end; clock < end; clock += 1) {
          const sent = sentAt.get(`${client}:${clock}`);
          if (sent !== undefined) delays.push(now - sent);
        }
      }
    },
  };
}

async function connectAll(
  target: Target,
  token: string,
  ids: readonly string[],
  perStory: number,
): Promise<CollabClient[][]> {
  const groups = ids.map((storyId) =>
    Array.from({ length: perStory }, () => connectCollab({ url: target.url, storyId, token })),
  );
  for (const client of groups.flat())
    await client.waitFor(() => client.provider.isSynced, 'the client synced', 30_000);
  return groups;
}

async function typing(
  target: Target,
  token: string,
  ids: readonly string[],
  plan: Plan,
): Promise<{ delays: number[]; memoryMb: number; keystrokes: number }> {
  const groups = await connectAll(target, token, ids, plan.clientsPerStory);
  const meter = fanOutMeter();
  for (const group of groups) {
    const [first] = group;
    first?.addParagraph('Bench paragraph ');
    for (const client of group)
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === client.provider) meter.received(update);
      });
  }
  const clients = groups.flat();
  await Promise.all(clients.map((client) => client.waitFor(() => client.text() !== '', 'text')));
  // Every client types on its own clock, spread over the interval, as people do.
  const interval = 1000 / plan.keysPerSecond;
  let keystrokes = 0;
  const timers = clients.map((client, index) =>
    setTimeout(
      () => {
        const timer = setInterval(() => {
          meter.type(client);
          keystrokes += 1;
        }, interval);
        timers.push(timer);
      },
      (index / clients.length) * interval,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, plan.typingSeconds * 1000));
  for (const timer of timers) clearInterval(timer);
  // Let the last keystrokes arrive before reading the memory the run left.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const memoryMb = residentMb(target.pid);
  for (const client of clients) client.close();
  return { delays: meter.delays, memoryMb, keystrokes };
}

/** A writer offline for `updates` keystrokes reconnects: ms until an online reader has them all. */
async function catchUp(
  target: Target,
  token: string,
  storyId: string,
  updates: number,
  isNewsroom: boolean,
) {
  const writer = connectCollab({ url: target.url, storyId, token });
  const reader = connectCollab({ url: target.url, storyId, token });
  try {
    await writer.waitFor(() => writer.provider.isSynced, 'the writer synced', 30_000);
    await reader.waitFor(() => reader.provider.isSynced, 'the reader synced', 30_000);
    if (writer.text() === '') writer.addParagraph('Catch-up ');
    await reader.waitFor(() => reader.text() === writer.text(), 'the paragraph');
    await writer.goOffline();
    for (let index = 0; index < updates; index += 1) writer.type('y');
    const expected = writer.text();
    const started = performance.now();
    await writer.goOnline();
    await reader.waitFor(() => reader.text() === expected, 'the offline updates', 60_000);
    const readerMs = performance.now() - started;
    const storedMs = isNewsroom ? await storedAfter(writer, started) : Number.NaN;
    return { readerMs, storedMs };
  } finally {
    writer.close();
    reader.close();
  }
}

async function storedAfter(client: CollabClient, started: number): Promise<number> {
  await client.waitFor(() => client.isSynced(), 'the stored message', 60_000);
  return performance.now() - started;
}

async function createStories(url: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { body } = await callNewsroom(
      url,
      'story:create',
      { headline: `Bench story ${index + 1}` },
      token,
    );
    if (!body.ok) throw new Error(`story:create: ${JSON.stringify(body.error)}`);
    ids.push((body.value as { id: string }).id);
  }
  return ids;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '—';
}

/**
 * Issue 10's collaboration figures on one server process (embedded store) beside a bare
 * Hocuspocus relay of the same updates: keystroke fan-out with 200 clients on 50 stories typing,
 * the server's memory, and the catch-up of 1,000 offline updates.
 */
export async function runCollabBenchmarks(options: {
  root: string;
  isQuick: boolean;
}): Promise<FigureSpec[]> {
  const plan = planOf(options.isQuick);
  const folder = mkdtempSync(path.join(tmpdir(), 'newsroom-bench-collab-'));
  let newsroom: Target | null = null;
  let bare: Target | null = null;
  try {
    const started = await startBenchNewsroom(path.join(folder, 'data'), 'editor');
    newsroom = started.server;
    const { token } = started;
    const ids = await createStories(newsroom.url, token, plan.stories + plan.catchUps);
    const typingIds = ids.slice(0, plan.stories);
    const catchUpIds = ids.slice(plan.stories);
    const idleMb = residentMb(newsroom.pid);
    const served = await typing(newsroom, token, typingIds, plan);
    const caughtUp = [];
    for (const storyId of catchUpIds)
      caughtUp.push(await catchUp(newsroom, token, storyId, plan.offlineUpdates, true));
    await newsroom.stop();
    newsroom = null;

    bare = await startBareRelay(options.root);
    const bareIdleMb = residentMb(bare.pid);
    const relayed = await typing(bare, 'bare', typingIds, plan);
    const bareCaughtUp = [];
    for (const storyId of catchUpIds)
      bareCaughtUp.push(await catchUp(bare, 'bare', storyId, plan.offlineUpdates, false));
    await bare.stop();
    bare = null;

    const clients = plan.stories * plan.clientsPerStory;
    const storedMs = caughtUp.map((sample) => sample.storedMs);
    return [
      {
        id: 'collab-fan-out',
        figure: `keystroke fan-out, ${clients} clients on ${plan.stories} stories typing, one server process`,
        statistic: 'p95',
        samples: served.delays,
        baselines: [{ name: 'bare Hocuspocus relay, same updates', samples: relayed.delays }],
        target: 'p95 ≤ 250 ms',
        meets: (value) => value <= 250,
        note: `${served.keystrokes} keystrokes in ${plan.typingSeconds} s at ${plan.keysPerSecond}/s per client, each to ${plan.clientsPerStory - 1} others; server memory ${format(idleMb)} MB idle → ${format(served.memoryMb)} MB after typing (bare relay ${format(bareIdleMb)} → ${format(relayed.memoryMb)} MB); clients, server and relay share this machine's cores`,
      },
      {
        id: 'collab-catch-up',
        figure: `catch-up of ${plan.offlineUpdates.toLocaleString('en')} offline updates: reconnect → another client has them`,
        statistic: 'p95',
        samples: caughtUp.map((sample) => sample.readerMs),
        baselines: [
          {
            name: 'bare Hocuspocus relay, same updates',
            samples: bareCaughtUp.map((sample) => sample.readerMs),
          },
        ],
        target: '≤ 2000 ms',
        meets: (value) => value <= 2000,
        note: `until the server's stored message covers them (durable): ${storedMs.map(format).join(', ')} ms (store debounce 1 s)`,
      },
    ];
  } finally {
    if (newsroom !== null) await newsroom.stop();
    if (bare !== null) await bare.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
