import { createHash, randomBytes } from 'node:crypto';
import type { Transaction, Updateable } from 'kysely';
import type { z } from 'zod';
import {
  loginSchema,
  passwordSchema,
  personNameSchema,
  type NewsroomResult,
  type NewsroomUser,
} from '../../shared/api/newsroom';
import { isOneOf } from '../../shared/oneOf';
import { ROLES, type Role } from '../../shared/settings/settings';
import { newId } from '../ids';
import { refusal, success } from '../outcome';
import { advanceCounter } from '../store/counters';
import type { Database, UserTable } from '../store/schema';
import type { StoreServiceOptions } from '../store/store';
import { hashPassword, verifyPassword } from './passwords';

/** Failed sign-ins counted per login within this window… */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** …after this many, `session:create` answers 429 until the window has passed. */
export const MAX_FAILED_SIGN_INS = 10;
/** Who did it, in the audit, when the command line on the server's machine did. */
export const COMMAND_LINE_ACTOR = 'command line';

/** An account as the command line lists it. */
export interface AccountRecord {
  login: string;
  name: string;
  role: Role;
  isDisabled: boolean;
  createdAt: number;
}

/** The account behind a valid session token. */
export interface SignedInUser extends NewsroomUser {
  id: string;
  role: Role;
  /** Identifies the session without being the token (SHA-256 of it). */
  sessionHash: string;
  expiresAt: number;
}

/** One audit entry. */
export interface AuditRecord {
  at: number;
  action: string;
  login: string;
  actor: string;
  detail: string;
}

/** What the accounts service needs. */
export interface AccountsOptions extends StoreServiceOptions {
  /** How long a session lasts. */
  sessionDays: number;
}

/** Accounts, sessions, sign-in limits and the audit: issue 10, point 2. */
export interface Accounts {
  add(
    input: { login: string; name: string; role: string; password: string },
    actor: string,
  ): Promise<NewsroomResult<AccountRecord>>;
  list(): Promise<AccountRecord[]>;
  setRole(login: string, role: string, actor: string): Promise<NewsroomResult<AccountRecord>>;
  disable(login: string, actor: string): Promise<NewsroomResult<AccountRecord>>;
  enable(login: string, actor: string): Promise<NewsroomResult<AccountRecord>>;
  resetPassword(
    login: string,
    password: string,
    actor: string,
  ): Promise<NewsroomResult<AccountRecord>>;
  signIn(
    login: string,
    password: string,
    from: string,
  ): Promise<NewsroomResult<{ token: string; user: NewsroomUser; expiresAt: number }>>;
  /** The account of a session token, or null for no, expired, revoked or disabled ones. */
  authenticate(token: string): Promise<SignedInUser | null>;
  /**
   * Why a token `authenticate` refused was refused: `disabled` when it is a live session of a
   * disabled account (its workstations then drop their copy of the newsroom), else `ended`.
   */
  whyRefused(token: string): Promise<'disabled' | 'ended'>;
  signOut(user: SignedInUser): Promise<void>;
  changePassword(
    user: SignedInUser,
    currentPassword: string,
    newPassword: string,
  ): Promise<NewsroomResult<Record<string, never>>>;
  audit(options: { login?: string; limit?: number }): Promise<AuditRecord[]>;
}

/** The stored form of a session token: a token read from the store is worth nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function isRole(value: string): value is Role {
  return isOneOf(ROLES, value);
}

function roleOf(value: string): Role {
  if (!isRole(value)) throw new Error(`The store holds an unknown role "${value}".`);
  return value;
}

function record(
  row: Pick<UserTable, 'login' | 'name' | 'role' | 'disabled_at' | 'created_at'>,
): AccountRecord {
  return {
    login: row.login,
    name: row.name,
    role: roleOf(row.role),
    isDisabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The value is not valid.';
}

const ROLE_MESSAGE = `A role is one of ${ROLES.join(', ')}.`;

/** Opens the accounts service over a store. */
export function createAccounts(options: AccountsOptions): Accounts {
  const { db } = options.store;
  const now = options.now ?? Date.now;
  const onCommitted = options.onCommitted ?? (() => undefined);
  const sessionMs = options.sessionDays * 24 * 60 * 60 * 1000;

  async function writeAudit(
    trx: Transaction<Database>,
    entry: Omit<AuditRecord, 'at'>,
    at: number,
  ): Promise<void> {
    await trx
      .insertInto('audit')
      .values({ id: newId(at), at, ...entry })
      .execute();
  }

  /**
   * Records a change of an account's rights or sessions: marks the account for the watchers of
   * every process, and writes the audit entry.
   */
  async function recordChange(
    trx: Transaction<Database>,
    user: Pick<UserTable, 'id' | 'login'>,
    entry: Omit<AuditRecord, 'at' | 'login'>,
    at: number,
  ): Promise<void> {
    const seq = await advanceCounter(trx, 'accounts');
    await trx.updateTable('users').set({ security_seq: seq }).where('id', '=', user.id).execute();
    await writeAudit(trx, { login: user.login, ...entry }, at);
  }

  async function updateUser(
    trx: Transaction<Database>,
    userId: string,
    values: Updateable<UserTable>,
    at: number,
  ): Promise<void> {
    await trx
      .updateTable('users')
      .set({ ...values, updated_at: at })
      .where('id', '=', userId)
      .execute();
  }

  /**
   * Stores a new password hash and ends the account's sessions made with the old one, all but
   * `keptSessionHash`; answers how many ended.
   */
  async function replacePassword(
    trx: Transaction<Database>,
    userId: string,
    passwordHash: string,
    keptSessionHash: string | null,
    at: number,
  ): Promise<number> {
    await updateUser(trx, userId, { password_hash: passwordHash }, at);
    let ending = trx.deleteFrom('sessions').where('user_id', '=', userId);
    if (keptSessionHash !== null) ending = ending.where('token_hash', '!=', keptSessionHash);
    const ended = await ending.executeTakeFirst();
    return Number(ended.numDeletedRows);
  }

  async function findUser(trx: Transaction<Database>, login: string) {
    return trx.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  }

  function parseLogin(login: string): NewsroomResult<string> {
    const parsed = loginSchema.safeParse(login);
    return parsed.success
      ? success(parsed.data)
      : refusal('invalid_input', firstIssue(parsed.error));
  }

  async function changeAccount(
    login: string,
    change: (
      trx: Transaction<Database>,
      user: UserTable,
      at: number,
    ) => Promise<NewsroomResult<AccountRecord> | null>,
  ): Promise<NewsroomResult<AccountRecord>> {
    const parsedLogin = parseLogin(login);
    if (!parsedLogin.ok) return parsedLogin;
    const result = await db.transaction().execute(async (trx) => {
      const user = await findUser(trx, parsedLogin.value);
      if (user === undefined)
        return refusal<AccountRecord>('not_found', `There is no account "${parsedLogin.value}".`);
      const at = now();
      const refused = await change(trx, user, at);
      if (refused !== null) return refused;
      const updated = await findUser(trx, user.login);
      if (updated === undefined) throw new Error('The account vanished inside its transaction.');
      return success(record(updated));
    });
    if (result.ok) onCommitted();
    return result;
  }

  return {
    async add(input, actor) {
      const login = parseLogin(input.login);
      if (!login.ok) return login;
      const name = personNameSchema.safeParse(input.name);
      if (!name.success) return refusal('invalid_input', firstIssue(name.error));
      if (!isRole(input.role)) return refusal('invalid_input', ROLE_MESSAGE);
      const password = passwordSchema.safeParse(input.password);
      if (!password.success) return refusal('invalid_input', firstIssue(password.error));
      const passwordHash = await hashPassword(password.data);
      const role = input.role;
      const result = await db.transaction().execute(async (trx) => {
        if ((await findUser(trx, login.value)) !== undefined)
          return refusal<AccountRecord>('conflict', `The login "${login.value}" is taken already.`);
        const at = now();
        const id = newId(at);
        await trx
          .insertInto('users')
          .values({
            id,
            login: login.value,
            name: name.data,
            role,
            password_hash: passwordHash,
            disabled_at: null,
            created_at: at,
            updated_at: at,
            security_seq: 0,
          })
          .execute();
        await recordChange(
          trx,
          { id, login: login.value },
          { action: 'account added', actor, detail: `role ${role}` },
          at,
        );
        return success<AccountRecord>({
          login: login.value,
          name: name.data,
          role,
          isDisabled: false,
          createdAt: at,
        });
      });
      if (result.ok) onCommitted();
      return result;
    },

    async list() {
      const rows = await db
        .selectFrom('users')
        .select(['login', 'name', 'role', 'disabled_at', 'created_at'])
        .orderBy('login')
        .execute();
      return rows.map(record);
    },

    setRole(login, role, actor) {
      return changeAccount(login, async (trx, user, at) => {
        if (!isRole(role)) return refusal('invalid_input', ROLE_MESSAGE);
        if (user.role === role) return null;
        await updateUser(trx, user.id, { role }, at);
        await recordChange(
          trx,
          user,
          { action: 'role changed', actor, detail: `${user.role} → ${role}` },
          at,
        );
        return null;
      });
    },

    disable(login, actor) {
      return changeAccount(login, async (trx, user, at) => {
        if (user.disabled_at !== null) return null;
        await updateUser(trx, user.id, { disabled_at: at }, at);
        // Its sessions end (authenticate refuses a disabled account's) but stay until they expire,
        // so a workstation's next contact is told the account was disabled, not just signed out.
        const ended = await trx
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('user_id', '=', user.id)
          .where('expires_at', '>', at)
          .executeTakeFirstOrThrow();
        await recordChange(
          trx,
          user,
          { action: 'account disabled', actor, detail: `${Number(ended.count)} session(s) ended` },
          at,
        );
        return null;
      });
    },

    enable(login, actor) {
      return changeAccount(login, async (trx, user, at) => {
        if (user.disabled_at === null) return null;
        await updateUser(trx, user.id, { disabled_at: null }, at);
        // The sessions that ended with the disable stay ended: enabling never revives them.
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        await recordChange(trx, user, { action: 'account enabled', actor, detail: '' }, at);
        return null;
      });
    },

    async resetPassword(login, password, actor) {
      const parsed = passwordSchema.safeParse(password);
      if (!parsed.success) return refusal('invalid_input', firstIssue(parsed.error));
      const passwordHash = await hashPassword(parsed.data);
      return changeAccount(login, async (trx, user, at) => {
        // A reset is for a forgotten or exposed password: every session made with the old one ends.
        const ended = await replacePassword(trx, user.id, passwordHash, null, at);
        await recordChange(
          trx,
          user,
          { action: 'password reset', actor, detail: `${ended} session(s) ended` },
          at,
        );
        return null;
      });
    },

    async signIn(rawLogin, password, from) {
      // Counted per login as typed (normalised), known or not, so the answer says nothing of
      // which logins exist.
      const login = rawLogin.trim().toLowerCase().slice(0, 200);
      const startedAt = now();
      const recent = await db
        .selectFrom('sign_in_failures')
        .select('at')
        .where('login', '=', login)
        .where('at', '>', startedAt - SIGN_IN_WINDOW_MS)
        .orderBy('at', 'desc')
        .limit(MAX_FAILED_SIGN_INS)
        .execute();
      const oldestCounted = recent[MAX_FAILED_SIGN_INS - 1];
      if (oldestCounted !== undefined) {
        const retryAt = oldestCounted.at + SIGN_IN_WINDOW_MS;
        const minutes = Math.max(1, Math.ceil((retryAt - startedAt) / 60_000));
        return refusal(
          'too_many_attempts',
          `Too many failed sign-ins for "${login}": try again in ${minutes} min.`,
          undefined,
          { retryAt },
        );
      }
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('login', '=', login)
        .executeTakeFirst();
      const isValid = await verifyPassword(user?.password_hash ?? null, password);
      if (user === undefined || !isValid || user.disabled_at !== null) {
        await db.transaction().execute(async (trx) => {
          const at = now();
          await trx
            .deleteFrom('sign_in_failures')
            .where('at', '<=', at - SIGN_IN_WINDOW_MS)
            .execute();
          await trx
            .insertInto('sign_in_failures')
            .values({ id: newId(at), login, at })
            .execute();
          const why =
            user === undefined ? 'no such login' : isValid ? 'account disabled' : 'wrong password';
          await writeAudit(
            trx,
            { action: 'sign-in failed', login, actor: login, detail: `${why}, from ${from}` },
            at,
          );
        });
        return refusal(
          'unauthorized',
          user !== undefined && isValid
            ? 'This account is disabled: ask the newsroom’s administrator.'
            : 'The login or password is not right.',
        );
      }
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = at + sessionMs;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            token_hash: hashToken(token),
            user_id: user.id,
            created_at: at,
            expires_at: expiresAt,
          })
          .execute();
        await trx.deleteFrom('sign_in_failures').where('login', '=', login).execute();
        await trx.deleteFrom('sessions').where('expires_at', '<=', at).execute();
        await writeAudit(
          trx,
          { action: 'signed in', login, actor: login, detail: `from ${from}` },
          at,
        );
      });
      return success({
        token,
        user: { login: user.login, name: user.name, role: roleOf(user.role) },
        expiresAt,
      });
    },

    async authenticate(token) {
      if (token.length === 0 || token.length > 200) return null;
      const sessionHash = hashToken(token);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.login', 'users.name', 'users.role', 'sessions.expires_at'])
        .where('sessions.token_hash', '=', sessionHash)
        .where('sessions.expires_at', '>', now())
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined) return null;
      return {
        id: row.id,
        login: row.login,
        name: row.name,
        role: roleOf(row.role),
        sessionHash,
        expiresAt: row.expires_at,
      };
    },

    async whyRefused(token) {
      if (token.length === 0 || token.length > 200) return 'ended';
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('users.disabled_at')
        .where('sessions.token_hash', '=', hashToken(token))
        .where('sessions.expires_at', '>', now())
        .executeTakeFirst();
      return row !== undefined && row.disabled_at !== null ? 'disabled' : 'ended';
    },

    async signOut(user) {
      await db.transaction().execute(async (trx) => {
        const at = now();
        await trx.deleteFrom('sessions').where('token_hash', '=', user.sessionHash).execute();
        await recordChange(trx, user, { action: 'signed out', actor: user.login, detail: '' }, at);
      });
      onCommitted();
    },

    async changePassword(user, currentPassword, newPassword) {
      const parsed = passwordSchema.safeParse(newPassword);
      if (!parsed.success) return refusal('invalid_input', firstIssue(parsed.error));
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', user.id)
        .executeTakeFirst();
      if (!(await verifyPassword(row?.password_hash ?? null, currentPassword)))
        return refusal('invalid_input', 'Current password: it is not right.');
      const passwordHash = await hashPassword(parsed.data);
      await db.transaction().execute(async (trx) => {
        const at = now();
        // Other sessions were made with the old password; this one just proved the new owner.
        const ended = await replacePassword(trx, user.id, passwordHash, user.sessionHash, at);
        await recordChange(
          trx,
          user,
          {
            action: 'password changed',
            actor: user.login,
            detail: `${ended} other session(s) ended`,
          },
          at,
        );
      });
      onCommitted();
      return success({});
    },

    async audit({ login, limit = 1000 }) {
      let query = db.selectFrom('audit').select(['at', 'action', 'login', 'actor', 'detail']);
      if (login !== undefined) query = query.where('login', '=', login.trim().toLowerCase());
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.reverse();
    },
  };
}
