import { slateNodesToInsertDelta, yTextToSlateElement } from '@slate-yjs/core';
import * as Y from 'yjs';
import type { Body } from '../../shared/story/body';
import { blockSchema } from '../../shared/story/schema';

/** The key of the body's shared type in the story Y.Doc (the workflow and portal code read it). */
export const BODY_KEY = 'content';

/** The origin of changes read back from the database, so they are not written again. */
export const STORED_ORIGIN = Symbol('stored');

/** The shared XmlText of a story body, bound to Slate by @slate-yjs/core. */
export function bodyText(doc: Y.Doc): Y.XmlText {
  return doc.get(BODY_KEY, Y.XmlText);
}

/** A new Y.Doc holding a body (used for new stories and to read versions). */
export function docWithBody(body: Body): Y.Doc {
  const doc = new Y.Doc();
  bodyText(doc).applyDelta(slateNodesToInsertDelta(body));
  return doc;
}

/**
 * The body a Y.Doc holds, as plain Slate JSON. Blocks that do not match the body schema (which the
 * editor's normalizer never lets persist) are dropped rather than passed on to preview or publish.
 */
export function bodyOfDoc(doc: Y.Doc): Body {
  const root = yTextToSlateElement(bodyText(doc));
  return root.children.flatMap((node) => {
    const parsed = blockSchema.safeParse(node);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The body stored in a version (its `bodyState`, a Yjs v1 update). */
export function bodyOfState(state: Uint8Array): Body {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const body = bodyOfDoc(doc);
  doc.destroy();
  return body;
}
