import { slateNodesToInsertDelta, yTextToSlateElement } from '@slate-yjs/core';
import * as Y from 'yjs';
import type { Body } from './body';
import { blockSchema } from './schema';

/** The key of the body's shared type in a story's Y.Doc (bound to Slate on workstations). */
const BODY_KEY = 'content';

/** The shared XmlText of a story body. */
export function bodyText(doc: Y.Doc): Y.XmlText {
  return doc.get(BODY_KEY, Y.XmlText);
}

/**
 * The body a Y.Doc holds, as plain data. Blocks outside the body schema (which the workstation's
 * editor never lets persist) are left out, as before preview and publishing.
 */
export function bodyOfDoc(doc: Y.Doc): Body {
  const root = yTextToSlateElement(bodyText(doc));
  return root.children.flatMap((node) => {
    const parsed = blockSchema.safeParse(node);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A Y.Doc from a stored state (null: a story whose body nobody has written yet). */
export function docOfState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
}

/** The body of a stored state (a Yjs v1 update). */
export function bodyOfState(state: Uint8Array | null): Body {
  const doc = docOfState(state);
  const body = bodyOfDoc(doc);
  doc.destroy();
  return body;
}

/** A new Y.Doc holding a body (a new story's, or one made from plain data). */
export function docWithBody(body: Body): Y.Doc {
  const doc = new Y.Doc();
  bodyText(doc).applyDelta(slateNodesToInsertDelta(body));
  return doc;
}

/** A Yjs state holding a body (for tests, and for versions made from plain data). */
export function stateOfBody(body: Body): Uint8Array {
  const doc = docWithBody(body);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
