import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS, startStoreHarness, type StoreHarness } from '../store/testing/storeHarness';
import {
  COMMAND_LINE_ACTOR,
  createAccounts,
  hashToken,
  MAX_FAILED_SIGN_INS,
  SIGN_IN_WINDOW_MS,
  type Accounts,
} from './accounts';

const START = Date.UTC(2026, 10, 27, 1, 0);
const PASSWORD = 'correct horse battery';

describe.each(STORE_KINDS)('accounts and sessions on the %s store', (kind) => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await startStoreHarness(kind);
  }, 60_000);
  afterAll(async () => harness.stop());

  async function setUp(sessionDays = 30) {
    const store = await harness.open();
    const clock = { now: START };
    const accounts: Accounts = createAccounts({ store, sessionDays, now: () => clock.now });
    const added = await accounts.add(
      { login: 'Li.Wei', name: 'Li Wei', role: 'reporter', password: PASSWORD },
      COMMAND_LINE_ACTOR,
    );
    if (!added.ok) throw new Error(added.error.message);
    return { store, clock, accounts };
  }

  async function signedIn(accounts: Accounts, password = PASSWORD) {
    const result = await accounts.signIn('li.wei', password, '127.0.0.1');
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  it('adds an account with a lower-cased login and lists it', async () => {
    const { accounts } = await setUp();
    expect(await accounts.list()).toEqual([
      { login: 'li.wei', name: 'Li Wei', role: 'reporter', isDisabled: false, createdAt: START },
    ]);
  });

  it('refuses a taken login, an unknown role, a bad login and a short password, each saying why', async () => {
    const { accounts } = await setUp();
    const attempts = await Promise.all([
      accounts.add({ login: 'li.wei', name: 'Other', role: 'editor', password: PASSWORD }, 'x'),
      accounts.add({ login: 'zhang', name: 'Zhang', role: 'admin', password: PASSWORD }, 'x'),
      accounts.add({ login: 'no spaces', name: 'Zhang', role: 'editor', password: PASSWORD }, 'x'),
      accounts.add({ login: 'zhang', name: 'Zhang', role: 'editor', password: 'short' }, 'x'),
      accounts.add({ login: 'zhang', name: '  ', role: 'editor', password: PASSWORD }, 'x'),
    ]);
    expect(attempts).toEqual([
      { ok: false, error: { code: 'conflict', message: 'The login "li.wei" is taken already.' } },
      {
        ok: false,
        error: { code: 'invalid_input', message: 'A role is one of reporter, editor, photo_desk.' },
      },
      {
        ok: false,
        error: {
          code: 'invalid_input',
          message: 'A login is 1–64 lower-case letters, digits, ".", "-" or "_".',
        },
      },
      {
        ok: false,
        error: { code: 'invalid_input', message: 'A password has at least 8 characters.' },
      },
      { ok: false, error: { code: 'invalid_input', message: 'A name is needed.' } },
    ]);
    expect((await accounts.list()).map((account) => account.login)).toEqual(['li.wei']);
  });

  it('stores an argon2id hash and only the hash of each session token', async () => {
    const { store, accounts } = await setUp();
    const { token } = await signedIn(accounts);
    const user = await store.db
      .selectFrom('users')
      .select('password_hash')
      .executeTakeFirstOrThrow();
    const sessions = await store.db.selectFrom('sessions').select('token_hash').execute();
    expect({
      isArgon2id: user.password_hash.startsWith('$argon2id$'),
      hasPassword: user.password_hash.includes(PASSWORD),
      sessions: sessions.map((session) => session.token_hash),
    }).toEqual({ isArgon2id: true, hasPassword: false, sessions: [hashToken(token)] });
  });

  it('signs in with the right password and recognises the token until it expires', async () => {
    const { clock, accounts } = await setUp(2);
    const session = await signedIn(accounts);
    expect(session.user).toEqual({ login: 'li.wei', name: 'Li Wei', role: 'reporter' });
    expect(session.expiresAt).toBe(START + 2 * 86_400_000);
    const user = await accounts.authenticate(session.token);
    expect(user).toEqual({
      id: expect.any(String),
      login: 'li.wei',
      name: 'Li Wei',
      role: 'reporter',
      sessionHash: hashToken(session.token),
      expiresAt: START + 2 * 86_400_000,
    });
    clock.now = START + 2 * 86_400_000;
    expect(await accounts.authenticate(session.token)).toBeNull();
    expect(await accounts.authenticate('made-up-token')).toBeNull();
  });

  it('answers a wrong password and an unknown login alike', async () => {
    const { accounts } = await setUp();
    expect([
      await accounts.signIn('li.wei', 'wrong password', '127.0.0.1'),
      await accounts.signIn('nobody', PASSWORD, '127.0.0.1'),
    ]).toEqual([
      {
        ok: false,
        error: { code: 'unauthorized', message: 'The login or password is not right.' },
      },
      {
        ok: false,
        error: { code: 'unauthorized', message: 'The login or password is not right.' },
      },
    ]);
  });

  it('refuses sign-in for 15 minutes after 10 failures within them, even with the right password', async () => {
    const { clock, accounts } = await setUp();
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1) {
      clock.now = START + attempt * 60_000;
      const result = await accounts.signIn('li.wei', `wrong ${attempt}`, '127.0.0.1');
      expect(result.ok ? 'signed in' : result.error.code).toBe('unauthorized');
    }
    clock.now = START + 10 * 60_000;
    expect(await accounts.signIn('li.wei', PASSWORD, '127.0.0.1')).toEqual({
      ok: false,
      error: {
        code: 'too_many_attempts',
        message: 'Too many failed sign-ins for "li.wei": try again in 5 min.',
        retryAt: START + SIGN_IN_WINDOW_MS,
      },
    });
    clock.now = START + SIGN_IN_WINDOW_MS;
    expect((await accounts.signIn('li.wei', PASSWORD, '127.0.0.1')).ok).toBe(true);
  });

  it('counts failures per login: another login still signs in', async () => {
    const { clock, accounts } = await setUp();
    await accounts.add(
      { login: 'wang', name: 'Wang Fang', role: 'editor', password: PASSWORD },
      'x',
    );
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1)
      await accounts.signIn('li.wei', 'wrong', '127.0.0.1');
    clock.now += 1000;
    const results = await Promise.all([
      accounts.signIn('li.wei', PASSWORD, '127.0.0.1'),
      accounts.signIn('wang', PASSWORD, '127.0.0.1'),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
      'too_many_attempts',
      'ok',
    ]);
  });

  it('ends the session on sign-out', async () => {
    const { accounts } = await setUp();
    const { token } = await signedIn(accounts);
    const user = await accounts.authenticate(token);
    if (user === null) throw new Error('not signed in');
    await accounts.signOut(user);
    expect(await accounts.authenticate(token)).toBeNull();
  });

  it('ends every session of a disabled account and refuses its sign-in, until enabled', async () => {
    const { accounts } = await setUp();
    const sessions = [await signedIn(accounts), await signedIn(accounts)];
    const disabled = await accounts.disable('li.wei', COMMAND_LINE_ACTOR);
    expect(disabled.ok && disabled.value.isDisabled).toBe(true);
    expect(
      await Promise.all(sessions.map((session) => accounts.authenticate(session.token))),
    ).toEqual([null, null]);
    expect(await accounts.signIn('li.wei', PASSWORD, '127.0.0.1')).toEqual({
      ok: false,
      error: {
        code: 'unauthorized',
        message: 'This account is disabled: ask the newsroom’s administrator.',
      },
    });
    await accounts.enable('li.wei', COMMAND_LINE_ACTOR);
    expect((await accounts.signIn('li.wei', PASSWORD, '127.0.0.1')).ok).toBe(true);
  });

  it('gives a changed role to the sessions already open', async () => {
    const { accounts } = await setUp();
    const { token } = await signedIn(accounts);
    await accounts.setRole('li.wei', 'editor', COMMAND_LINE_ACTOR);
    expect((await accounts.authenticate(token))?.role).toBe('editor');
  });

  it('resets a password: the old one and every session stop working', async () => {
    const { accounts } = await setUp();
    const { token } = await signedIn(accounts);
    expect((await accounts.resetPassword('li.wei', 'a brand new secret', 'x')).ok).toBe(true);
    expect(await accounts.authenticate(token)).toBeNull();
    expect((await accounts.signIn('li.wei', PASSWORD, '127.0.0.1')).ok).toBe(false);
    expect((await accounts.signIn('li.wei', 'a brand new secret', '127.0.0.1')).ok).toBe(true);
  });

  it('lets a person change their own password, keeping this session and ending the others', async () => {
    const { accounts } = await setUp();
    const here = await signedIn(accounts);
    const elsewhere = await signedIn(accounts);
    const user = await accounts.authenticate(here.token);
    if (user === null) throw new Error('not signed in');
    expect(await accounts.changePassword(user, 'not it', 'another good secret')).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Current password: it is not right.' },
    });
    expect(await accounts.changePassword(user, PASSWORD, 'another good secret')).toEqual({
      ok: true,
      value: {},
    });
    expect([
      (await accounts.authenticate(here.token))?.login ?? null,
      await accounts.authenticate(elsewhere.token),
    ]).toEqual(['li.wei', null]);
  });

  it('audits sign-ins, failures, role changes, disables and password changes, with no password', async () => {
    const { clock, accounts } = await setUp();
    clock.now += 1;
    await accounts.signIn('li.wei', 'a wrong guess', '10.1.2.3');
    clock.now += 1;
    await signedIn(accounts);
    clock.now += 1;
    await accounts.setRole('li.wei', 'editor', COMMAND_LINE_ACTOR);
    clock.now += 1;
    await accounts.resetPassword('li.wei', 'a brand new secret', COMMAND_LINE_ACTOR);
    clock.now += 1;
    await accounts.disable('li.wei', COMMAND_LINE_ACTOR);
    const audit = await accounts.audit({ login: 'li.wei' });
    expect(audit.map(({ action, actor, detail }) => [action, actor, detail])).toEqual([
      ['account added', 'command line', 'role reporter'],
      ['sign-in failed', 'li.wei', 'wrong password, from 10.1.2.3'],
      ['signed in', 'li.wei', 'from 127.0.0.1'],
      ['role changed', 'command line', 'reporter → editor'],
      ['password reset', 'command line', '1 session(s) ended'],
      ['account disabled', 'command line', '0 session(s) ended'],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/a wrong guess|brand new secret|correct horse/);
  });
});
