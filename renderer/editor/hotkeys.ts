import type { KeyboardEvent } from 'react';

/** Whether a key event is the given shortcut; `Mod` is Command on macOS and Control elsewhere. */
export function isHotkey(shortcut: string, event: KeyboardEvent): boolean {
  const parts = shortcut.split('+');
  const key = (parts[parts.length - 1] ?? '').toLowerCase();
  const wants = new Set(parts.slice(0, -1).map((part) => part.toLowerCase()));
  const isMac = /mac|iphone|ipad/i.test(navigator.platform);
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const other = isMac ? event.ctrlKey : event.metaKey;
  return (
    event.key.toLowerCase() === key &&
    mod === wants.has('mod') &&
    event.shiftKey === wants.has('shift') &&
    event.altKey === wants.has('alt') &&
    !other
  );
}
