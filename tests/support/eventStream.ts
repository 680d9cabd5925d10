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
    }
  })().catch(() => undefined);
  return {
    events,
    async waitFor(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find((event) => match(event.data));
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return null;
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}
