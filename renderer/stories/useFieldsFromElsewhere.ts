import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { fieldsOf, STORY_FIELD_KEYS, type StoryFields } from '../../shared/story/story';
import type { StoryRow } from '../db/db';

/**
 * Brings into an open story's form the field values that reach its stored row from elsewhere (the
 * newsroom's changes, another window) while it is open. What the form itself saved comes back
 * through the row too, possibly a few keystrokes late: those values are recognised and never
 * replace what is being typed. Answers the function the form calls with every change it saves.
 */
export function useFieldsFromElsewhere(
  row: StoryRow,
  current: RefObject<StoryFields>,
  adopt: (patch: Partial<StoryFields>) => void,
): (saved: Partial<StoryFields>) => void {
  const stored = useMemo(() => fieldsOf(row), [row]);
  const seen = useRef(stored);
  /** Per field, the values this form saved that the row has not caught up with yet (as JSON). */
  const written = useRef(new Map<string, Set<string>>());

  useEffect(() => {
    const before = seen.current;
    seen.current = stored;
    const changed = STORY_FIELD_KEYS.filter((key) => {
      const value = JSON.stringify(stored[key]);
      if (value === JSON.stringify(before[key])) return false;
      if (value === JSON.stringify(current.current[key])) {
        // The row holds what the form shows: every save of this field has landed.
        written.current.delete(key);
        return false;
      }
      return written.current.get(key)?.has(value) !== true;
    });
    if (changed.length > 0) adopt(Object.fromEntries(changed.map((key) => [key, stored[key]])));
  }, [stored, current, adopt]);

  return useCallback((saved: Partial<StoryFields>) => {
    for (const [key, value] of Object.entries(saved)) {
      const values = written.current.get(key) ?? new Set<string>();
      values.add(JSON.stringify(value));
      written.current.set(key, values);
    }
  }, []);
}
