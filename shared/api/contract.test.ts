import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME_PATTERN } from './channel';
import { CHANNEL_NAMES, contract } from './contract';

describe('the API contract', () => {
  it('names every channel noun:verb', () => {
    expect(CHANNEL_NAMES.filter((name) => !CHANNEL_NAME_PATTERN.test(name))).toEqual([]);
  });

  it('gives every channel an input and an output schema', () => {
    for (const spec of Object.values(contract)) {
      expect(typeof spec.input.safeParse).toBe('function');
      expect(typeof spec.output.safeParse).toBe('function');
    }
  });
});
