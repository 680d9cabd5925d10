import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from './ids';

describe('uuidv7', () => {
  it('formats version 7 and the RFC variant around the given time', () => {
    const id = uuidv7(0x0190_1234_5678, new Uint8Array(10).fill(0xff));
    expect(id).toBe('01901234-5678-7fff-bfff-ffffffffffff');
    expect(uuidv7Time(id)).toBe(0x0190_1234_5678);
  });

  it('sorts ids made later after ids made earlier', () => {
    const random = new Uint8Array(10);
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((time) =>
      uuidv7(time, random),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses too little randomness', () => {
    expect(() => uuidv7(1, new Uint8Array(4))).toThrow(RangeError);
  });
});
