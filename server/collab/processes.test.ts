import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addParagraphsOffline,
  connectCollab,
  textOfDoc,
  type CollabClient,
  type CollabClientOptions,
} from '../../tests/support/collabClient';
import { newsroomValue } from '../../tests/support/newsroom/approvedStory';
import {
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../tests/support/newsroomServer';
import { startPostgres, type PostgresServer } from '../../tests/support/postgres';
import { listenToEvents } from '../../tests/support/eventStream';
import { startRedis, type RedisServer } from '../../tests/support/redis';
import { docOfState } from '../stories/storyBody';
import { PEOPLE } from '../testing/newsroomHarness';
import { addNewsroomPeople } from '../../tests/support/newsroom';
import { sessionToken as signIn } from '../../tests/support/newsroom/approvedStory';

/** The reporter and the editor of every test, and a second reporter to disable. */
const STAFF = [
  PEOPLE.reporter,
  PEOPLE.editor,
  { login: 'sun', name: 'Sun Li', role: 'reporter' },
] as const;
const SUBMITTED_LINE = 'Submitted to the desk: withdraw it to make changes.';

/** Servers and clients a test started, stopped after it whatever happens. */
function cleanup() {
  const clients: CollabClient[] = [];
  function connect(options: CollabClientOptions): CollabClient {
    const client = connectCollab(options);
    clients.push(client);
    return client;
  }
  return {
    connect,
    /** Signs a person in on a server process and connects them to a story there. */
    async connectAs(
      url: string,
      storyId: string,
      login: string,
      options: Pick<CollabClientOptions, 'tokenIn'> = {},
    ): Promise<CollabClient> {
      return connect({ url, storyId, token: await signIn(url, login), ...options });
    },
    closeClients() {
      for (const client of clients.splice(0)) client.close();
    },
  };
}

/** A story created by the reporter on a server: its id and the reporter's token there. */
async function createStory(url: string, headline: string) {
  const reporter = await signIn(url, 'li.wei');
  const { id } = await newsroomValue<{ id: string }>(url, 'story:create', { headline }, reporter);
  return { id, reporter };
}

describe('kill -9 and SIGTERM on the embedded store', () => {
  let folder: string;
  let dataDir: string;
  let server: NewsroomServerProcess;
  const clients = cleanup();
  function start(): Promise<NewsroomServerProcess> {
    return startNewsroomServer(['--data-dir', dataDir, '--port', '0']);
  }
  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-collab-kill-'));
    dataDir = path.join(folder, 'data');
    await addNewsroomPeople(['--data-dir', dataDir], STAFF);
    server = await start();
  }, 120_000);
  afterAll(async () => {
    clients.closeClients();
    await server.stop('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps what the server said it stored through kill -9, for a client that never saw it', async () => {
    const { id, reporter } = await createStory(server.url, 'Taihu Lake cruise season opens');
    const writer = clients.connect({ url: server.url, storyId: id, token: reporter });
    writer.addParagraph('Boats leave Yuantouzhu at nine.');
    writer.type(' Tickets sell out early.');
    await writer.waitFor(() => writer.isSynced(), 'the server’s stored message');
    const killed = await server.stop('SIGKILL');
    clients.closeClients();
    server = await start();
    const fresh = await clients.connectAs(server.url, id, 'wang');
    await fresh.waitFor(
      () => fresh.text() === 'Boats leave Yuantouzhu at nine. Tickets sell out early.',
      'the text on a fresh client',
    );
    await fresh.waitFor(() => fresh.isSynced(), 'the stored message on connecting');
    expect({ signal: killed.signal, text: fresh.text() }).toEqual({
      signal: 'SIGKILL',
      text: 'Boats leave Yuantouzhu at nine. Tickets sell out early.',
    });
  });

  it('stores on SIGTERM what was typed a moment before', async () => {
    const { id, reporter } = await createStory(server.url, 'Huishan clay figurines');
    const writer = clients.connect({ url: server.url, storyId: id, token: reporter });
    await writer.waitFor(() => writer.rights() !== null, 'rights');
    writer.addParagraph('A moment before the restart.');
    // Until the server has applied it (a second before its store is due), then stop it at once.
    await writer.waitFor(() => writer.provider.unsyncedChanges === 0, 'the update applied');
    const stopped = await server.stop('SIGTERM');
    clients.closeClients();
    server = await start();
    const fresh = await clients.connectAs(server.url, id, 'wang');
    await fresh.waitFor(() => fresh.text() === 'A moment before the restart.', 'the text');
    expect(stopped).toEqual({ code: 0, signal: null });
  });
});

describe('two server processes on PostgreSQL sharing Redis', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let folder: string;
  let store: string[];
  let first: NewsroomServerProcess;
  let second: NewsroomServerProcess;
  const clients = cleanup();

  function serverArgs(name: string): string[] {
    return [
      '--data-dir',
      path.join(folder, name),
      '--port',
      '0',
      '--database-url',
      store[3] ?? '',
      '--redis-url',
      redis.url,
    ];
  }

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    folder = mkdtempSync(path.join(os.tmpdir(), 'newsroom-collab-multi-'));
    store = [
      '--data-dir',
      path.join(folder, 'cli'),
      '--database-url',
      await postgres.createDatabase(),
    ];
    await addNewsroomPeople(store, STAFF);
    [first, second] = await Promise.all([
      startNewsroomServer(serverArgs('one')),
      startNewsroomServer(serverArgs('two')),
    ]);
  }, 120_000);
  afterAll(async () => {
    clients.closeClients();
    await Promise.all([first.stop(), second.stop()]);
    await Promise.all([postgres.stop(), redis.stop()]);
    rmSync(folder, { recursive: true, force: true });
  });

  function story(headline: string): Promise<{ id: string; reporter: string }> {
    return createStory(first.url, headline);
  }

  it('relays typing across processes and tells the clients of both what either stored', async () => {
    const { id, reporter } = await story('Xihui Park lantern fair');
    const writer = clients.connect({ url: first.url, storyId: id, token: reporter });
    const reader = await clients.connectAs(second.url, id, 'wang');
    await reader.waitFor(() => reader.rights() !== null, 'the reader’s rights');
    const typedAt = Date.now();
    writer.addParagraph('Lanterns from thirty villages.');
    await reader.waitFor(() => reader.text() === 'Lanterns from thirty villages.', 'the text');
    const relayMs = Date.now() - typedAt;
    await reader.waitFor(() => reader.isSynced(), 'a stored message on the other process');
    await writer.waitFor(() => writer.isSynced(), 'a stored message on the writer’s process');
    expect({ relayedWithinSeconds: relayMs < 5000 }).toEqual({ relayedWithinSeconds: true });
  });

  it('switches a connection on one process when a transition is made on the other', async () => {
    const { id, reporter } = await story('Nanchang Street reopens');
    const onSecond = await clients.connectAs(second.url, id, 'li.wei');
    await onSecond.waitFor(() => onSecond.rights()?.canEdit === true, 'writable rights');
    const submittedAt = Date.now();
    await newsroomValue(first.url, 'story:transition', { id, action: 'submit' }, reporter);
    await onSecond.waitFor(() => onSecond.rights()?.canEdit === false, 'read-only', 5000);
    expect({ rights: onSecond.rights(), withinSeconds: Date.now() - submittedAt < 5000 }).toEqual({
      rights: { type: 'rights', canEdit: false, why: SUBMITTED_LINE },
      withinSeconds: true,
    });
  });

  it('leaves the stored copy unchanged when a reporter on one process writes to a submitted story', async () => {
    const { id, reporter } = await story('Meiyuan plum blossom festival');
    const filer = clients.connect({ url: first.url, storyId: id, token: reporter });
    filer.addParagraph('Filed text.');
    await filer.waitFor(() => filer.isSynced(), 'the filed text stored');
    await newsroomValue(first.url, 'story:transition', { id, action: 'submit' }, reporter);
    await filer.waitFor(() => filer.rights()?.canEdit === false, 'read-only on the first');
    const editor = await clients.connectAs(first.url, id, 'wang');
    const late = await clients.connectAs(second.url, id, 'li.wei');
    await late.waitFor(() => late.text() === 'Filed text.', 'the text on the second');
    late.type(' Sneaked in on the other process.');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const editorCopy = await newsroomValue<{ state: string }>(
      first.url,
      'story:body',
      { id },
      await signIn(first.url, 'wang'),
    );
    expect({
      rights: late.rights(),
      editorSees: editor.text(),
      stored: textOfDoc(docOfState(Buffer.from(editorCopy.state, 'base64'))),
    }).toEqual({
      rights: { type: 'rights', canEdit: false, why: SUBMITTED_LINE },
      editorSees: 'Filed text.',
      stored: 'Filed text.',
    });
  });

  it('pushes a story submitted on one process to a workstation listening on the other', async () => {
    const editor = await signIn(second.url, 'wang');
    const stream = listenToEvents(second.url, editor);
    const { id, reporter } = await story('Grand Canal cleanup');
    // The change cursor with the new story in it: only a later cursor tells of the submission.
    const { cursor: created } = await newsroomValue<{ cursor: number }>(
      second.url,
      'stories:changes',
      { since: 0 },
      editor,
    );
    const changeCursor = (data: string) =>
      Number(/^\{"type":"change","cursor":(\d+)\}$/.exec(data)?.[1] ?? -1);
    // Listening, and told of the new story, before the submission (not part of what is timed).
    if ((await stream.waitFor((data) => changeCursor(data) >= created, 20_000)) === null)
      throw new Error('The event stream did not tell of the new story.');
    const submittedAt = Date.now();
    await newsroomValue(first.url, 'story:transition', { id, action: 'submit' }, reporter);
    const pushed = await stream.waitFor((data) => changeCursor(data) > created, 5000);
    const pushedMs = (pushed?.at ?? Number.POSITIVE_INFINITY) - submittedAt;
    await stream.close();
    const changes = await newsroomValue<{ stories: Array<{ id: string; state: string }> }>(
      second.url,
      'stories:changes',
      { since: 0 },
      editor,
    );
    expect({
      pushedWithinSeconds: pushedMs < 3000,
      state: changes.stories.find((item) => item.id === id)?.state,
    }).toEqual({ pushedWithinSeconds: true, state: 'submitted' });
  });

  it('merges the offline edits of clients on different processes', async () => {
    const { id, reporter } = await story('Lihu Lake marathon');
    const laptop = clients.connect({ url: first.url, storyId: id, token: reporter });
    const desk = await clients.connectAs(second.url, id, 'wang');
    laptop.addParagraph('Lede.');
    await desk.waitFor(() => desk.text() === 'Lede.', 'the lede on the desk');
    await addParagraphsOffline([
      [laptop, 'From the laptop, offline.'],
      [desk, 'From the desk, offline.'],
    ]);
    await laptop.waitFor(() => laptop.isSynced(), 'stored, seen from the laptop');
    await desk.waitFor(() => desk.isSynced(), 'stored, seen from the desk');
    expect(laptop.text()).toBe(desk.text());
  });

  it('closes a disabled account’s sockets on both processes within seconds', async () => {
    const { id } = await story('Disabled account story');
    const sunFirst = await clients.connectAs(first.url, id, 'sun');
    const sunSecond = await clients.connectAs(second.url, id, 'sun', { tokenIn: 'header' });
    await sunFirst.waitFor(() => sunFirst.rights() !== null, 'rights on the first');
    await sunSecond.waitFor(() => sunSecond.rights() !== null, 'rights on the second');
    const result = await runNewsroomCommand(['user', 'disable', ...store, '--login', 'sun']);
    expect(result.code).toBe(0);
    // Within seconds of the command: its own start-up on a loaded machine is not the server's time.
    await sunFirst.waitFor(() => sunFirst.socketCloses.length > 0, 'closed on the first', 5000);
    await sunSecond.waitFor(() => sunSecond.socketCloses.length > 0, 'closed on the second', 5000);
    expect([sunFirst.socketCloses[0]?.code, sunSecond.socketCloses[0]?.code]).toEqual([4401, 4401]);
  });

  it('keeps through kill -9 of one process what it said it stored, for a client of the other', async () => {
    const { id, reporter } = await story('Kill nine on PostgreSQL');
    const writer = clients.connect({ url: first.url, storyId: id, token: reporter });
    writer.addParagraph('Durable before the kill.');
    await writer.waitFor(() => writer.isSynced(), 'stored');
    await first.stop('SIGKILL');
    writer.close();
    const fresh = await clients.connectAs(second.url, id, 'wang');
    await fresh.waitFor(() => fresh.text() === 'Durable before the kill.', 'the text on the other');
    await fresh.waitFor(() => fresh.isSynced(), 'the stored message on connecting');
    first = await startNewsroomServer(serverArgs('one'));
    expect(fresh.text()).toBe('Durable before the kill.');
  });
});
