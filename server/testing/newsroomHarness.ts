import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { NewsroomOutput, NewsroomChannelName } from '../../shared/api/newsroom';
import type { Role } from '../../shared/settings/settings';
import { COMMAND_LINE_ACTOR } from '../accounts/accounts';
import { startHttpServer, type NewsroomHttpServer } from '../http/httpServer';
import { openNewsroom, type Newsroom, type NewsroomOptions } from '../newsroom';
import type { StoreKind } from '../store/migrations';
import type { StoreLocation } from '../store/store';
import { startStoreHarness, type StoreHarness } from '../store/testing/storeHarness';

/** The people of the test newsroom: two reporters, an editor and the photo desk. */
export const PEOPLE = {
  reporter: { login: 'li.wei', name: 'Li Wei', role: 'reporter' },
  otherReporter: { login: 'zhao', name: 'Zhao Min', role: 'reporter' },
  editor: { login: 'wang', name: 'Wang Fang', role: 'editor' },
  photoDesk: { login: 'chen', name: 'Chen Jing', role: 'photo_desk' },
} as const satisfies Record<string, { login: string; name: string; role: Role }>;
export type Person = keyof typeof PEOPLE;

export const TEST_PASSWORD = 'correct horse battery';

/** One answer of the API: its HTTP status and JSON body. */
export interface Answer<T = unknown> {
  status: number;
  body:
    | { ok: true; value: T }
    | { ok: false; error: { code: string; message: string; reasons?: string[] } };
}

/** A newsroom served over HTTP in this process, with its people signed in. */
export interface NewsroomHarness {
  newsroom: Newsroom;
  /** Where its store and data folder are (another harness may share them: `sharing`). */
  location: StoreLocation;
  dataDir: string;
  http: NewsroomHttpServer;
  url: string;
  tokens: Record<Person, string>;
  /** Calls a channel as a person (or with no token). */
  call<K extends NewsroomChannelName>(
    channel: K,
    input: unknown,
    who?: Person | null,
  ): Promise<Answer<NewsroomOutput<K>>>;
  /** Calls a channel and answers its value, failing the test on a refusal. */
  value<K extends NewsroomChannelName>(
    channel: K,
    input: unknown,
    who: Person,
  ): Promise<NewsroomOutput<K>>;
  /** Lines the server logged (problems and the access log). */
  logs: string[];
  close(): Promise<void>;
}

/** Opens a fresh newsroom on a new store of the harness's kind and signs everyone in. */
export async function startNewsroomHarness(
  stores: StoreHarness,
  options: {
    now?: () => number;
    /** More options of the newsroom (the scheduler off, shorter retries…). */
    newsroom?: Partial<Omit<NewsroomOptions, 'dataDir' | 'databaseUrl' | 'log'>>;
    /** Another harness whose store and data folder this one shares (a second server process). */
    sharing?: NewsroomHarness;
    /** Writes into the data folder before the newsroom opens it (the bench's archive of stories). */
    seed?: (dataDir: string) => void;
  } = {},
): Promise<NewsroomHarness> {
  const location = options.sharing?.location ?? (await stores.newLocation());
  const dataDir =
    options.sharing?.dataDir ??
    ('dataDir' in location
      ? location.dataDir
      : mkdtempSync(path.join(os.tmpdir(), 'newsroom-data-')));
  const logs: string[] = [];
  options.seed?.(dataDir);
  const newsroom = await openNewsroom({
    dataDir,
    ...('databaseUrl' in location ? { databaseUrl: location.databaseUrl } : {}),
    sessionDays: 30,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...options.newsroom,
    log: (line) => logs.push(line),
  });
  const http = await startHttpServer(newsroom, {
    port: 0,
    host: '127.0.0.1',
    version: 'test',
    log: (line) => logs.push(line),
    accessLog: (line) => logs.push(line),
  });
  const url = `http://127.0.0.1:${http.port}`;
  const tokens = {} as Record<Person, string>;
  for (const [person, details] of Object.entries(PEOPLE) as Array<
    [Person, (typeof PEOPLE)[Person]]
  >) {
    if (options.sharing === undefined) {
      const added = await newsroom.accounts.add(
        { ...details, password: TEST_PASSWORD },
        COMMAND_LINE_ACTOR,
      );
      if (!added.ok) throw new Error(added.error.message);
    }
    const session = await newsroom.accounts.signIn(details.login, TEST_PASSWORD, 'test');
    if (!session.ok) throw new Error(session.error.message);
    tokens[person] = session.value.token;
  }
  async function call<K extends NewsroomChannelName>(
    channel: K,
    input: unknown,
    who: Person | null = null,
  ) {
    const response = await fetch(`${url}/api/${channel}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(who === null ? {} : { Authorization: `Bearer ${tokens[who]}` }),
      },
      body: JSON.stringify(input),
    });
    return {
      status: response.status,
      body: (await response.json()) as Answer<NewsroomOutput<K>>['body'],
    };
  }
  return {
    newsroom,
    location,
    dataDir,
    http,
    url,
    tokens,
    call,
    async value(channel, input, who) {
      const answer = await call(channel, input, who);
      if (!answer.body.ok)
        throw new Error(
          `${channel} refused (${answer.status}): ${JSON.stringify(answer.body.error)}`,
        );
      return answer.body.value;
    },
    logs,
    async close() {
      await http.close(1000);
      await newsroom.close();
      if (!('dataDir' in location) && options.sharing === undefined)
        rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Arranges, for the tests of the enclosing `describe`, a fresh store of one kind with a newsroom on
 * it (started before the first test, stopped after the last), and hands the harness to `use`.
 */
export function useNewsroomHarness(kind: StoreKind, use: (harness: NewsroomHarness) => void): void {
  let stores: StoreHarness | null = null;
  let harness: NewsroomHarness | null = null;
  beforeAll(async () => {
    stores = await startStoreHarness(kind);
    harness = await startNewsroomHarness(stores);
    use(harness);
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await stores?.stop();
  });
}
