import { slateNodesToInsertDelta } from '@slate-yjs/core';
import * as Y from 'yjs';
import type { Figure, FigureEdit, NewsroomResult } from '../../shared/api/newsroom';
import { bodyToPlainText, type Body, type FigureElement } from '../../shared/story/body';
import { bodyText } from '../../shared/story/bodyState';
import { countText } from '../../shared/text/count';
import { assertNever } from '../../shared/result';
import { refusal, success } from '../outcome';

// One reader of bodies for the workstation's main and the server (shared/story/bodyState.ts).
export { bodyOfState, bodyText, docOfState, stateOfBody } from '../../shared/story/bodyState';

/** Words of a body as the workstation counts them (figure captions included). */
export function wordCountOf(body: Body): number {
  return countText(bodyToPlainText(body)).words;
}

/** The top-level blocks of the body as Yjs sees them: the element (or text) and its offset. */
function topLevel(doc: Y.Doc): Array<{ offset: number; element: Y.XmlText | null }> {
  const blocks: Array<{ offset: number; element: Y.XmlText | null }> = [];
  let offset = 0;
  for (const item of bodyText(doc).toDelta() as Array<{ insert: unknown }>) {
    if (typeof item.insert === 'string') {
      offset += item.insert.length;
      continue;
    }
    blocks.push({ offset, element: item.insert instanceof Y.XmlText ? item.insert : null });
    offset += 1;
  }
  return blocks;
}

function figureOf(element: Y.XmlText | null, blockIndex: number): Figure | null {
  if (element === null) return null;
  const attributes = element.getAttributes() as Record<string, unknown>;
  if (attributes.type !== 'figure' || typeof attributes.photoId !== 'string') return null;
  const text = (key: string) =>
    typeof attributes[key] === 'string' ? (attributes[key] as string) : '';
  return {
    blockIndex,
    photoId: attributes.photoId,
    caption: text('caption'),
    credit: text('credit'),
    altText: text('altText'),
  };
}

/** The figures of a body, with their block positions. */
export function figuresOf(doc: Y.Doc): Figure[] {
  return topLevel(doc).flatMap((block, index) => {
    const figure = figureOf(block.element, index);
    return figure === null ? [] : [figure];
  });
}

/** Among the blocks showing this photo, the one nearest the index the client saw it at. */
function nearestFigure(
  photoIds: ReadonlyArray<string | null>,
  photoId: string,
  blockIndex: number,
): number | null {
  let best: number | null = null;
  photoIds.forEach((candidate, index) => {
    if (candidate !== photoId) return;
    if (best === null || Math.abs(index - blockIndex) < Math.abs(best - blockIndex)) best = index;
  });
  return best;
}

type ResolvedEdit =
  | {
      op: 'update';
      index: number;
      changes: Partial<Pick<Figure, 'caption' | 'credit' | 'altText'>>;
    }
  | { op: 'insert'; index: number; figure: FigureElement }
  | { op: 'remove'; index: number };

/**
 * Applies figure edits to a story document in one Yjs transaction, all or none: each edit names its
 * figure by position and photo, found again (nearest position with that photo) if the text moved
 * it meanwhile. Answers the figures after the edits.
 */
export function applyFigureEdits(
  doc: Y.Doc,
  edits: readonly FigureEdit[],
): NewsroomResult<Figure[]> {
  // Resolve every edit on a model of the block list first, so a refusal changes nothing.
  const photoIds = topLevel(doc).map(
    (block, index) => figureOf(block.element, index)?.photoId ?? null,
  );
  const resolved: ResolvedEdit[] = [];
  const reasons: string[] = [];
  edits.forEach((edit, number) => {
    if (edit.op === 'insert') {
      const index = Math.min(edit.blockIndex, photoIds.length);
      photoIds.splice(index, 0, edit.photoId);
      resolved.push({
        op: 'insert',
        index,
        figure: {
          type: 'figure',
          photoId: edit.photoId,
          caption: edit.caption,
          credit: edit.credit,
          altText: edit.altText,
          children: [{ text: '' }],
        },
      });
      return;
    }
    const index = nearestFigure(photoIds, edit.photoId, edit.blockIndex);
    if (index === null) {
      reasons.push(
        `Edit ${number + 1}: the story has no figure of photo ${edit.photoId.slice(0, 12)}… any more.`,
      );
      return;
    }
    if (edit.op === 'remove') {
      photoIds.splice(index, 1);
      resolved.push({ op: 'remove', index });
      return;
    }
    const changes: ResolvedEdit & { op: 'update' } = { op: 'update', index, changes: {} };
    if (edit.caption !== undefined) changes.changes.caption = edit.caption;
    if (edit.credit !== undefined) changes.changes.credit = edit.credit;
    if (edit.altText !== undefined) changes.changes.altText = edit.altText;
    resolved.push(changes);
  });
  if (reasons.length > 0)
    return refusal('conflict', 'The figures changed meanwhile: nothing was applied.', reasons);

  doc.transact(() => {
    const content = bodyText(doc);
    for (const edit of resolved) {
      const blocks = topLevel(doc);
      switch (edit.op) {
        case 'update': {
          const element = blocks[edit.index]?.element;
          for (const [key, value] of Object.entries(edit.changes))
            element?.setAttribute(key, value);
          break;
        }
        case 'insert': {
          const offset = blocks[edit.index]?.offset ?? content.length;
          const [element] = slateNodesToInsertDelta([edit.figure]);
          if (element !== undefined && element.insert instanceof Y.XmlText)
            content.insertEmbed(offset, element.insert);
          break;
        }
        case 'remove': {
          const offset = blocks[edit.index]?.offset;
          if (offset !== undefined) content.delete(offset, 1);
          break;
        }
        default:
          assertNever(edit);
      }
    }
  });
  return success(figuresOf(doc));
}
