/** The message of something thrown, for a sentence shown to people. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
