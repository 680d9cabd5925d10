import { useEffect, useState } from 'react';
import { errorMessage } from '../app/errorMessage';
import * as Y from 'yjs';
import { YjsEditor } from '@slate-yjs/core';
import {
  bodyHoldOf,
  collabUserName,
  linkStoryBody,
  type StoredBody,
  type StoryLink,
} from '../collab/collabHub';
import { createStoryEditor } from '../editor/createStoryEditor';
import type { StoryEditor } from '../editor/custom-types';
import { followStoredBody, loadBodyDoc, readStory } from './repository/stories';
import { bodyText } from './storyBody';
import { createStorySaver, type StorySaver } from './storySaver';
import { keepStrandedEdits } from './strandedEdits';

/** How long an empty body waits for the newsroom's copy before the editor starts on it. */
const FIRST_SYNC_WAIT_MS = 3000;

/**
 * An open story: its body document in memory, the saver that makes every edit durable, the link
 * that syncs the body with the newsroom (inert on a standalone workstation), and the Slate editor
 * bound to the document (with the undo manager of this story only).
 */
export interface StorySession {
  storyId: string;
  doc: Y.Doc;
  saver: StorySaver;
  link: StoryLink;
  editor: StoryEditor;
}

/**
 * Keeps a body's stranded edits (see `keepStrandedEdits`) after writing what its saver holds; the
 * saver stops listening first, so nothing typed later is written over the server's body.
 */
function strandedKeeper(
  storyId: string,
  doc: Y.Doc,
  saver: StorySaver,
): (why: string) => Promise<boolean> {
  return (why) =>
    keepStrandedEdits({
      storyId,
      doc,
      why,
      author: collabUserName(),
      flush: async () => {
        saver.dispose();
        await saver.flush();
      },
    });
}

/**
 * A story body from storage with a saver, for the background sync of bodies nobody has open (it
 * stores what arrives, and keeps stranded edits like an open story does). Null if it is not here.
 */
export async function openStoredBody(storyId: string): Promise<StoredBody | null> {
  const [{ doc }, row] = await Promise.all([loadBodyDoc(storyId), readStory(storyId)]);
  if (row === undefined) {
    doc.destroy();
    return null;
  }
  const saver = createStorySaver({ storyId, doc, now: Date.now, wordCount: row.wordCount });
  return {
    doc,
    keepStrandedEdits: strandedKeeper(storyId, doc, saver),
    async close() {
      saver.dispose();
      await saver.flush().catch(() => undefined);
      doc.destroy();
    },
  };
}

/**
 * Lets an open body go: the link and saver stop; edits still queued are written (and retried)
 * after the view closes, and the documents go only once they are durable.
 */
function letGoOf(link: StoryLink, saver: StorySaver, docs: readonly Y.Doc[]): () => void {
  return () => {
    link.close();
    saver.dispose();
    void saver.flush().then(
      () => {
        for (const doc of docs) doc.destroy();
      },
      () => undefined,
    );
  };
}

/** A body document, its saver and link, and what lets them go. */
interface OpenedBody {
  doc: Y.Doc;
  saver: StorySaver;
  link: StoryLink;
  letGo(): void;
}

/**
 * The stored body, saved as it is edited and linked to the newsroom, following what other
 * windows store for it.
 */
function openStoredSession(
  storyId: string,
  loaded: { doc: Y.Doc; lastUpdateId: number },
  wordCount: number,
  onReset: () => void,
): OpenedBody {
  const { doc, lastUpdateId } = loaded;
  const following = followStoredBody(storyId, doc, lastUpdateId);
  const saver = createStorySaver({
    storyId,
    doc,
    now: Date.now,
    wordCount,
    onBodyStored: following.passOver,
  });
  const link = linkStoryBody({
    storyId,
    doc,
    keepStrandedEdits: strandedKeeper(storyId, doc, saver),
    onReset,
  });
  const release = letGoOf(link, saver, [doc]);
  return {
    doc,
    saver,
    link,
    letGo() {
      following.stop();
      release();
    },
  };
}

/**
 * A held story (another account's unsent edits are in its stored body): the newsroom's text in a
 * document of its own, read-only and never stored or sent, and a saver for the fields alone (they
 * go in this account's outbox as usual).
 */
function openHeldSession(
  storyId: string,
  heldFor: string,
  wordCount: number,
  onReset: () => void,
): OpenedBody {
  const doc = new Y.Doc();
  const fieldsOnly = new Y.Doc();
  const saver = createStorySaver({ storyId, doc: fieldsOnly, now: Date.now, wordCount });
  const link = linkStoryBody({
    storyId,
    doc,
    heldFor,
    keepStrandedEdits: () => Promise.resolve(false),
    onReset,
  });
  return { doc, saver, link, letGo: letGoOf(link, saver, [doc, fieldsOnly]) };
}

/**
 * Opens a story body for editing: loads its stored updates into a Y.Doc, starts its saver, links
 * it to the newsroom, connects a new editor, and keeps applying updates other windows store for
 * it. When the newsroom refuses edits made here (stranded, kept as a version), the stored body is
 * reset to the server's and the session opens again on it. When the stored body holds another
 * account's unsent edits, the session shows the newsroom's text instead, read-only, and opens
 * again when that changes. On close, the editor is disconnected and its undo manager destroyed
 * (undo never reaches another story), and the saver finishes writing before the document is let
 * go.
 */
export function useStorySession(storyId: string): {
  session: StorySession | null;
  error: string | null;
} {
  const [session, setSession] = useState<StorySession | null>(null);
  const [error, setError] = useState<{ storyId: string; message: string } | null>(null);
  const [opening, setOpening] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    let cleanup: (() => void) | null = null;
    const opened = Promise.all([
      loadBodyDoc(storyId),
      readStory(storyId),
      bodyHoldOf(storyId),
    ]).then(async ([loaded, row, heldFor]) => {
      if (!isCurrent || row === undefined || heldFor !== null) loaded.doc.destroy();
      if (!isCurrent || row === undefined) return;
      function reopen(): void {
        if (isCurrent) setOpening((count) => count + 1);
      }
      const { doc, saver, link, letGo } =
        heldFor === null
          ? openStoredSession(storyId, loaded, row.wordCount, reopen)
          : openHeldSession(storyId, heldFor, row.wordCount, reopen);
      // A body nobody has written here yet may exist on the server: wait (briefly) for it, or
      // the editor's first empty paragraph would be added beside the server's first paragraph.
      if (bodyText(doc).length === 0) await link.firstSync(FIRST_SYNC_WAIT_MS);
      if (!isCurrent) {
        letGo();
        return;
      }
      const editor = createStoryEditor(bodyText(doc));
      YjsEditor.connect(editor);
      cleanup = () => {
        YjsEditor.disconnect(editor);
        editor.undoManager.destroy();
        letGo();
      };
      setSession({ storyId, doc, saver, link, editor });
    });
    opened.catch((caught: unknown) => {
      if (!isCurrent) return;
      setError({ storyId, message: `The story could not be opened: ${errorMessage(caught)}` });
    });
    return () => {
      isCurrent = false;
      cleanup?.();
    };
  }, [storyId, opening]);

  return {
    session: session?.storyId === storyId ? session : null,
    error: error?.storyId === storyId ? error.message : null,
  };
}
