/**
 * The kill test's child process: publishes, corrects and unpublishes stories without pause until
 * it is killed. Usage: `node publishLoop.mjs <data dir> <photo dir> <run>`; prints `ready`, then
 * one line per finished change.
 */
import path from 'node:path';
import { buildWuxiStory } from '../portal/wuxi';
import { openPhotoDirectory } from './photoDirectory';
import { correctAsEditor, openTestPublisher, publishAsEditor, unpublishAsEditor } from './requests';

async function main(): Promise<void> {
  const [dataDir, photoDir, run] = process.argv.slice(2);
  if (dataDir === undefined || photoDir === undefined || run === undefined) {
    throw new Error('usage: publishLoop <data dir> <photo dir> <run>');
  }
  const photos = await openPhotoDirectory(photoDir);
  const photoIds = JSON.parse(process.env.PHOTO_IDS ?? '[]') as string[];
  const publisher = openTestPublisher(dataDir, photos, { siteFolder: path.join(dataDir, 'site') });
  await publisher.problems();
  process.stdout.write('ready\n');
  for (let step = 0; ; step += 1) {
    const id = `01900000-0000-7000-8000-${run.padStart(4, '0')}${String(step).padStart(8, '0')}`;
    const photoId = photoIds[step % photoIds.length] ?? '';
    const story = buildWuxiStory({
      id,
      slug: `run-${run}-step-${step}`,
      headline: `Run ${run}, step ${step}`,
      section: step % 2 === 0 ? 'news/videos' : 'business',
      firstPublishedAt: null,
      lastPublishedAt: null,
      leadPhoto: { photoId, caption: 'Caption', credit: 'Credit', altText: 'Alt text' },
      body: [{ type: 'paragraph', children: [{ text: `Step ${step}.` }] }],
    });
    const published = await publishAsEditor(publisher, story);
    if (!published.ok) throw new Error(published.error.message);
    if (step % 3 === 2) {
      const corrected = await correctAsEditor(publisher, story, 'Corrected.');
      if (!corrected.ok) throw new Error(corrected.error.message);
    }
    if (step % 4 === 3) {
      const unpublished = await unpublishAsEditor(publisher, story, 'Test');
      if (!unpublished.ok) throw new Error(unpublished.error.message);
    }
    process.stdout.write(`done ${step}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
