import { describe, expect, it } from 'vitest';
import { isOneOf } from './oneOf';

const SORTS = ['newest', 'oldest'] as const;

describe('isOneOf', () => {
  it('answers whether a string is one of the list, exactly and case-sensitively', () => {
    expect(
      ['newest', 'oldest', 'Newest', 'newest ', '', 'toString'].map((value) =>
        isOneOf(SORTS, value),
      ),
    ).toEqual([true, true, false, false, false, false]);
  });

  it('knows nothing of an empty list', () => {
    expect(isOneOf([], 'newest')).toBe(false);
  });
});
