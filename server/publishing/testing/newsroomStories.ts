import type { Body, FigureElement } from '../../../shared/story/body';
import { buildJpeg } from '../../../tests/support/images';
import { uploadPhoto } from '../../../tests/support/newsroom/photoUpload';
import { stateOfBody } from '../../stories/storyBody';
import type { NewsroomHarness } from '../../testing/newsroomHarness';

/** A photo uploaded by the photo desk, captioned as the publish gate wants it. */
export async function uploadCaptionedPhoto(
  harness: NewsroomHarness,
  color = '#2a6',
): Promise<{ id: string; caption: string; credit: string; altText: string }> {
  const bytes = await buildJpeg({ width: 800, height: 600, color });
  const answer = await uploadPhoto(harness.url, harness.tokens.photoDesk, bytes, {
    name: `photo-${color.slice(1)}.jpg`,
  });
  const id = answer.body.value?.photo.id;
  if (id === undefined) throw new Error(`The upload was refused: ${JSON.stringify(answer.body)}`);
  const photo = await harness.value(
    'photo:update',
    {
      id,
      fields: {
        caption: `Workers at a plant in Wuxi (${color}).`,
        credit: 'Photo provided to China Daily',
        altText: 'Workers at an assembly line',
      },
    },
    'photoDesk',
  );
  return { id, caption: photo.caption, credit: photo.credit, altText: photo.altText };
}

/** What a test story is: its fields, its one photo, the state `completeStory` moves it to. */
export interface StoryOptions {
  headline: string;
  slug: string;
  section?: string;
  state: 'draft' | 'submitted' | 'approved';
  photo?: { id: string; caption: string; credit: string; altText: string };
  /** About how many characters of text the body has beyond its first sentence (none by default). */
  bodyCharacters?: number;
}

/** Paragraphs of about `characters` characters in all, each of a few thousand. */
function longParagraphs(characters: number): Body {
  const sentence = 'The Grand Canal carries more freight through Wuxi than any road in the city. ';
  const paragraph = sentence.repeat(Math.ceil(4000 / sentence.length));
  return Array.from({ length: Math.ceil(characters / paragraph.length) }, () => ({
    type: 'paragraph' as const,
    children: [{ text: paragraph }],
  }));
}

/**
 * A story of the reporter's that passes the publish gate, with a figure of `photo` when given,
 * moved to `state` by the people whose job it is.
 */
export async function completeStory(
  harness: NewsroomHarness,
  options: StoryOptions,
): Promise<string> {
  const { id } = await harness.value(
    'story:create',
    { headline: options.headline, byline: 'Li Wei' },
    'reporter',
  );
  await harness.value(
    'story:update',
    {
      id,
      changes: { slug: options.slug, section: options.section ?? 'business' },
      base: { slug: '', section: 'news' },
    },
    'reporter',
  );
  const figures: FigureElement[] =
    options.photo === undefined
      ? []
      : [
          {
            type: 'figure',
            photoId: options.photo.id,
            caption: options.photo.caption,
            credit: options.photo.credit,
            altText: options.photo.altText,
            children: [{ text: '' }],
          },
        ];
  const body: Body = [
    { type: 'paragraph', children: [{ text: `${options.headline}: the city of Wuxi said so.` }] },
    ...longParagraphs(options.bodyCharacters ?? 0),
    ...figures,
  ];
  await harness.newsroom.bodies.save(id, stateOfBody(body));
  if (options.state === 'draft') return id;
  await harness.value('story:transition', { id, action: 'submit' }, 'reporter');
  if (options.state === 'submitted') return id;
  await harness.value('story:transition', { id, action: 'approve' }, 'editor');
  return id;
}

/** A complete story approved and then published by the editor: its id and the publish answer. */
export async function publishStory(harness: NewsroomHarness, options: Omit<StoryOptions, 'state'>) {
  const id = await completeStory(harness, { ...options, state: 'approved' });
  const published = await harness.value('story:transition', { id, action: 'publish' }, 'editor');
  return { id, published };
}

/** The business story with its captioned photo, published: where site and target tests start. */
export async function publishPartnershipStory(harness: NewsroomHarness) {
  const photo = await uploadCaptionedPhoto(harness);
  return {
    photo,
    ...(await publishStory(harness, {
      headline: 'Wuxi reaps strong partnership',
      slug: 'wuxi-partnership',
      photo,
    })),
  };
}
