/** The providers of this renderer: what they apply to a Y.Doc came from the newsroom. */
const receivedOrigins = new WeakSet<object>();

/** Registers a provider, whose updates are then `received` (stored unflagged, never sent back). */
export function addReceivedOrigin(origin: object): void {
  receivedOrigins.add(origin);
}

/** Whether a Y.Doc update came from the newsroom (a provider), not from this workstation. */
export function isReceivedOrigin(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && receivedOrigins.has(origin);
}
