/**
 * Whether a JSON text nests arrays and objects deeper than `limit`, found in one pass without
 * parsing (strings skipped, their escapes honoured) and stopping as soon as the limit is passed, so
 * an absurdly nested body is refused before JSON.parse recurses into it.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isInString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) isInString = false;
    } else if (code === 0x22) {
      isInString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}
