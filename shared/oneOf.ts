/**
 * Whether a string is one of a closed list (an `as const` tuple), narrowing it to the list's
 * union: a select's value, a stored column or a request's field checked against what is known.
 */
export function isOneOf<const Value extends string>(
  values: readonly Value[],
  value: string,
): value is Value {
  return values.some((known) => known === value);
}
