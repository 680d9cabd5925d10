import { describe, expect, it } from 'vitest';
import { bodyLimitOf, createLargeRequestGate, DEFAULT_BODY_LIMIT, HttpError } from './requestBody';

describe('the body limit of a channel', () => {
  it('is small for JSON channels and larger only where a channel needs it', () => {
    expect([
      bodyLimitOf('settings:update'),
      bodyLimitOf('nothing:here'),
      bodyLimitOf('__proto__'),
      bodyLimitOf('portal:publish'),
      bodyLimitOf('media:import'),
    ]).toEqual([
      DEFAULT_BODY_LIMIT,
      DEFAULT_BODY_LIMIT,
      DEFAULT_BODY_LIMIT,
      16 * 1024 * 1024,
      200 * 1024 * 1024,
    ]);
  });
});

describe('the gate of large requests', () => {
  it('lets a few in at once, queues the next in order, refuses past the queue, and frees a slot once', async () => {
    const gate = createLargeRequestGate({ concurrent: 2, waiting: 2 });
    const entered: string[] = [];
    const first = await gate.enter();
    await gate.enter();
    const third = gate.enter().then((release) => {
      entered.push('third');
      return release;
    });
    const fourth = gate.enter().then((release) => {
      entered.push('fourth');
      return release;
    });
    const refused = await gate.enter().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toEqual(
      new HttpError(503, 'The workstation is busy with other large requests. Try again.'),
    );
    expect(entered).toEqual([]);
    first();
    first();
    await third;
    expect(entered).toEqual(['third']);
    (await third)();
    await fourth;
    expect(entered).toEqual(['third', 'fourth']);
  });
});
