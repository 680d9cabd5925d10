import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createMediaLibrary } from '../../main/services/media/mediaLibrary';
import { RENDITION_WIDTHS } from '../../shared/media/photo';

/**
 * A camera-like JPEG: smooth shapes and fine grain, so the encoder and decoder work as hard as on a
 * real photo (a flat colour would decode far faster than anything a photographer files).
 */
export async function buildPhoto(width: number, height: number, seed: number): Promise<Buffer> {
  const coarse = await sharp({
    create: {
      width: Math.ceil(width / 40),
      height: Math.ceil(height / 40),
      channels: 3,
      background: { r: 90, g: 120, b: 160 },
      noise: { type: 'gaussian', mean: 120 + (seed % 40), sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  const grain = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 128, sigma: 8 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return sharp(coarse)
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Camera' } })
    .toBuffer();
}

/** The same JPEG with a comment segment after SOI: other bytes (another SHA-256), same pixels. */
export function variantOf(jpeg: Buffer, index: number): Buffer {
  const text = Buffer.from(`bench variant ${index}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** Raw samples (ms) of the import benchmark. */
export interface MediaSamples {
  width: number;
  height: number;
  bytes: number;
  renditions: number;
  import: number[];
  singleResize: number[];
}

/**
 * The photo library's import of one photo (content check, SHA-256, staging, every rendition,
 * embedded metadata, atomic writes) against sharp decoding the same file and writing one resize.
 */
export async function runMediaBenchmark(options: {
  width: number;
  height: number;
  repetitions: number;
}): Promise<MediaSamples> {
  const { width, height, repetitions } = options;
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'bench-media-'));
  try {
    const photo = await buildPhoto(width, height, 1);
    const library = createMediaLibrary(mediaDir, { onWarning: () => undefined });
    // Warm up: the library's index and sharp's thread pool are ready before the first timing.
    const warmup = await library.importFile('warmup.jpg', await buildPhoto(800, 600, 2));
    if (!warmup.ok) throw new Error(`The warm-up import failed: ${warmup.error.message}`);
    const largest = Math.max(...RENDITION_WIDTHS);
    const samples: MediaSamples = {
      width,
      height,
      bytes: photo.length,
      renditions: 0,
      import: [],
      singleResize: [],
    };
    for (let run = 0; run < repetitions; run += 1) {
      const bytes = variantOf(photo, run);
      let start = performance.now();
      const result = await library.importFile(`photo-${run}.jpg`, new Uint8Array(bytes));
      samples.import.push(performance.now() - start);
      if (!result.ok) throw new Error(`The import failed: ${result.error.message}`);
      samples.renditions = result.value.photo.renditions.length;

      start = performance.now();
      const resized = await sharp(bytes)
        .resize({ width: largest })
        .jpeg({ quality: 82 })
        .toBuffer();
      writeFileSync(path.join(mediaDir, `single-${run}.jpg`), resized);
      samples.singleResize.push(performance.now() - start);
    }
    return samples;
  } finally {
    rmSync(mediaDir, { recursive: true, force: true });
  }
}

/** Writes `count` distinct camera-like JPEGs into a folder for the renderer's import benchmark. */
export async function writePhotos(
  folder: string,
  count: number,
  width: number,
  height: number,
): Promise<string[]> {
  const photo = await buildPhoto(width, height, 3);
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = path.join(folder, `desk-${String(index + 1).padStart(2, '0')}.jpg`);
    writeFileSync(file, variantOf(photo, 1000 + index));
    files.push(file);
  }
  return files;
}
