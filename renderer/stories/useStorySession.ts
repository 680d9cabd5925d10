import { useEffect, useState } from 'react';
import { errorMessage } from '../app/errorMessage';
import type * as Y from 'yjs';
import { YjsEditor } from '@slate-yjs/core';
import { createStoryEditor } from '../editor/createStoryEditor';
import type { StoryEditor } from '../editor/custom-types';
import { followStoredBody, loadBodyDoc, readStory } from './repository/stories';
import { bodyText } from './storyBody';
import { createStorySaver, type StorySaver } from './storySaver';

/**
 * An open story: its body document in memory, the saver that makes every edit durable, and the
 * Slate editor bound to the document (with the undo manager of this story only).
 */
export interface StorySession {
  storyId: string;
  doc: Y.Doc;
  saver: StorySaver;
  editor: StoryEditor;
}

/**
 * Opens a story body for editing: loads its stored updates into a Y.Doc, starts its saver, connects
 * a new editor, and keeps applying updates other windows store for it. On close, the editor is
 * disconnected and its undo manager destroyed (undo never reaches another story), and the saver
 * finishes writing before the document is let go.
 */
export function useStorySession(storyId: string): {
  session: StorySession | null;
  error: string | null;
} {
  const [session, setSession] = useState<StorySession | null>(null);
  const [error, setError] = useState<{ storyId: string; message: string } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    let cleanup: (() => void) | null = null;
    const opening = Promise.all([loadBodyDoc(storyId), readStory(storyId)]).then(
      ([loaded, row]) => {
        const { doc, lastUpdateId } = loaded;
        if (!isCurrent || row === undefined) {
          doc.destroy();
          return;
        }
        const saver = createStorySaver({ storyId, doc, now: Date.now, wordCount: row.wordCount });
        const stopFollowing = followStoredBody(storyId, doc, lastUpdateId);
        const editor = createStoryEditor(bodyText(doc));
        YjsEditor.connect(editor);
        cleanup = () => {
          YjsEditor.disconnect(editor);
          editor.undoManager.destroy();
          stopFollowing();
          saver.dispose();
          // Edits still queued are written (and retried) after the view closes; the document goes
          // only once they are durable.
          void saver.flush().then(
            () => doc.destroy(),
            () => undefined,
          );
        };
        setSession({ storyId, doc, saver, editor });
      },
    );
    opening.catch((caught: unknown) => {
      if (!isCurrent) return;
      setError({ storyId, message: `The story could not be opened: ${errorMessage(caught)}` });
    });
    return () => {
      isCurrent = false;
      cleanup?.();
    };
  }, [storyId]);

  return {
    session: session?.storyId === storyId ? session : null,
    error: error?.storyId === storyId ? error.message : null,
  };
}
