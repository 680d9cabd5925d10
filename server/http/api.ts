import type { z } from 'zod';
import {
  NEWSROOM_CONTRACT,
  newsroomChannels,
  PUBLIC_CHANNELS,
  STORY_FIELD_NAMES,
  type NewsroomChannelName,
  type NewsroomOutput,
  type NewsroomRequest,
  type NewsroomResult,
} from '../../shared/api/newsroom';
import type { SignedInUser } from '../accounts/accounts';
import type { Newsroom } from '../newsroom';
import { refusal, success } from '../outcome';
import {
  mayActAsDesk,
  mayEditFields,
  mayEditFigures,
  mayEditPhotos,
  maySaveVersion,
  type Actor,
  type StoryAccess,
  type Verdict,
} from '../policy/policy';

/** Who calls: the signed-in account (null on the public channels) and where from. */
export interface Caller {
  user: SignedInUser | null;
  from: string;
}

type Raw = Record<string, unknown>;

/** How one channel is served. */
interface ChannelHandler<K extends NewsroomChannelName> {
  /** The role check that needs no input: refused with 403 before the input is read. */
  guard?: (actor: Actor) => Verdict;
  /**
   * For input that does not validate: the 403, 404 or 409 it would meet anyway, which the
   * refusal order puts before its 400. Null when there is none.
   */
  precheck?: (actor: Actor, raw: Raw) => Promise<NewsroomResult<never> | null>;
  run: (caller: Caller, input: NewsroomRequest<K>) => Promise<NewsroomResult<NewsroomOutput<K>>>;
}

type Handlers = { [K in NewsroomChannelName]: ChannelHandler<K> };

function verdictResult(verdict: Verdict): NewsroomResult<never> | null {
  return verdict.allowed ? null : refusal(verdict.code, verdict.message, verdict.reasons);
}

function signedIn(caller: Caller): SignedInUser {
  if (caller.user === null) throw new Error('A signed-in channel ran without an account.');
  return caller.user;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
}

/** The API of one newsroom: validates, authorises in the contract's order, and calls the services. */
export interface Api {
  /** Whether a channel needs no token. */
  isPublic(channel: string): boolean;
  /** Answers one call; `user` is null when the channel is public. */
  call(channel: string, caller: Caller, raw: unknown): Promise<NewsroomResult<unknown>>;
}

/** Builds the API over a newsroom's services. */
export function createApi(
  newsroom: Newsroom,
  options: { version: string; log: (line: string) => void },
): Api {
  const { accounts, stories, workflow, uploader, profiles, photos, site, targets, dictionary } =
    newsroom;

  /** A precheck for channels about one story: 404, then what the policy says of the raw input. */
  function aboutStory(
    verdictOf: (actor: Actor, access: StoryAccess, raw: Raw) => Verdict | null,
  ): (actor: Actor, raw: Raw) => Promise<NewsroomResult<never> | null> {
    return async (actor, raw) => {
      if (typeof raw.id !== 'string') return null;
      const access = await stories.access(raw.id);
      if (access === null)
        return refusal('not_found', `There is no story ${raw.id} on this server.`);
      const verdict = verdictOf(actor, access, raw);
      return verdict === null ? null : verdictResult(verdict);
    };
  }
  const storyExists = aboutStory(() => null);
  const deskOnly = (what: string) => (actor: Actor) => mayActAsDesk(actor, what);

  const handlers: Handlers = {
    'server:info': {
      run: async () => success({ version: options.version, contract: NEWSROOM_CONTRACT }),
    },
    'session:create': {
      run: (caller, input) => accounts.signIn(input.login, input.password, caller.from),
    },
    'session:delete': {
      run: async (caller) => {
        await accounts.signOut(signedIn(caller));
        return success({});
      },
    },
    'session:get': {
      run: async (caller) => {
        const user = signedIn(caller);
        return success({
          user: { login: user.login, name: user.name, role: user.role },
          expiresAt: user.expiresAt,
        });
      },
    },
    'account:changePassword': {
      run: (caller, input) =>
        accounts.changePassword(signedIn(caller), input.currentPassword, input.newPassword),
    },
    'accounts:list': {
      guard: deskOnly('see the newsroom’s accounts'),
      run: async () =>
        success(
          (await accounts.list()).map((account) => ({
            login: account.login,
            name: account.name,
            role: account.role,
            isDisabled: account.isDisabled,
          })),
        ),
    },
    'profile:get': { run: async () => success(await profiles.get()) },
    'profile:update': {
      guard: deskOnly('change the portal profile'),
      run: (_caller, input) => profiles.set(input.profile),
    },
    'story:create': { run: (caller, input) => stories.create(signedIn(caller), input) },
    'stories:list': { run: async (_caller, input) => success(await stories.list(input)) },
    'story:get': { precheck: storyExists, run: (_caller, input) => stories.get(input.id) },
    'story:update': {
      precheck: aboutStory((actor, access, raw) => {
        const changes =
          typeof raw.changes === 'object' && raw.changes !== null ? Object.keys(raw.changes) : [];
        const fields = STORY_FIELD_NAMES.filter((field) => changes.includes(field));
        return mayEditFields(actor, access, fields);
      }),
      run: (caller, input) => stories.update(signedIn(caller), input),
    },
    'story:editFigures': {
      precheck: aboutStory((actor, access) => mayEditFigures(actor, access)),
      run: (caller, input) => stories.editFigures(signedIn(caller), input),
    },
    'story:body': { precheck: storyExists, run: (_caller, input) => stories.body(input.id) },
    'story:reassign': {
      guard: deskOnly('reassign a story'),
      precheck: storyExists,
      run: (caller, input) => stories.reassign(signedIn(caller), input),
    },
    'story:transition': {
      precheck: async (actor, raw) =>
        (await storyExists(actor, raw)) ?? workflow.precheck(actor, raw),
      run: (caller, input) => workflow.transition(signedIn(caller), input),
    },
    'story:recordPublication': {
      guard: deskOnly('record a publication'),
      precheck: storyExists,
      run: (caller, input) => stories.recordPublication(signedIn(caller), input),
    },
    'story:trail': { precheck: storyExists, run: (_caller, input) => stories.trail(input.id) },
    'story:addNote': {
      precheck: storyExists,
      run: (caller, input) => stories.addNote(signedIn(caller), input),
    },
    'story:notes': { precheck: storyExists, run: (_caller, input) => stories.notes(input.id) },
    'story:versions': {
      precheck: storyExists,
      run: (_caller, input) => stories.versions(input.id),
    },
    'story:version': {
      precheck: storyExists,
      run: (_caller, input) => stories.version(input.id, input.versionId),
    },
    'story:saveVersion': {
      precheck: aboutStory((actor, access) => maySaveVersion(actor, access)),
      run: (caller, input) => stories.saveVersion(signedIn(caller), input),
    },
    'story:fieldHistory': {
      precheck: storyExists,
      run: (_caller, input) => stories.fieldHistory(input.id),
    },
    'stories:changes': { run: async (_caller, input) => success(await stories.changes(input)) },
    'stories:upload': {
      run: async (caller, input) => success(await uploader.upload(signedIn(caller), input)),
    },
    'photo:exists': {
      run: async (_caller, input) => success({ exists: await photos.exists(input.sha256) }),
    },
    'photo:get': {
      run: async (_caller, input) => {
        const photo = await photos.get(input.id);
        return photo === null
          ? refusal('not_found', 'That photo is not in the newsroom’s library.')
          : success(photo);
      },
    },
    'photos:changes': { run: async (_caller, input) => success(await photos.changes(input)) },
    'photo:update': {
      guard: mayEditPhotos,
      run: (caller, input) => photos.update(signedIn(caller), input),
    },
    'photos:caption': {
      guard: mayEditPhotos,
      run: (caller, input) => photos.caption(signedIn(caller), input),
    },
    'portal:context': {
      run: async (_caller, input) => {
        const context = await site.context(input.storyId, input.photoIds);
        return context.ok
          ? success(context.value)
          : refusal('internal', context.error.message, context.error.details);
      },
    },
    'targets:status': { run: async () => success(await targets.status()) },
    'words:list': { run: async () => success(await dictionary.list()) },
    'words:add': { run: (caller, input) => dictionary.add(signedIn(caller).login, input.word) },
  };

  function isChannel(name: string): name is NewsroomChannelName {
    return Object.hasOwn(newsroomChannels, name);
  }

  async function dispatch<K extends NewsroomChannelName>(
    channel: K,
    caller: Caller,
    raw: unknown,
  ): Promise<NewsroomResult<unknown>> {
    const handler = handlers[channel] as ChannelHandler<K>;
    const spec = newsroomChannels[channel];
    const user = caller.user;
    if (user !== null && handler.guard !== undefined) {
      const refused = verdictResult(handler.guard(user));
      if (refused !== null) return refused;
    }
    // `{}` is what an empty body means; anything but an object is bad input.
    const parsed = spec.input.safeParse(raw ?? {});
    if (!parsed.success) {
      if (
        user !== null &&
        handler.precheck !== undefined &&
        typeof raw === 'object' &&
        raw !== null &&
        !Array.isArray(raw)
      ) {
        const refused = await handler.precheck(user, raw as Raw);
        if (refused !== null) return refused;
      }
      return refusal(
        'invalid_input',
        'The request was refused: some values are not valid.',
        describeIssues(parsed.error),
      );
    }
    const result = await handler.run(caller, parsed.data as NewsroomRequest<K>);
    if (!result.ok) return result;
    const checked = spec.output.safeParse(result.value);
    if (!checked.success) {
      options.log(
        `${channel} answered outside its schema: ${describeIssues(checked.error).join('; ')}`,
      );
      return refusal('internal', 'The server produced an unexpected answer; nothing was sent.');
    }
    return success(checked.data);
  }

  return {
    isPublic: (channel) => isChannel(channel) && PUBLIC_CHANNELS.has(channel),
    async call(channel, caller, raw) {
      if (!isChannel(channel))
        return refusal('not_found', `There is no API channel named "${channel}".`);
      return dispatch(channel, caller, raw);
    },
  };
}
