import type { Insertable } from 'kysely';
import { blankStoryFields, newDraft } from '../../../shared/story/story';
import { columnsOfStory } from '../../stories/storyRecords';
import type { StoryTable, UserTable } from '../schema';

/** An account row for tests and benchmarks (its password hash is no real hash). */
export function buildUserRow(
  overrides: Partial<Insertable<UserTable>> & { id: string },
): Insertable<UserTable> {
  return {
    login: overrides.id,
    name: 'Li Wei',
    role: 'reporter',
    password_hash: 'not a hash',
    disabled_at: null,
    created_at: 0,
    updated_at: 0,
    security_seq: 0,
    ...overrides,
  };
}

/** A draft story row for tests and benchmarks that write the store directly. */
export function buildStoryRow(
  overrides: Partial<Insertable<StoryTable>> & { id: string; owner_id: string },
): Insertable<StoryTable> {
  return {
    ...columnsOfStory({ ...blankStoryFields(), ...newDraft('Li Wei', 0) }),
    change_seq: 0,
    ...overrides,
  };
}
