import type { NewsroomResult } from '../../shared/api/newsroom';
import {
  DEFAULT_PORTAL_PROFILE,
  isKnownTimeZone,
  portalProfileSchema,
  type PortalProfile,
} from '../../shared/portal/profile';
import { refusal, success } from '../outcome';
import { advanceCounter } from '../store/counters';
import type { StoreServiceOptions } from '../store/store';

const PROFILE_KEY = 'portalProfile';

/** The portal profile and when it last changed (0: never set, the default Wuxi profile). */
export interface StoredProfile {
  profile: PortalProfile;
  updatedAt: number;
}

/** The newsroom's portal profile: the server's, one for every workstation. */
export interface ProfileStore {
  get(): Promise<StoredProfile>;
  set(profile: unknown): Promise<NewsroomResult<StoredProfile>>;
}

function problems(profile: PortalProfile): string[] {
  const reasons: string[] = [];
  if (!isKnownTimeZone(profile.timeZone))
    reasons.push(`timeZone: "${profile.timeZone}" is not a time zone this server knows.`);
  const ids = profile.sections.flatMap((section) => [
    section.id,
    ...section.children.map((child) => child.id),
  ]);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) reasons.push(`sections: the id "${repeated[0]}" is used twice.`);
  return reasons;
}

/** Reads and writes the profile in the store's settings table. */
export function createProfileStore(options: StoreServiceOptions): ProfileStore {
  const { db } = options.store;
  const now = options.now ?? Date.now;
  return {
    async get() {
      const row = await db
        .selectFrom('settings')
        .select(['value', 'updated_at'])
        .where('key', '=', PROFILE_KEY)
        .executeTakeFirst();
      if (row === undefined) return { profile: DEFAULT_PORTAL_PROFILE, updatedAt: 0 };
      return {
        profile: portalProfileSchema.parse(JSON.parse(row.value)),
        updatedAt: row.updated_at,
      };
    },
    async set(candidate) {
      const parsed = portalProfileSchema.safeParse(candidate);
      if (!parsed.success)
        return refusal(
          'invalid_input',
          'The portal profile is not valid.',
          parsed.error.issues.map(
            (issue) => `${issue.path.join('.') || 'profile'}: ${issue.message}`,
          ),
        );
      const reasons = problems(parsed.data);
      if (reasons.length > 0)
        return refusal('invalid_input', 'The portal profile is not valid.', reasons);
      const updatedAt = now();
      const value = JSON.stringify(parsed.data);
      await db.transaction().execute(async (trx) => {
        await advanceCounter(trx, 'settings');
        const updated = await trx
          .updateTable('settings')
          .set({ value, updated_at: updatedAt })
          .where('key', '=', PROFILE_KEY)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0)
          await trx
            .insertInto('settings')
            .values({ key: PROFILE_KEY, value, updated_at: updatedAt })
            .execute();
      });
      options.onCommitted?.();
      return success({ profile: parsed.data, updatedAt });
    },
  };
}
