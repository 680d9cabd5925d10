import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import * as Y from 'yjs';
import {
  STORY_FIELD_NAMES,
  type FieldEdit,
  type Figure,
  type NewsroomChannelName,
  type NewsroomRequest,
  type NewsroomOutput,
  type NewsroomResult,
  type NewsroomStory,
  type StoryFieldName,
  type StoryFieldValues,
  type StoryListItem,
  type StoryNote,
  type TrailEvent,
  type Version,
  type VersionSummary,
} from '../../shared/api/newsroom';
import { findSection, type PortalProfile } from '../../shared/portal/profile';
import { blankStoryFields, newDraft, type StoryState } from '../../shared/story/story';
import { newId } from '../ids';
import { refusal, success } from '../outcome';
import {
  mayActAsDesk,
  mayCreate,
  mayEditFields,
  mayEditFigures,
  maySaveVersion,
  type Actor,
} from '../policy/policy';
import { advanceCounter, readCounters } from '../store/counters';
import type { FieldEditTable, StoryEventTable, StoryNoteTable } from '../store/schema';
import { applyFigureEdits } from './storyBody';
import {
  columnsOfStory,
  columnValue,
  FIELD_COLUMNS,
  fieldsOfRow,
  storyOfRow,
  versionFieldsOfRow,
  type StoryRow,
} from './storyRecords';
import {
  accessOf,
  enforce,
  noSuchStory,
  Refused,
  rereadStory,
  selectStory,
  writeStory,
  type StoryContext,
} from './storyWrites';

type Input<K extends NewsroomChannelName> = NewsroomRequest<K>;

/** Default and largest page of `stories:list`. */
export const DEFAULT_LIST_LIMIT = 500;
/** Default page of `stories:changes`. */
export const DEFAULT_CHANGES_LIMIT = 500;

function sectionProblem(profile: PortalProfile, section: string): string | null {
  if (section === '' || findSection(profile, section) !== undefined) return null;
  return `Section: "${section}" is not a section of the portal.`;
}

function eventOfRow(row: StoryEventTable): TrailEvent {
  return {
    id: row.id,
    storyId: row.story_id,
    at: row.at,
    actor: row.actor,
    actorLogin: row.actor_login,
    role: row.role,
    action: row.action,
    from: row.from_state as StoryState,
    to: row.to_state as StoryState,
    note: row.note,
  };
}

function noteOfRow(row: StoryNoteTable): StoryNote {
  return {
    id: row.id,
    storyId: row.story_id,
    at: row.at,
    author: row.author,
    authorLogin: row.author_login,
    role: row.role,
    text: row.text,
  };
}

function fieldEditOfRow(row: FieldEditTable): FieldEdit {
  return {
    id: row.id,
    storyId: row.story_id,
    field: row.field as StoryFieldName,
    previous: JSON.parse(row.previous),
    value: JSON.parse(row.value),
    at: row.at,
    actor: row.actor,
    actorLogin: row.actor_login,
    overwrote: row.overwrote === 1,
  };
}

/** Stories on the server (issue 10, point 3): every channel but transitions and uploads. */
export function createStories(context: StoryContext) {
  const { db } = context.store;

  async function readStory(id: string): Promise<NewsroomResult<StoryRow>> {
    const row = await selectStory(db, id);
    return row === undefined ? noSuchStory(id) : success(row);
  }

  async function withStory<T>(
    id: string,
    read: (row: StoryRow) => Promise<T>,
  ): Promise<NewsroomResult<T>> {
    const row = await readStory(id);
    return row.ok ? success(await read(row.value)) : row;
  }

  return {
    /** The story and its owner, for the policy's checks before input is validated. */
    async access(id: string) {
      const row = await selectStory(db, id);
      return row === undefined ? null : accessOf(row);
    },

    async create(
      actor: Actor,
      input: Input<'story:create'>,
    ): Promise<NewsroomResult<{ id: string }>> {
      const allowed = mayCreate(actor);
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      const profile = await context.profile();
      const section = input.section ?? 'news';
      const problem = sectionProblem(profile, section);
      if (problem !== null) return refusal('invalid_input', problem, [problem]);
      const at = context.now();
      const id = input.id ?? newId(at);
      const fields = blankStoryFields({
        headline: input.headline,
        slug: input.slug ?? '',
        byline: input.byline ?? actor.name,
        section,
      });
      try {
        await db.transaction().execute(async (trx) => {
          const seq = await advanceCounter(trx, 'stories');
          const existing = await selectStory(trx, id);
          if (existing !== undefined) {
            // The same id again is a retry of the same creation (an offline outbox): nothing to do.
            if (existing.owner_id === actor.id) return;
            throw new Refused(refusal('conflict', `A story with the id ${id} exists already.`));
          }
          await trx
            .insertInto('stories')
            .values({
              id,
              owner_id: actor.id,
              change_seq: seq,
              ...columnsOfStory({ ...fields, ...newDraft(actor.name, at) }),
            })
            .execute();
        });
      } catch (error) {
        if (error instanceof Refused) return error.result;
        throw error;
      }
      context.onCommitted();
      return success({ id });
    },

    async list(input: Input<'stories:list'>): Promise<StoryListItem[]> {
      let query = db
        .selectFrom('stories')
        .innerJoin('users', 'users.id', 'stories.owner_id')
        .select([
          'stories.id',
          'stories.slug',
          'stories.headline',
          'stories.state',
          'stories.section',
          'stories.urgency',
          'stories.updated_at',
          'users.login',
          'users.name',
        ]);
      if (input.state !== undefined) query = query.where('stories.state', '=', input.state);
      if (input.owner !== undefined)
        query = query.where('users.login', '=', input.owner.trim().toLowerCase());
      const { section } = input;
      if (section !== undefined) {
        // A section includes its sub-sections (`news` holds `news/sports`); no LIKE, so no
        // wildcard in an id can widen the match.
        const prefix = `${section}/`;
        query = query.where((eb) =>
          eb.or([
            eb('stories.section', '=', section),
            eb(
              sql<string>`substr(${sql.ref('stories.section')}, 1, ${prefix.length})`,
              '=',
              prefix,
            ),
          ]),
        );
      }
      const rows = await query
        .orderBy('stories.updated_at', 'desc')
        .orderBy('stories.id', 'desc')
        .limit(input.limit ?? DEFAULT_LIST_LIMIT)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        state: row.state as StoryState,
        section: row.section,
        owner: row.login,
        ownerName: row.name,
        urgency: row.urgency as StoryListItem['urgency'],
        updatedAt: row.updated_at,
      }));
    },

    async get(id: string): Promise<NewsroomResult<NewsroomStory>> {
      return withStory(id, async (row) => storyOfRow(row));
    },

    /**
     * The field merge: per changed field, the value the client last saw (`base`) against the
     * stored one. Equal: a plain edit. Different: someone changed it meanwhile; this later
     * arrival wins and the value it replaces is recorded (`overwrote`) for the History panel.
     */
    async update(
      actor: Actor,
      input: Input<'story:update'>,
    ): Promise<NewsroomResult<NewsroomOutput<'story:update'>>> {
      const fields = STORY_FIELD_NAMES.filter((field) => input.changes[field] !== undefined);
      const missingBase = fields.filter((field) => input.base[field] === undefined);
      if (missingBase.length > 0)
        return refusal(
          'invalid_input',
          'Say, for every changed field, the value you last saw (base).',
          missingBase.map((field) => `base.${field}: missing.`),
        );
      if (input.changes.section !== undefined) {
        const problem = sectionProblem(await context.profile(), input.changes.section);
        if (problem !== null) return refusal('invalid_input', problem, [problem]);
      }
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        enforce(mayEditFields(actor, accessOf(row), fields));
        const current = fieldsOfRow(row);
        const overwritten: FieldEdit[] = [];
        const columns: Record<string, string | null | number> = {};
        for (const field of fields) {
          const value = input.changes[field] as StoryFieldValues[typeof field];
          if (isDeepStrictEqual(current[field], value)) continue;
          const isOverwrite = !isDeepStrictEqual(current[field], input.base[field]);
          const edit: FieldEdit = {
            id: newId(at),
            storyId: row.id,
            field,
            previous: current[field],
            value,
            at,
            actor: actor.name,
            actorLogin: actor.login,
            overwrote: isOverwrite,
          };
          await trx
            .insertInto('field_edits')
            .values({
              id: edit.id,
              story_id: row.id,
              field,
              previous: JSON.stringify(edit.previous),
              value: JSON.stringify(value),
              at,
              actor: actor.name,
              actor_login: actor.login,
              overwrote: isOverwrite ? 1 : 0,
            })
            .execute();
          if (isOverwrite) overwritten.push(edit);
          columns[FIELD_COLUMNS[field]] = columnValue(field, value);
        }
        if (Object.keys(columns).length === 0) return { story: storyOfRow(row), overwritten };
        await trx
          .updateTable('stories')
          .set({ ...columns, updated_at: at, change_seq: seq })
          .where('id', '=', row.id)
          .execute();
        const updated = await rereadStory(trx, row.id);
        return { story: storyOfRow(updated), overwritten };
      });
    },

    async editFigures(
      actor: Actor,
      input: Input<'story:editFigures'>,
    ): Promise<NewsroomResult<{ figures: Figure[] }>> {
      const row = await readStory(input.id);
      if (!row.ok) return row;
      const allowed = mayEditFigures(actor, accessOf(row.value));
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      const figures = await context.documents.change(input.id, (doc) =>
        applyFigureEdits(doc, input.edits),
      );
      return figures.ok ? success({ figures: figures.value }) : figures;
    },

    async body(id: string): Promise<NewsroomResult<{ state: string }>> {
      const row = await readStory(id);
      if (!row.ok) return row;
      const state = (await context.documents.readState(id)) ?? Y.encodeStateAsUpdate(new Y.Doc());
      return success({ state: Buffer.from(state).toString('base64') });
    },

    async reassign(
      actor: Actor,
      input: Input<'story:reassign'>,
    ): Promise<NewsroomResult<NewsroomStory>> {
      const allowed = mayActAsDesk(actor, 'reassign a story');
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        const owner = await trx
          .selectFrom('users')
          .select(['id', 'name', 'disabled_at'])
          .where('login', '=', input.owner)
          .executeTakeFirst();
        if (owner === undefined || owner.disabled_at !== null)
          throw new Refused(
            refusal(
              'invalid_input',
              `There is no active account "${input.owner}" to give the story to.`,
            ),
          );
        if (owner.id !== row.owner_id) {
          await trx
            .updateTable('stories')
            .set({ owner_id: owner.id, updated_at: at, change_seq: seq })
            .where('id', '=', row.id)
            .execute();
          await trx
            .insertInto('story_notes')
            .values({
              id: newId(at),
              story_id: row.id,
              at,
              author: actor.name,
              author_login: actor.login,
              role: actor.role,
              text: `Reassigned from ${row.owner_name} to ${owner.name}.`,
            })
            .execute();
        }
        const updated = await rereadStory(trx, row.id);
        return storyOfRow(updated);
      });
    },

    async recordPublication(
      actor: Actor,
      input: Input<'story:recordPublication'>,
    ): Promise<NewsroomResult<NewsroomStory>> {
      const allowed = mayActAsDesk(actor, 'record a publication');
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        if (row.state !== 'published')
          throw new Refused(
            refusal('conflict', 'Only a published story has a publication to record.', [
              `State: the story is ${row.state}.`,
            ]),
          );
        await trx
          .updateTable('stories')
          .set({
            // A story keeps its URL across corrections: the first recorded path stays.
            published_path: row.published_path ?? input.publishedPath,
            first_published_at: row.first_published_at ?? input.firstPublishedAt,
            last_published_at: input.lastPublishedAt,
            updated_at: at,
            change_seq: seq,
          })
          .where('id', '=', row.id)
          .execute();
        const updated = await rereadStory(trx, row.id);
        return storyOfRow(updated);
      });
    },

    async trail(id: string): Promise<NewsroomResult<TrailEvent[]>> {
      return withStory(id, async () => {
        const rows = await db
          .selectFrom('story_events')
          .selectAll()
          .where('story_id', '=', id)
          .orderBy('at')
          .orderBy('id')
          .execute();
        return rows.map(eventOfRow);
      });
    },

    async addNote(actor: Actor, input: Input<'story:addNote'>): Promise<NewsroomResult<StoryNote>> {
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        const noteId = input.noteId ?? newId(at);
        const existing = await trx
          .selectFrom('story_notes')
          .selectAll()
          .where('id', '=', noteId)
          .executeTakeFirst();
        if (existing !== undefined) {
          if (existing.story_id !== row.id || existing.author_login !== actor.login)
            throw new Refused(refusal('conflict', `A note with the id ${noteId} exists already.`));
          return noteOfRow(existing);
        }
        const note = {
          id: noteId,
          story_id: row.id,
          at,
          author: actor.name,
          author_login: actor.login,
          role: actor.role,
          text: input.text,
        };
        await trx.insertInto('story_notes').values(note).execute();
        await trx
          .updateTable('stories')
          .set({ change_seq: seq })
          .where('id', '=', row.id)
          .execute();
        return noteOfRow(note);
      });
    },

    async notes(id: string): Promise<NewsroomResult<StoryNote[]>> {
      return withStory(id, async () => {
        const rows = await db
          .selectFrom('story_notes')
          .selectAll()
          .where('story_id', '=', id)
          .orderBy('at')
          .orderBy('id')
          .execute();
        return rows.map(noteOfRow);
      });
    },

    async versions(id: string): Promise<NewsroomResult<VersionSummary[]>> {
      return withStory(id, async () => {
        const rows = await db
          .selectFrom('story_versions')
          .select(['id', 'story_id', 'created_at', 'author', 'reason', 'label'])
          .where('story_id', '=', id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        return rows.map((row) => ({
          id: row.id,
          storyId: row.story_id,
          createdAt: row.created_at,
          author: row.author,
          reason: row.reason as VersionSummary['reason'],
          label: row.label,
        }));
      });
    },

    async version(id: string, versionId: string): Promise<NewsroomResult<Version>> {
      const row = await db
        .selectFrom('story_versions')
        .selectAll()
        .where('story_id', '=', id)
        .where('id', '=', versionId)
        .executeTakeFirst();
      if (row === undefined)
        return refusal('not_found', `The story ${id} has no version ${versionId}.`);
      return success({
        id: row.id,
        storyId: row.story_id,
        createdAt: row.created_at,
        author: row.author,
        reason: row.reason as Version['reason'],
        label: row.label,
        fields: JSON.parse(row.fields),
        bodyState: Buffer.from(row.body_state).toString('base64'),
      });
    },

    async saveVersion(
      actor: Actor,
      input: Input<'story:saveVersion'>,
    ): Promise<NewsroomResult<VersionSummary>> {
      const bodyState =
        (await context.documents.readState(input.id)) ?? Y.encodeStateAsUpdate(new Y.Doc());
      return writeStory(context, input.id, async (trx, row, seq, at) => {
        enforce(maySaveVersion(actor, accessOf(row)));
        const versionId = input.versionId ?? newId(at);
        const existing = await trx
          .selectFrom('story_versions')
          .selectAll()
          .where('id', '=', versionId)
          .executeTakeFirst();
        const version =
          existing ??
          ({
            id: versionId,
            story_id: row.id,
            created_at: at,
            author: actor.name,
            reason: 'manual',
            label:
              input.label !== undefined && input.label !== ''
                ? input.label
                : `Saved by ${actor.name}`,
            fields: JSON.stringify(versionFieldsOfRow(row)),
            body_state: Buffer.from(bodyState),
          } as const);
        if (existing === undefined) {
          await trx.insertInto('story_versions').values(version).execute();
          await trx
            .updateTable('stories')
            .set({ change_seq: seq })
            .where('id', '=', row.id)
            .execute();
        } else if (existing.story_id !== row.id) {
          throw new Refused(
            refusal('conflict', `A version with the id ${versionId} exists already.`),
          );
        }
        return {
          id: version.id,
          storyId: version.story_id,
          createdAt: version.created_at,
          author: version.author,
          reason: version.reason as VersionSummary['reason'],
          label: version.label,
        };
      });
    },

    async fieldHistory(id: string): Promise<NewsroomResult<FieldEdit[]>> {
      return withStory(id, async () => {
        const rows = await db
          .selectFrom('field_edits')
          .selectAll()
          .where('story_id', '=', id)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        return rows.map(fieldEditOfRow);
      });
    },

    /**
     * Catch-up after `since`. The counter is read first: every change numbered up to it has
     * committed (see advanceCounter), so answering it as the cursor skips nothing.
     */
    async changes(input: Input<'stories:changes'>): Promise<NewsroomOutput<'stories:changes'>> {
      const limit = input.limit ?? DEFAULT_CHANGES_LIMIT;
      const { stories: latest } = await readCounters(db);
      const isReset = input.since > latest;
      const since = isReset ? 0 : input.since;
      const rows = await db
        .selectFrom('stories')
        .innerJoin('users', 'users.id', 'stories.owner_id')
        .selectAll('stories')
        .select(['users.login as owner_login', 'users.name as owner_name'])
        .where('stories.change_seq', '>', since)
        .where('stories.change_seq', '<=', latest)
        .orderBy('stories.change_seq')
        .limit(limit + 1)
        .execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        stories: page.map(storyOfRow),
        cursor: hasMore && last !== undefined ? last.change_seq : latest,
        hasMore,
        isReset,
      };
    },
  };
}

/** The stories service. */
export type Stories = ReturnType<typeof createStories>;
