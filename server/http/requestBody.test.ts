import { describe, expect, it } from 'vitest';
import { BodyError, parseJsonBody } from './requestBody';

describe('reading a JSON request', () => {
  it('refuses a body nested deeper than 32 levels before parsing it', () => {
    const deep = Buffer.from(`${'['.repeat(33)}${']'.repeat(33)}`);
    expect(() => parseJsonBody(deep)).toThrow(
      new BodyError(400, 'The request nests deeper than 32 levels.'),
    );
    expect(parseJsonBody(Buffer.from(`${'['.repeat(32)}${']'.repeat(32)}`))).toHaveLength(1);
  });

  it('reads an empty body as {} and refuses broken JSON', () => {
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({});
    expect(() => parseJsonBody(Buffer.from('{"a":'))).toThrow(
      new BodyError(400, 'The request body is not valid JSON.'),
    );
  });
});
