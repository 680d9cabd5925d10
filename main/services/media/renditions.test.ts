import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeRenditions, renditionTargets, writeRenditions } from './renditions';

describe('rendition targets', () => {
  it('make the thumbnail and every width, never upscaling a small photo', () => {
    expect(renditionTargets(700).map((target) => target.names)).toEqual([
      ['thumb'],
      ['w320'],
      ['w640'],
      ['w1024', 'w1600'],
    ]);
  });
});

describe('writing renditions', () => {
  it('answers a failed write only after every other write has settled', async () => {
    const { data, info } = await sharp({
      create: { width: 1800, height: 1200, channels: 3, background: '#336699' },
    })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const encoded = await encodeRenditions({ data, info }, 1800, false);
    const events: string[] = [];
    const failure = await writeRenditions(encoded, '/nowhere', async (file) => {
      if (file.endsWith('thumb.jpg')) {
        events.push('thumb failed');
        throw new Error('disk full');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push(`${file.slice('/nowhere/'.length)} written`);
    }).catch((error: unknown) => {
      events.push('answered');
      return error;
    });
    expect({ failure, last: events.at(-1), count: events.length }).toEqual({
      failure: new Error('disk full'),
      last: 'answered',
      count: 6,
    });
  });
});
