import { describe, expect, it } from 'vitest';
import { pickKeys } from './pickKeys';

describe('pickKeys', () => {
  it('copies the named properties, undefined and null ones too, and no others', () => {
    const row = { id: 'a', headline: 'Lanterns', note: undefined, photo: null, terms: ['x'] };
    expect(pickKeys(row, ['id', 'note', 'photo'])).toStrictEqual({
      id: 'a',
      note: undefined,
      photo: null,
    });
  });
});
