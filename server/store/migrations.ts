import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/** Which database engine a store runs on. */
export type StoreKind = 'sqlite' | 'postgres';

/**
 * The store's migrations, one list for both engines, append-only: a released migration is never
 * edited, a change is a new one. Column types are the ones both engines read the same way (see
 * schema.ts); only binary differs in name.
 */
function migrationList(kind: StoreKind): Record<string, Migration> {
  const binary = kind === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    '0001-newsroom': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('counters')
          .addColumn('name', 'text', (column) => column.primaryKey())
          .addColumn('value', 'bigint', (column) => column.notNull())
          .execute();
        await db
          .insertInto('counters' as never)
          .values([
            { name: 'stories', value: 0 },
            { name: 'accounts', value: 0 },
            { name: 'settings', value: 0 },
          ] as never)
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('login', 'text', (column) => column.notNull().unique())
          .addColumn('name', 'text', (column) => column.notNull())
          .addColumn('role', 'text', (column) => column.notNull())
          .addColumn('password_hash', 'text', (column) => column.notNull())
          .addColumn('disabled_at', 'bigint')
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addColumn('security_seq', 'bigint', (column) => column.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createIndex('users_security_seq')
          .on('users')
          .column('security_seq')
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (column) => column.primaryKey())
          .addColumn('user_id', 'text', (column) =>
            column.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('expires_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('sign_in_failures')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('sign_in_failures_login_at')
          .on('sign_in_failures')
          .columns(['login', 'at'])
          .execute();

        await db.schema
          .createTable('audit')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('action', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('actor', 'text', (column) => column.notNull())
          .addColumn('detail', 'text', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('audit_at').on('audit').column('at').execute();

        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('value', 'text', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('stories')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('owner_id', 'text', (column) => column.notNull().references('users.id'))
          .addColumn('created_by', 'text', (column) => column.notNull())
          .addColumn('slug', 'text', (column) => column.notNull())
          .addColumn('headline', 'text', (column) => column.notNull())
          .addColumn('subheadline', 'text', (column) => column.notNull())
          .addColumn('byline', 'text', (column) => column.notNull())
          .addColumn('dateline', 'text', (column) => column.notNull())
          .addColumn('section', 'text', (column) => column.notNull())
          .addColumn('source', 'text', (column) => column.notNull())
          .addColumn('summary', 'text', (column) => column.notNull())
          .addColumn('keywords', 'text', (column) => column.notNull())
          .addColumn('urgency', 'text', (column) => column.notNull())
          .addColumn('editorial_note', 'text', (column) => column.notNull())
          .addColumn('language', 'text', (column) => column.notNull())
          .addColumn('lead_photo', 'text')
          .addColumn('state', 'text', (column) => column.notNull())
          .addColumn('state_before_spike', 'text')
          .addColumn('scheduled_at', 'bigint')
          .addColumn('published_path', 'text')
          .addColumn('correction_note', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addColumn('first_published_at', 'bigint')
          .addColumn('last_published_at', 'bigint')
          .addColumn('word_count', 'integer', (column) => column.notNull())
          .addColumn('change_seq', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('stories_updated')
          .on('stories')
          .columns(['updated_at', 'id'])
          .execute();
        await db.schema
          .createIndex('stories_state_updated')
          .on('stories')
          .columns(['state', 'updated_at'])
          .execute();
        await db.schema.createIndex('stories_section').on('stories').column('section').execute();
        await db.schema
          .createIndex('stories_change_seq')
          .on('stories')
          .column('change_seq')
          .execute();

        await db.schema
          .createTable('story_bodies')
          .addColumn('story_id', 'text', (column) =>
            column.primaryKey().references('stories.id').onDelete('cascade'),
          )
          .addColumn('state', binary, (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('story_events')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('story_id', 'text', (column) =>
            column.notNull().references('stories.id').onDelete('cascade'),
          )
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('actor', 'text', (column) => column.notNull())
          .addColumn('actor_login', 'text', (column) => column.notNull())
          .addColumn('role', 'text', (column) => column.notNull())
          .addColumn('action', 'text', (column) => column.notNull())
          .addColumn('from_state', 'text', (column) => column.notNull())
          .addColumn('to_state', 'text', (column) => column.notNull())
          .addColumn('note', 'text', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('story_events_story_at')
          .on('story_events')
          .columns(['story_id', 'at'])
          .execute();

        await db.schema
          .createTable('story_notes')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('story_id', 'text', (column) =>
            column.notNull().references('stories.id').onDelete('cascade'),
          )
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('author', 'text', (column) => column.notNull())
          .addColumn('author_login', 'text', (column) => column.notNull())
          .addColumn('role', 'text', (column) => column.notNull())
          .addColumn('text', 'text', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('story_notes_story_at')
          .on('story_notes')
          .columns(['story_id', 'at'])
          .execute();

        await db.schema
          .createTable('story_versions')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('story_id', 'text', (column) =>
            column.notNull().references('stories.id').onDelete('cascade'),
          )
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('author', 'text', (column) => column.notNull())
          .addColumn('reason', 'text', (column) => column.notNull())
          .addColumn('label', 'text', (column) => column.notNull())
          .addColumn('fields', 'text', (column) => column.notNull())
          .addColumn('body_state', binary, (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('story_versions_story_created')
          .on('story_versions')
          .columns(['story_id', 'created_at'])
          .execute();

        await db.schema
          .createTable('field_edits')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('story_id', 'text', (column) =>
            column.notNull().references('stories.id').onDelete('cascade'),
          )
          .addColumn('field', 'text', (column) => column.notNull())
          .addColumn('previous', 'text', (column) => column.notNull())
          .addColumn('value', 'text', (column) => column.notNull())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('actor', 'text', (column) => column.notNull())
          .addColumn('actor_login', 'text', (column) => column.notNull())
          .addColumn('overwrote', 'integer', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('field_edits_story_at')
          .on('field_edits')
          .columns(['story_id', 'at'])
          .execute();
      },
    },
    '0002-photos-and-publishing': {
      async up(db: Kysely<unknown>) {
        await db
          .insertInto('counters' as never)
          .values([
            { name: 'photos', value: 0 },
            { name: 'site', value: 0 },
          ] as never)
          .execute();

        await db.schema
          .createTable('photos')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('file_name', 'text', (column) => column.notNull())
          .addColumn('mime_type', 'text', (column) => column.notNull())
          .addColumn('width', 'integer', (column) => column.notNull())
          .addColumn('height', 'integer', (column) => column.notNull())
          .addColumn('byte_size', 'bigint', (column) => column.notNull())
          .addColumn('taken_at', 'bigint')
          .addColumn('object_name', 'text', (column) => column.notNull())
          .addColumn('city', 'text', (column) => column.notNull())
          .addColumn('country', 'text', (column) => column.notNull())
          .addColumn('renditions', 'text', (column) => column.notNull())
          .addColumn('caption', 'text', (column) => column.notNull())
          .addColumn('credit', 'text', (column) => column.notNull())
          .addColumn('photographer', 'text', (column) => column.notNull())
          .addColumn('copyright', 'text', (column) => column.notNull())
          .addColumn('alt_text', 'text', (column) => column.notNull())
          .addColumn('imported_at', 'bigint', (column) => column.notNull())
          .addColumn('imported_by', 'text', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addColumn('change_seq', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('photos_change_seq')
          .on('photos')
          .column('change_seq')
          .execute();

        await db.schema
          .createTable('site_generations')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('seq', 'bigint', (column) => column.notNull().unique())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('file_count', 'integer', (column) => column.notNull())
          .execute();
        await db.schema
          .createTable('site_files')
          .addColumn('path', 'text', (column) => column.primaryKey())
          .addColumn('sha256', 'text', (column) => column.notNull())
          .addColumn('size', 'bigint', (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('targets')
          .addColumn('name', 'text', (column) => column.primaryKey())
          .addColumn('url', 'text', (column) => column.notNull())
          .addColumn('endpoint', 'text')
          .addColumn('region', 'text')
          .addColumn('identity_file', 'text')
          .addColumn('host_key', 'text')
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'bigint')
          .addColumn('last_error', 'text')
          .addColumn('last_attempt_at', 'bigint')
          .addColumn('last_success_at', 'bigint')
          .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'bigint')
          .execute();
        await db.schema
          .createTable('target_files')
          .addColumn('target_name', 'text', (column) =>
            column.notNull().references('targets.name').onDelete('cascade'),
          )
          .addColumn('path', 'text', (column) => column.notNull())
          .addColumn('sha256', 'text', (column) => column.notNull())
          .addColumn('size', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('target_files_pk', ['target_name', 'path'])
          .execute();
      },
    },
    '0003-dictionary-words': {
      async up(db: Kysely<unknown>) {
        await db
          .insertInto('counters' as never)
          .values({ name: 'words', value: 0 } as never)
          .execute();
        await db.schema
          .createTable('dictionary_words')
          .addColumn('word', 'text', (column) => column.primaryKey())
          .addColumn('added_by', 'text', (column) => column.notNull())
          .addColumn('added_at', 'bigint', (column) => column.notNull())
          .addColumn('seq', 'bigint', (column) => column.notNull())
          .execute();
      },
    },
    '0004-target-put-folders': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('targets').addColumn('put_folders', 'text').execute();
      },
    },
  };
}

/** The migrations, as Kysely's Migrator reads them. */
export function migrationProvider(kind: StoreKind): MigrationProvider {
  return { getMigrations: async () => migrationList(kind) };
}
