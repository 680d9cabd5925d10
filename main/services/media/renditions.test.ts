import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renditionTargets, writeRenditions } from './renditions';

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
      create: { width: 700, height: 500, channels: 3, background: '#336699' },
    })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const events: string[] = [];
    const failure = await writeRenditions({ data, info }, 700, false, '/nowhere', async (file) => {
      // w1024 and w1600 share one encoding (the photo's own width), written side by side.
      if (file.endsWith('w1024.jpg')) {
        events.push('w1024 failed');
        throw new Error('disk full');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push(`${file.slice('/nowhere/'.length)} written`);
    }).catch((error: unknown) => {
      events.push('answered');
      return error;
    });
    expect({ failure, events }).toEqual({
      failure: new Error('disk full'),
      events: [
        'thumb.jpg written',
        'w320.jpg written',
        'w640.jpg written',
        'w1024 failed',
        'w1600.jpg written',
        'answered',
      ],
    });
  });
});
