import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { type Photo, RENDITION_WIDTHS } from '../../../shared/media/photo';
import { PHOTO_INDEX } from './photoDirectory';

/**
 * Makes real photos with sharp in `directory` (an original plus a WebP per portal width and a
 * thumbnail) and writes the index `openPhotoDirectory` reads.
 */
export async function makePhotos(
  directory: string,
  count: number,
  size = { width: 1200, height: 800 },
): Promise<Photo[]> {
  const photos: Photo[] = [];
  for (let index = 0; index < count; index += 1) {
    const original = await sharp({
      create: {
        width: size.width,
        height: size.height,
        channels: 3,
        background: { r: (index * 53) % 256, g: (index * 97) % 256, b: 160 },
      },
    })
      .jpeg()
      .toBuffer();
    const id = createHash('sha256').update(original).digest('hex');
    await mkdir(path.join(directory, id), { recursive: true });
    await writeFile(path.join(directory, id, 'original.webp'), original);
    const renditions: Photo['renditions'] = [];
    const targets = [
      { name: 'thumb', width: 400 },
      ...RENDITION_WIDTHS.map((width) => ({ name: `w${width}`, width })),
    ];
    for (const target of targets) {
      const width = Math.min(target.width, size.width);
      const { data, info } = await sharp(original)
        .resize({ width })
        .webp()
        .toBuffer({ resolveWithObject: true });
      await writeFile(path.join(directory, id, `${target.name}.webp`), data);
      renditions.push({
        name: target.name,
        width: info.width,
        height: info.height,
        mimeType: 'image/webp',
        byteSize: data.byteLength,
      });
    }
    photos.push({
      id,
      fileName: `photo-${index}.jpg`,
      mimeType: 'image/jpeg',
      width: size.width,
      height: size.height,
      byteSize: original.byteLength,
      importedAt: 0,
      updatedAt: 0,
      takenAt: null,
      objectName: '',
      city: 'Wuxi',
      country: 'China',
      caption: `Photo ${index}`,
      credit: '[Photo provided to China Daily]',
      photographer: '',
      copyright: '',
      altText: `A test photo, number ${index}`,
      renditions,
    });
  }
  await writeFile(path.join(directory, PHOTO_INDEX), JSON.stringify(photos));
  return photos;
}
