import { fieldPatchOf, workflowOf } from '../../../shared/story/story';
import { storySearchTerms } from '../../../shared/text/search';
import { assertNever } from '../../../shared/result';
import { addBodyUpdate, addBodyUpdates, bodyUpdatesTable } from '../../db/bodyUpdates';
import { db, type WorkstationDb } from '../../db/db';
import type { StoryChange } from './changes';
import { storyRowOf } from './stories';

type CreateChange = Extract<StoryChange, { kind: 'story:create' }>;

/** New stories in bulk (a newsroom's list arrives as thousands at once). */
async function createStories(
  database: WorkstationDb,
  changes: readonly CreateChange[],
): Promise<void> {
  // A story this workstation has already is left alone: its later changes come as edits.
  const existing = await database.stories.bulkGet(changes.map((change) => change.story.id));
  const seen = new Set<string>();
  const fresh = changes.filter((change, index) => {
    if (existing[index] !== undefined || seen.has(change.story.id)) return false;
    seen.add(change.story.id);
    return true;
  });
  await database.stories.bulkAdd(fresh.map((change) => storyRowOf(change.story)));
  await addBodyUpdates(
    database,
    fresh.map((change) => ({ storyId: change.story.id, update: change.body })),
    'remote',
  );
}

async function applyOne(database: WorkstationDb, change: StoryChange): Promise<void> {
  switch (change.kind) {
    case 'story:create':
      await createStories(database, [change]);
      return;
    case 'story:edit': {
      const current = await database.stories.get(change.storyId);
      if (current === undefined) return;
      if (change.body !== null)
        await addBodyUpdate(database, change.storyId, change.body, 'remote');
      const fields = fieldPatchOf(change.fields);
      await database.stories.update(change.storyId, {
        ...fields,
        ...(change.wordCount === null ? {} : { wordCount: change.wordCount }),
        ...(change.updatedAt === null ? {} : { updatedAt: change.updatedAt }),
        searchTerms: storySearchTerms({ ...current, ...fields }),
      });
      return;
    }
    case 'story:transition':
      await database.stories.update(change.storyId, {
        ...workflowOf(change.workflow),
        updatedAt: change.updatedAt,
      });
      if (change.event !== null) await database.events.put(change.event);
      await database.versions.put(change.version);
      return;
    case 'trail:claim':
      await database.events.put(change.event);
      return;
    case 'trail:unclaim':
      await database.events.delete(change.eventId);
      return;
    case 'note:add':
      await database.notes.put(change.note);
      return;
    case 'version:add':
      await database.versions.put(change.version);
      return;
    default:
      assertNever(change);
  }
}

/**
 * Writes changes that come from elsewhere (the newsroom server, an import) in one transaction,
 * in order, without handing them to the sync hook: what was received is never sent back. Body
 * updates are stored unflagged (not made here). Applying the same change twice leaves the same
 * data: rows are put by id, a story that exists is not created again.
 */
export async function applyRemoteChanges(
  changes: readonly StoryChange[],
  database: WorkstationDb = db,
): Promise<void> {
  await database.transaction(
    'rw',
    [
      database.stories,
      database.events,
      database.notes,
      database.versions,
      bodyUpdatesTable(database),
    ],
    async () => {
      let creates: CreateChange[] = [];
      for (const change of changes) {
        if (change.kind === 'story:create') {
          creates.push(change);
          continue;
        }
        if (creates.length > 0) await createStories(database, creates);
        creates = [];
        await applyOne(database, change);
      }
      if (creates.length > 0) await createStories(database, creates);
    },
  );
}
