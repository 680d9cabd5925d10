import * as Y from 'yjs';
import { ok, type Result } from '../../shared/result';
import type { Story, StoryWithBody } from '../../shared/story/story';
import type { StoryRow } from '../db/db';
import { bodyOfDoc, loadBodyDoc } from '../stories/storyBody';
import { storyDataOf } from '../stories/storyRepository';

/** The plain story of a database row, without the body doc and search terms. */
export function storyOfRow(row: StoryRow): Story {
  return { id: row.id, ...storyDataOf(row) };
}

/** A story with its body, and the body's Y.Doc state for a version snapshot. */
export interface LoadedStory {
  story: StoryWithBody;
  bodyState: Uint8Array;
}

/**
 * Reads a story's body as it is durable now, through the same reader the editor loads with (every
 * stored update into a fresh Y.Doc), so what is checked and published is what was saved.
 */
export async function loadStoryWithBody(row: StoryRow): Promise<Result<LoadedStory>> {
  const { doc } = await loadBodyDoc(row.id);
  try {
    return ok({
      story: { ...storyOfRow(row), body: bodyOfDoc(doc) },
      bodyState: Y.encodeStateAsUpdate(doc),
    });
  } finally {
    doc.destroy();
  }
}
