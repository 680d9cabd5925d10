/**
 * The named properties of an object and no others: a database row carries more (its body doc,
 * its search terms) than what versions, the API and comparisons take, and an archive entry
 * less than its record (no story, no photos).
 */
export function pickKeys<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) picked[key] = source[key];
  // Every key of the list was assigned just above: the partial is whole.
  return picked as Pick<T, K>;
}
