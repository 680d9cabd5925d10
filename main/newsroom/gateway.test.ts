import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWSROOM_CONTRACT } from '../../shared/api/newsroom';
import {
  NEWSROOM_PASSWORD,
  NEWSROOM_PEOPLE,
  startTestNewsroom,
  type TestNewsroom,
} from '../../tests/support/newsroom';
import { openTestGateway, untilGateway } from '../../tests/support/gateway';
import { callNewsroom } from '../../tests/support/newsroomServer';
import type { NewsroomGateway } from './gateway';

const reporter = NEWSROOM_PEOPLE.reporter;

function keptToken(dataDir: string): string {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'newsroom-session.json'), 'utf8')) as {
    token: { sealed: string } | null;
  };
  return file.token === null ? '' : Buffer.from(file.token.sealed, 'base64').toString('utf8');
}

describe('the newsroom gateway in main', () => {
  let newsroom: TestNewsroom;
  const folders: string[] = [];
  const gateways: NewsroomGateway[] = [];
  function workstationFolder(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'gateway-'));
    folders.push(folder);
    return folder;
  }
  function gatewayIn(folder: string): NewsroomGateway {
    const gateway = openTestGateway(folder);
    gateways.push(gateway);
    return gateway;
  }

  beforeAll(async () => {
    newsroom = await startTestNewsroom({
      people: [
        ...Object.values(NEWSROOM_PEOPLE),
        { login: 'sun.li', name: 'Sun Li', role: 'reporter' },
      ],
    });
  }, 120_000);
  afterAll(async () => {
    for (const gateway of gateways) gateway.close();
    await newsroom.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('signs in, keeps the token alone in a file only its owner reads, and passes calls on', async () => {
    const folder = workstationFolder();
    const gateway = gatewayIn(folder);
    await gateway.start();
    const signedIn = await gateway.signIn({
      serverUrl: newsroom.url,
      login: reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    expect(signedIn.ok).toBe(true);
    const online = await untilGateway(gateway, (status) => status.state === 'online');
    const file = path.join(folder, 'newsroom-session.json');
    const created = await gateway.call('story:create', { headline: 'Wuxi metro line 6 opens' });
    const badInput = await gateway.call('story:create', { headline: 42 });
    expect({
      status: { ...online, revision: 0, cursor: 0 },
      mode: (statSync(file).mode & 0o777).toString(8),
      holdsPassword: readFileSync(file, 'utf8').includes(NEWSROOM_PASSWORD),
      created: created.ok,
      badInput,
    }).toEqual({
      status: {
        revision: 0,
        state: 'online',
        serverUrl: newsroom.url,
        user: reporter,
        login: reporter.login,
        message: null,
        cursor: 0,
        profileUpdatedAt: 0,
        wordsCursor: 0,
        collabUrl: '/newsroom/collab',
        retryAt: null,
      },
      mode: '600',
      holdsPassword: false,
      created: true,
      badInput: {
        ok: false,
        error: {
          code: 'invalid_input',
          message: 'The request was refused: some values are not valid.',
          details: ['headline: Invalid input: expected string, received number'],
        },
      },
    });
    // The change made through the gateway comes back as a newer cursor on the event stream.
    await untilGateway(gateway, (status) => status.cursor > online.cursor);
    // So does a word added to the newsroom's dictionary, as a newer words cursor.
    const word = await gateway.call('words:add', { word: 'Huishan' });
    expect(word.ok).toBe(true);
    await untilGateway(gateway, (status) => status.wordsCursor > online.wordsCursor);
  });

  it('signs out on the server too: the kept token is refused afterwards', async () => {
    const folder = workstationFolder();
    const gateway = gatewayIn(folder);
    await gateway.start();
    await gateway.signIn({
      serverUrl: newsroom.url,
      login: reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    const token = keptToken(folder);
    const signedOut = await gateway.signOut();
    const afterwards = await callNewsroom(newsroom.url, 'session:get', {}, token);
    expect({
      state: signedOut.ok ? signedOut.value.state : null,
      login: signedOut.ok ? signedOut.value.login : null,
      kept: keptToken(folder),
      status: afterwards.status,
      call: await gateway.call('stories:list', {}),
    }).toEqual({
      state: 'signedOut',
      login: reporter.login,
      kept: '',
      status: 401,
      call: {
        ok: false,
        error: {
          code: 'signed_out',
          message: 'Sign in to the newsroom first (Settings → Newsroom).',
        },
      },
    });
  });

  it('refuses a wrong password or a wrong address with a clear line, changing nothing', async () => {
    const folder = workstationFolder();
    const gateway = gatewayIn(folder);
    await gateway.start();
    const wrongPassword = await gateway.signIn({
      serverUrl: newsroom.url,
      login: reporter.login,
      password: 'not the password',
    });
    const nobodyThere = await gateway.signIn({
      serverUrl: 'http://127.0.0.1:9',
      login: reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    expect({
      wrongPassword,
      nobodyThere: nobodyThere.ok ? null : nobodyThere.error.code,
      state: gateway.status().state,
      files: readdirSync(folder),
    }).toEqual({
      wrongPassword: {
        ok: false,
        error: { code: 'unauthorized', message: 'The login or password is not right.' },
      },
      nobodyThere: 'offline',
      state: 'signedOut',
      files: [],
    });
  });

  it('goes offline when the server stops, retries with backoff and comes back online by itself', async () => {
    const folder = workstationFolder();
    const gateway = gatewayIn(folder);
    await gateway.start();
    await gateway.signIn({
      serverUrl: newsroom.url,
      login: reporter.login,
      password: NEWSROOM_PASSWORD,
    });
    await untilGateway(gateway, (status) => status.state === 'online');
    const stoppedAt = Date.now();
    await newsroom.stop();
    const offline = await untilGateway(gateway, (status) => status.state === 'offline');
    const call = await gateway.call('stories:list', {});
    await newsroom.restart();
    await untilGateway(gateway, (status) => status.state === 'online', 40_000);
    expect({
      retries: offline.retryAt !== null && offline.retryAt > stoppedAt,
      message: offline.message?.startsWith('The connection to the newsroom was lost') ?? false,
      call: call.ok ? 'ok' : call.error.code,
      afterwards: (await gateway.call('stories:list', {})).ok,
    }).toEqual({ retries: true, message: true, call: 'offline', afterwards: true });
  }, 90_000);

  it('starts again from the kept session, and hears at once that its account was disabled', async () => {
    const folder = workstationFolder();
    const first = gatewayIn(folder);
    await first.start();
    await first.signIn({ serverUrl: newsroom.url, login: 'sun.li', password: NEWSROOM_PASSWORD });
    first.close();
    const again = gatewayIn(folder);
    await again.start();
    await untilGateway(again, (status) => status.state === 'online');
    const disabled = await newsroom.command(['user', 'disable', '--login', 'sun.li']);
    const told = await untilGateway(again, (status) => status.state === 'disabled');
    expect({
      command: disabled.code,
      told: { state: told.state, message: told.message, user: told.user?.login },
      kept: keptToken(folder),
      credentials: again.credentials(),
    }).toEqual({
      command: 0,
      told: {
        state: 'disabled',
        message:
          'Your newsroom account was disabled: this workstation removes its copy of the newsroom’s stories and signs out.',
        user: 'sun.li',
      },
      kept: '',
      credentials: null,
    });
  }, 60_000);

  it('says so and sends nothing but server:info to a server of another contract version', async () => {
    const seen: string[] = [];
    const other = createServer((request, response) => {
      seen.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({ ok: true, value: { version: '9.0.0', contract: NEWSROOM_CONTRACT + 1 } }),
      );
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const gateway = gatewayIn(workstationFolder());
      await gateway.start();
      const answer = await gateway.signIn({
        serverUrl: `http://127.0.0.1:${port}`,
        login: reporter.login,
        password: NEWSROOM_PASSWORD,
      });
      expect({ answer, seen, state: gateway.status().state }).toEqual({
        answer: {
          ok: false,
          error: {
            code: 'incompatible',
            message: `The newsroom server at http://127.0.0.1:${port} is newer than this workstation (contract ${NEWSROOM_CONTRACT + 1}, this workstation speaks ${NEWSROOM_CONTRACT}): update the workstation. It stays offline and sends nothing meanwhile.`,
          },
        },
        seen: ['/api/server:info'],
        state: 'signedOut',
      });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
