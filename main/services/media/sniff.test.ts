import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  buildEmptyFile,
  buildJpeg,
  buildPng,
  buildTextFile,
  buildWebp,
} from '../../../tests/support/images';
import { detectImageFormat, recognizeOtherImage } from './sniff';

describe('recognising files by content', () => {
  it('knows JPEG, PNG and WebP by their first bytes and nothing else', async () => {
    expect([
      detectImageFormat(await buildJpeg()),
      detectImageFormat(await buildPng()),
      detectImageFormat(await buildWebp()),
      detectImageFormat(buildTextFile()),
      detectImageFormat(buildEmptyFile()),
    ]).toEqual(['jpeg', 'png', 'webp', null, null]);
  });

  it('names the other image formats photographers bring', async () => {
    const create = { width: 8, height: 8, channels: 3, background: '#ff0000' } as const;
    const gif = await sharp({ create }).gif().toBuffer();
    const tiff = await sharp({ create }).tiff().toBuffer();
    const heic = Uint8Array.from([
      0,
      0,
      0,
      24,
      ...new TextEncoder().encode('ftypheic'),
      0,
      0,
      0,
      0,
    ]);
    expect([gif, tiff, heic, buildTextFile()].map((bytes) => recognizeOtherImage(bytes))).toEqual([
      'GIF',
      'TIFF (or camera raw)',
      'HEIC/HEIF',
      null,
    ]);
  });
});
