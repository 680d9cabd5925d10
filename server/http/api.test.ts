import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../accounts/accounts';
import { STORE_KINDS } from '../store/testing/storeHarness';
import { stateOfBody } from '../stories/storyBody';
import {
  useNewsroomHarness,
  TEST_PASSWORD,
  type NewsroomHarness,
} from '../testing/newsroomHarness';

describe.each(STORE_KINDS)('the HTTP API on the %s store', (kind) => {
  let harness: NewsroomHarness;
  useNewsroomHarness(kind, (started) => (harness = started));

  /** A story of Li Wei's that passes the publish gate, in the state asked for. */
  async function completeStory(state: 'draft' | 'submitted' | 'approved'): Promise<string> {
    const { id } = await harness.value(
      'story:create',
      { headline: 'Wuxi reaps strong partnership', byline: 'Li Wei' },
      'reporter',
    );
    await harness.value(
      'story:update',
      {
        id,
        changes: { slug: 'wuxi-iot', section: 'business' },
        base: { slug: '', section: 'news' },
      },
      'reporter',
    );
    await harness.newsroom.bodies.save(
      id,
      stateOfBody([
        { type: 'paragraph', children: [{ text: 'The city of Wuxi entered a partnership.' }] },
      ]),
    );
    if (state === 'draft') return id;
    await harness.value('story:transition', { id, action: 'submit' }, 'reporter');
    if (state === 'submitted') return id;
    await harness.value('story:transition', { id, action: 'approve' }, 'editor');
    return id;
  }

  it('answers server:info without a token', async () => {
    expect(await harness.call('server:info', {})).toEqual({
      status: 200,
      body: { ok: true, value: { version: 'test', contract: 1 } },
    });
  });

  it('answers 401 without a token or with a bad one, before reading the input', async () => {
    const missing = await harness.call('story:create', 'not even an object');
    const response = await fetch(`${harness.url}/api/story:create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer made-up' },
      body: '{',
    });
    expect([missing, { status: response.status, body: await response.json() }]).toEqual([
      {
        status: 401,
        body: {
          ok: false,
          error: {
            code: 'unauthorized',
            message: 'Sign in first: this call needs a session token.',
          },
        },
      },
      {
        status: 401,
        body: {
          ok: false,
          error: { code: 'unauthorized', message: 'Your session has ended: sign in again.' },
        },
      },
    ]);
  });

  it('tells a disabled account’s sessions that the account is disabled, and an enable revives none', async () => {
    await harness.newsroom.accounts.add(
      { login: 'sun.li', name: 'Sun Li', role: 'reporter', password: TEST_PASSWORD },
      'test',
    );
    const signedIn = await harness.newsroom.accounts.signIn('sun.li', TEST_PASSWORD, 'test');
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    const token = signedIn.value.token;
    async function answer(channel: string, path = `/api/${channel}`) {
      const response = await fetch(`${harness.url}${path}`, {
        method: path.startsWith('/api/events') ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        ...(path.startsWith('/api/events') ? {} : { body: '{}' }),
      });
      return { status: response.status, body: await response.json() };
    }
    await harness.newsroom.accounts.disable('sun.li', 'test');
    const whileDisabled = [await answer('session:get'), await answer('', '/api/events')];
    await harness.newsroom.accounts.enable('sun.li', 'test');
    const afterEnable = await answer('session:get');
    const disabled = {
      status: 401,
      body: {
        ok: false,
        error: {
          code: 'account_disabled',
          message: 'This account is disabled: ask the newsroom’s administrator.',
        },
      },
    };
    expect([...whileDisabled, afterEnable]).toEqual([
      disabled,
      disabled,
      {
        status: 401,
        body: {
          ok: false,
          error: { code: 'unauthorized', message: 'Your session has ended: sign in again.' },
        },
      },
    ]);
  });

  it('refuses in the order 401, 403, 409, 400', async () => {
    const approved = await completeStory('approved');
    const draft = await completeStory('draft');
    const answers = await Promise.all([
      // A reporter may never publish: 403, though the input is also bad.
      harness.call(
        'story:transition',
        { id: approved, action: 'publish', colour: 'red' },
        'reporter',
      ),
      // Another reporter's story: 403 for the owner rule, though the changes are bad.
      harness.call(
        'story:update',
        { id: draft, changes: { headline: 42 }, base: {} },
        'otherReporter',
      ),
      // The photo desk never edits the text: 403.
      harness.call(
        'story:update',
        { id: draft, changes: { headline: 'x' }, base: { headline: 5 } },
        'photoDesk',
      ),
      // An editor may publish, but not a draft, and the input is bad too: 409 with the reasons.
      harness.call('story:transition', { id: draft, action: 'publish', colour: 'red' }, 'editor'),
      // Scheduling needs a time: the requirement (409) outranks the malformed value (400).
      harness.call(
        'story:transition',
        { id: approved, action: 'schedule', scheduledAt: 'tomorrow' },
        'editor',
      ),
      // Allowed, but the input is bad: 400.
      harness.call(
        'story:transition',
        { id: approved, action: 'publish', colour: 'red' },
        'editor',
      ),
      // Only editors change the profile, whatever they send: 403.
      harness.call('profile:update', { profile: 'garbage' }, 'reporter'),
      harness.call('story:get', { id: '019ac0de-0000-7000-8000-00000000ffff' }, 'reporter'),
    ]);
    expect(answers.map(({ status, body }) => [status, body.ok ? null : body.error])).toEqual([
      [
        403,
        {
          code: 'forbidden',
          message: 'Publish: only an editor may do this; you work as a reporter.',
          reasons: ['Publish: only an editor may do this; you work as a reporter.'],
        },
      ],
      [
        403,
        {
          code: 'forbidden',
          message: 'This story belongs to Li Wei: you can read it but not change it.',
          reasons: ['This story belongs to Li Wei: you can read it but not change it.'],
        },
      ],
      [
        403,
        {
          code: 'forbidden',
          message: 'As photo desk you may not change the story fields.',
          reasons: ['The photo desk edits the lead photo and figures; the text is the newsroom’s.'],
        },
      ],
      [
        409,
        {
          code: 'conflict',
          message: 'Publish was refused.',
          reasons: ['Publish: the story must be approved; it is draft.'],
        },
      ],
      [
        409,
        {
          code: 'conflict',
          message: 'Schedule was refused.',
          reasons: ['Publish at: choose a date and time.'],
        },
      ],
      [
        400,
        {
          code: 'invalid_input',
          message: 'The request was refused: some values are not valid.',
          reasons: [expect.stringMatching(/colour/)],
        },
      ],
      [
        403,
        {
          code: 'forbidden',
          message: 'Only an editor may change the portal profile.',
          reasons: ['Only an editor may change the portal profile.'],
        },
      ],
      [
        404,
        {
          code: 'not_found',
          message: 'There is no story 019ac0de-0000-7000-8000-00000000ffff on this server.',
        },
      ],
    ]);
  });

  it('refuses a reporter’s publish with 403 and publishes the editor’s on the server', async () => {
    const id = await completeStory('approved');
    expect(
      (await harness.call('story:transition', { id, action: 'publish' }, 'reporter')).status,
    ).toBe(403);
    const published = await harness.value('story:transition', { id, action: 'publish' }, 'editor');
    expect([published.state, published.publishing, published.event.actorLogin]).toEqual([
      'published',
      'server',
      'wang',
    ]);
    const page = await readFile(
      path.join(harness.newsroom.publishDir, 'current', published.story.publishedPath ?? ''),
      'utf8',
    );
    expect(page).toContain('Wuxi reaps strong partnership');
  });

  it('refuses `release` from any client', async () => {
    const id = await completeStory('approved');
    const answers = await Promise.all(
      (['reporter', 'editor', 'photoDesk'] as const).map((who) =>
        harness.call('story:transition', { id, action: 'release' }, who),
      ),
    );
    expect(answers.map(({ status }) => status)).toEqual([403, 403, 403]);
  });

  it('refuses a body over 1 MB with 413, deep JSON and broken JSON with 400, and other types with 415', async () => {
    async function post(body: string, contentType = 'application/json') {
      const response = await fetch(`${harness.url}/api/story:create`, {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
          Authorization: `Bearer ${harness.tokens.reporter}`,
        },
        body,
      });
      const answer = (await response.json()) as { error: { code: string } };
      return [response.status, answer.error.code];
    }
    expect([
      await post(JSON.stringify({ headline: 'x'.repeat(1024 * 1024) })),
      await post(`${'['.repeat(40)}${']'.repeat(40)}`),
      await post('{"headline": '),
      await post('headline=x', 'application/x-www-form-urlencoded'),
    ]).toEqual([
      [413, 'too_large'],
      [400, 'invalid_input'],
      [400, 'invalid_input'],
      [415, 'unsupported'],
    ]);
    const get = await fetch(`${harness.url}/api/stories:list`);
    expect(get.status).toBe(405);
    // A broken escape in the channel is an unknown channel (after the token check), not a crash.
    const broken = await fetch(`${harness.url}/api/story%E0%A4%A:get`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${harness.tokens.reporter}`,
      },
      body: '{}',
    });
    expect(broken.status).toBe(404);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });

  it('answers 429 with Retry-After after 10 failed sign-ins for a login', async () => {
    await harness.newsroom.accounts.add(
      { login: 'liu', name: 'Liu Yang', role: 'reporter', password: TEST_PASSWORD },
      'test',
    );
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1)
      expect(
        (await harness.call('session:create', { login: 'liu', password: 'not it at all' })).status,
      ).toBe(401);
    const response = await fetch(`${harness.url}/api/session:create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'liu', password: TEST_PASSWORD }),
    });
    const body = (await response.json()) as { error: { code: string } };
    expect([
      response.status,
      body.error.code,
      Number(response.headers.get('retry-after')) > 800,
    ]).toEqual([429, 'too_many_attempts', true]);
  });

  it('signs out, ends the session, and tells the account as the server knows it', async () => {
    const session = await harness.value(
      'session:create',
      { login: 'zhao', password: TEST_PASSWORD },
      'editor',
    );
    const token = session.token;
    async function as(channel: string) {
      const response = await fetch(`${harness.url}/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: '{}',
      });
      return [response.status, ((await response.json()) as { value?: unknown }).value];
    }
    expect(await as('session:get')).toEqual([
      200,
      { user: { login: 'zhao', name: 'Zhao Min', role: 'reporter' }, expiresAt: session.expiresAt },
    ]);
    expect(await as('session:delete')).toEqual([200, {}]);
    expect((await as('session:get'))[0]).toBe(401);
  });

  it('changes one’s own password through the API', async () => {
    const session = await harness.value(
      'session:create',
      { login: 'chen', password: TEST_PASSWORD },
      'editor',
    );
    const response = await fetch(`${harness.url}/api/account:changePassword`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'photo desk secret' }),
    });
    expect(response.status).toBe(200);
    expect(
      (await harness.call('session:create', { login: 'chen', password: 'photo desk secret' }))
        .status,
    ).toBe(200);
    expect((await harness.call('session:get', {}, 'photoDesk')).status).toBe(401);
  });
});
