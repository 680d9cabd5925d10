import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/** What a live query has answered last. */
type LiveAnswer<T> = { value: T } | { error: unknown };

/**
 * A Dexie live query, subscribed once each time `deps` change; the previous answer stays until the
 * next one comes, and an error is thrown to the nearest error boundary. dexie-react-hooks'
 * `useLiveQuery` does the same but, looking for a synchronous first value on mount, subscribes,
 * unsubscribes and subscribes again: every query ran twice when a view opened.
 */
export function useLive<T>(querier: () => Promise<T> | T, deps: DependencyList): T | undefined {
  const [answer, setAnswer] = useState<LiveAnswer<T> | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(querier).subscribe({
      next: (value) => setAnswer({ value }),
      error: (error: unknown) => setAnswer({ error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as useLiveQuery takes them
  }, deps);
  if (answer !== undefined && 'error' in answer) throw answer.error;
  return answer?.value;
}
