import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './jsonDepth';

describe('the nesting check of a JSON text', () => {
  it('counts arrays and objects but not brackets inside strings, escapes included', () => {
    expect([
      jsonDepthExceeds('[[["x"]]]', 3),
      jsonDepthExceeds('[[[["x"]]]]', 3),
      jsonDepthExceeds('{"a":"[[[[[[[[["}', 1),
      jsonDepthExceeds('{"a":"\\"[[[[[[[[["}', 1),
      jsonDepthExceeds('{"a":{"b":[1,{"c":2}]}}', 3),
      jsonDepthExceeds('"just a string"', 0),
    ]).toEqual([false, true, false, false, true, false]);
  });
});
