/** A Server-Sent Events stream of a newsroom server (`GET /api/events`), read by a test. */
export interface EventListener {
  /** Every `data:` line so far, with when it arrived. */
  events: Array<{ at: number; data: string }>;
  /** The first event (already seen, or still to come) whose data matches; null after the timeout. */
  waitFor(
    match: (data: string) => boolean,
    timeoutMs: number,
  ): Promise<{ at: number; data: string } | null>;
  close(): Promise<void>;
}

/** Opens `GET /api/events` with a session token and collects the data lines it sends. */
export function listenToEvents(url: string, token: string): EventListener {
  const controller = new AbortController();
  const events: Array<{ at: number; data: string }> = [];
  // Each waitFor sleeps until the next event (or its deadline): no polling delay in what it times.
  const waiters = new Set<() => void>();
  const done = (async () => {
    const response = await fetch(`${url}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) return;
      buffered += decoder.decode(chunk.value, { stream: true });
      const parts = buffered.split('\n\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) {
        const data = /^data: (.*)$/m.exec(part)?.[1];
        if (data !== undefined) events.push({ at: Date.now(), data });
      }
      for (const wake of [...waiters]) wake();
    }
  })().catch(() => undefined);
  return {
    events,
    async waitFor(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let looked = 0;
      for (;;) {
        const found = events.slice(looked).find((event) => match(event.data));
        if (found !== undefined) return found;
        looked = events.length;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return null;
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, remaining);
          waiters.add(wake);
        });
      }
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}
