import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/** What a live query has answered last. */
type LiveAnswer<T> = { value: T } | { error: unknown };

/**
 * A Dexie live query, subscribed once each time `deps` change; the previous answer stays until the
 * next different one comes (by `Object.is`: a count or a flag answered again renders nothing), and
 * an error is thrown to the nearest error boundary. dexie-react-hooks'
 * `useLiveQuery` does the same but, looking for a synchronous first value on mount, subscribes,
 * unsubscribes and subscribes again: every query ran twice when a view opened.
 */
export function useLive<T>(querier: () => Promise<T> | T, deps: DependencyList): T | undefined {
  const [answer, setAnswer] = useState<LiveAnswer<T> | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(querier).subscribe({
      // The same answer again (a write the query watches that left its result as it was) keeps
      // the state, so the component does not render again.
      next: (value) =>
        setAnswer((previous) =>
          previous !== undefined && 'value' in previous && Object.is(previous.value, value)
            ? previous
            : { value },
        ),
      error: (error: unknown) => setAnswer({ error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as useLiveQuery takes them
  }, deps);
  if (answer !== undefined && 'error' in answer) throw answer.error;
  return answer?.value;
}
