import type { NewsroomOutput, NewsroomRequest, UploadedStory } from '../../shared/api/newsroom';
import { STATE_LABELS, type StoryState } from '../../shared/story/story';
import { newId } from '../ids';
import { storyRights, type Actor } from '../policy/policy';
import { advanceCounter } from '../store/counters';
import { docOfState } from './storyBody';
import { columnsOfStory } from './storyRecords';
import { accessOf, selectStory, type StoryContext } from './storyWrites';

/** Whether bytes are a Yjs update a document can take (a damaged one would poison the body). */
function isYjsUpdate(bytes: Uint8Array): boolean {
  try {
    docOfState(bytes).destroy();
    return true;
  } catch {
    return false;
  }
}

type UploadResult = NewsroomOutput<'stories:upload'>['results'][number];

/**
 * The state an uploaded story takes on the server. A standalone workstation's role was whatever
 * its Settings said, so its states prove nothing: an editor's stories keep theirs (an editor could
 * have taken every step here), except that a scheduled one comes back approved (nothing goes out
 * without being scheduled on the server); everyone else's become drafts.
 */
function stateOnServer(actor: Actor, state: StoryState): StoryState {
  if (actor.role !== 'editor') return 'draft';
  return state === 'scheduled' ? 'approved' : state;
}

/**
 * `stories:upload`: a workstation's local stories at its first sign-in, each in its own
 * transaction, each idempotent: a story already here (a retry) gets only what it lacks (trail,
 * notes and versions by id; the body merged, Yjs dropping what it has, when the account may change
 * the text now, as on /collab). Nothing is dropped.
 */
export function createUploader(context: StoryContext) {
  const { db } = context.store;

  async function uploadOne(actor: Actor, uploaded: UploadedStory): Promise<UploadResult> {
    const { story } = uploaded;
    const damaged = [
      uploaded.bodyState,
      ...uploaded.versions.map((version) => version.bodyState),
    ].some((state) => !isYjsUpdate(Buffer.from(state, 'base64')));
    if (damaged)
      return {
        id: story.id,
        outcome: 'refused',
        message: `The body of "${story.headline}" (or of one of its versions) is not a readable document; nothing of it was uploaded.`,
      };
    const at = context.now();
    // Set when the story is here already and its text is not this account's to change now (the rule
    // /collab applies): trail, notes and versions are still added, the body is not merged.
    let textRefusal: string | null = null;
    const outcome = await db.transaction().execute(async (trx): Promise<UploadResult> => {
      const seq = await advanceCounter(trx, 'stories');
      const existing = await selectStory(trx, story.id);
      if (existing !== undefined && existing.owner_id !== actor.id && actor.role !== 'editor')
        return {
          id: story.id,
          outcome: 'refused',
          message: `The story "${existing.headline}" is ${existing.owner_name}’s on the server; yours stays on your workstation.`,
        };
      if (existing === undefined) {
        const state = stateOnServer(actor, story.state);
        await trx
          .insertInto('stories')
          .values({
            id: story.id,
            owner_id: actor.id,
            change_seq: seq,
            ...columnsOfStory({
              ...story,
              state,
              stateBeforeSpike: state === 'spiked' ? story.stateBeforeSpike : null,
              scheduledAt: null,
            }),
          })
          .execute();
        if (state !== story.state)
          await trx
            .insertInto('story_events')
            .values({
              id: newId(at),
              story_id: story.id,
              at,
              actor: actor.name,
              actor_login: actor.login,
              role: actor.role,
              action: 'upload',
              from_state: story.state,
              to_state: state,
              note: `Uploaded from a workstation where it was ${STATE_LABELS[story.state].toLowerCase()}; on the server it is ${STATE_LABELS[state].toLowerCase()}.`,
            })
            .execute();
      } else {
        const rights = storyRights(actor, accessOf(existing));
        if (!rights.body) textRefusal = rights.why ?? 'You may not change the text of this story.';
        await trx
          .updateTable('stories')
          .set({ change_seq: seq })
          .where('id', '=', story.id)
          .execute();
      }
      for (const event of uploaded.trail)
        await trx
          .insertInto('story_events')
          .values({
            id: event.id,
            story_id: story.id,
            at: event.at,
            actor: event.actor,
            actor_login: '',
            role: event.role,
            action: event.action,
            from_state: event.from,
            to_state: event.to,
            note: event.note,
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      for (const note of uploaded.notes)
        await trx
          .insertInto('story_notes')
          .values({
            id: note.id,
            story_id: story.id,
            at: note.at,
            author: note.author,
            author_login: '',
            role: note.role,
            text: note.text,
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      for (const version of uploaded.versions)
        await trx
          .insertInto('story_versions')
          .values({
            id: version.id,
            story_id: story.id,
            created_at: version.createdAt,
            author: version.author,
            reason: version.reason,
            label: version.label,
            fields: JSON.stringify(version.fields),
            body_state: Buffer.from(version.bodyState, 'base64'),
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      return existing === undefined
        ? { id: story.id, outcome: 'created', message: 'Uploaded.' }
        : {
            id: story.id,
            outcome: 'merged',
            message:
              textRefusal === null
                ? 'Already on the server: what it lacked was added.'
                : `Already on the server: what it lacked was added, but not your text: ${textRefusal}`,
          };
    });
    if (outcome.outcome !== 'refused' && textRefusal === null) {
      // The body goes through the documents seam: with collab running, into the live document.
      await context.documents.merge(story.id, Buffer.from(uploaded.bodyState, 'base64'));
    }
    context.onCommitted();
    return outcome;
  }

  return {
    async upload(
      actor: Actor,
      input: NewsroomRequest<'stories:upload'>,
    ): Promise<NewsroomOutput<'stories:upload'>> {
      const results: UploadResult[] = [];
      for (const uploaded of input.stories) results.push(await uploadOne(actor, uploaded));
      return { results };
    },
  };
}
