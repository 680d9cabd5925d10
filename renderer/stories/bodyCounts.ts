import { Node, type Descendant } from 'slate';
import { addCounts, countText, type TextCount } from '../../shared/text/count';

/** Counts per block object: Slate keeps unchanged blocks identical, so a keystroke recounts one. */
const blockCounts = new WeakMap<object, TextCount>();

function countBlock(block: Descendant): TextCount {
  const cached = blockCounts.get(block);
  if (cached !== undefined) return cached;
  const counted =
    'type' in block && block.type === 'figure'
      ? countText(block.caption)
      : 'type' in block && (block.type === 'bulleted-list' || block.type === 'numbered-list')
        ? addCounts(block.children.map(countBlock))
        : countText(Node.string(block));
  blockCounts.set(block, counted);
  return counted;
}

/** Words and characters of a body (figure captions included, as the portal shows them). */
export function countBody(body: readonly Descendant[]): TextCount {
  return addCounts(body.map(countBlock));
}
