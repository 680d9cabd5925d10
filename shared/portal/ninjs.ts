/**
 * A published story as an IPTC NINJS 2.0 document (News in JSON), for agencies and apps: the same
 * words, body HTML and photos as its article page, with the times, urgency, language and section
 * NINJS readers sort and route by. Written by the publisher at `ninjs/<story id>.json`.
 */
import { assertNever } from '../result';
import { bodyToPlainText, type BlockElement } from '../story/body';
import type { PhotoRef, StoryWithBody, Urgency } from '../story/story';
import { countText } from '../text/count';
import { bylineNames, renderBody } from './article';
import type { ImageUrl } from './images';
import { absoluteImageUrl, absoluteUrl, sectionIndexPath } from './paths';
import { findSection, type PortalProfile } from './profile';
import { describeStory, type PortalPhoto } from './summary';
import { formatIsoInZone } from './time';

/** The schema a document names as its standard (kept as a test fixture and validated against). */
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json';

/** A name and what it is to the story (NINJS `people`, `subjects`, `infosources`). */
export interface NinjsConcept {
  name: string;
  rel?: string;
  uri?: string;
  literal?: string;
}

/** A text with its role: a headline, a description or a body. */
export interface NinjsText {
  role: string;
  contenttype?: string;
  value: string;
}

/** One file of a news object: the article page, or one size of a photo. */
export interface NinjsRendition {
  name: string;
  href: string;
  contenttype: string;
  width?: number;
  height?: number;
}

/** A photo the story shows, as an associated NINJS news object. */
export interface NinjsPicture {
  /** `lead` for the lead photo, `figure-1`, `figure-2`… for the body's figures in order. */
  name: string;
  uri: string;
  type: 'picture';
  /** The caption (`caption`), the credit (`creditline`) and the alt text (`alttext`). */
  descriptions: NinjsText[];
  renditions: NinjsRendition[];
}

/** The NINJS 2.0 properties this portal writes. */
export interface NinjsDocument {
  uri: string;
  standard: { name: 'ninjs'; version: '2.0'; schema: string };
  type: 'text';
  representationtype: 'full';
  version: string;
  firstcreated: string;
  versioncreated: string;
  pubstatus: 'usable' | 'canceled';
  urgency: number;
  language: string;
  slugline?: string;
  headlines: NinjsText[];
  descriptions?: NinjsText[];
  bodies: Array<NinjsText & { wordcount: number }>;
  by?: string;
  people?: NinjsConcept[];
  located?: string;
  subjects?: NinjsConcept[];
  infosources?: NinjsConcept[];
  ednote?: string;
  renditions: NinjsRendition[];
  associations?: NinjsPicture[];
}

/** Everything besides the story that its NINJS document is made from. */
export interface NinjsContext {
  profile: PortalProfile;
  /** The article's site path, fixed at first publication. */
  path: string;
  /** 1 at first publication, one more at each correction. */
  version: number;
  firstPublishedAt: number;
  lastPublishedAt: number;
  /** The portal view of every photo the story uses; a missing one is left out. */
  photos: ReadonlyMap<string, PortalPhoto>;
  /** The URL of a photo file, as from the NINJS file's own site path (see `ninjsPath`). */
  imageUrl: ImageUrl;
}

/** Where a story's NINJS document sits in the site. */
export function ninjsPath(storyId: string): string {
  return `ninjs/${encodeURIComponent(storyId)}.json`;
}

/**
 * NINJS urgency runs from 1 (most urgent) to 9 (least). Our four levels take the IPTC IIM
 * values agencies use (IIM 2:10: 1 most urgent, 5 normal, 8 least; 9 is left to private use), with
 * `urgent` between flash and normal.
 */
export function ninjsUrgency(urgency: Urgency): number {
  switch (urgency) {
    case 'flash':
      return 1;
    case 'urgent':
      return 3;
    case 'normal':
      return 5;
    case 'low':
      return 8;
    default:
      return assertNever(urgency);
  }
}

function present<T>(items: readonly T[]): T[] | undefined {
  return items.length === 0 ? undefined : [...items];
}

function trimmed(text: string): string | undefined {
  const value = text.trim();
  return value === '' ? undefined : value;
}

function picture(
  name: string,
  ref: Pick<PhotoRef, 'photoId' | 'caption' | 'credit' | 'altText'>,
  photo: PortalPhoto,
  context: NinjsContext,
  absolute: ImageUrl,
): NinjsPicture {
  const descriptions: NinjsText[] = [
    { role: 'caption', value: ref.caption.trim() },
    { role: 'creditline', value: ref.credit.trim() },
    { role: 'alttext', value: ref.altText.trim() },
  ].filter((description) => description.value !== '');
  return {
    name,
    uri: absoluteUrl(context.profile, `media/${photo.id}/`),
    type: 'picture',
    descriptions,
    renditions: photo.renditions.map((rendition) => ({
      name: rendition.name,
      href: absolute(photo.id, rendition.name),
      contenttype: rendition.mimeType,
      width: rendition.width,
      height: rendition.height,
    })),
  };
}

function pictures(story: StoryWithBody, context: NinjsContext, absolute: ImageUrl): NinjsPicture[] {
  const lead = story.leadPhoto === null ? [] : [{ name: 'lead', ref: story.leadPhoto }];
  const figures = story.body.flatMap((block) => (block.type === 'figure' ? [block] : []));
  return [...lead, ...figures.map((ref, index) => ({ name: `figure-${index + 1}`, ref }))].flatMap(
    ({ name, ref }) => {
      const photo = context.photos.get(ref.photoId);
      return photo === undefined ? [] : [picture(name, ref, photo, context, absolute)];
    },
  );
}

/** The place of a dateline (`NANJING, Feb 28` → `NANJING`; a dateline without a date is a place). */
function datelinePlace(dateline: string): string | undefined {
  return trimmed(dateline.split(',')[0] ?? '');
}

/** The words of a body as NINJS counts them: captions excluded. */
function bodyWordCount(body: readonly BlockElement[]): number {
  return countText(bodyToPlainText(body.filter((block) => block.type !== 'figure'))).words;
}

/** The NINJS 2.0 document of a published (or unpublished: `canceled`) story. */
export function buildNinjs(story: StoryWithBody, context: NinjsContext): NinjsDocument {
  const { profile } = context;
  const url = absoluteUrl(profile, context.path);
  const ownPath = ninjsPath(story.id);
  // Photos as absolute URLs: a NINJS reader has no page to resolve a relative one against.
  const absolute: ImageUrl = (photoId, name) =>
    absoluteImageUrl(profile, ownPath, context.imageUrl(photoId, name));
  const section = findSection(profile, story.section);
  const body = renderBody(story.body, {
    profile,
    path: context.path,
    now: context.lastPublishedAt,
    photos: context.photos,
    recent: [],
    imageUrl: absolute,
  });
  const description = describeStory(story);
  const subheadline = trimmed(story.subheadline);
  const source = trimmed(story.source) ?? trimmed(profile.sourceLine);
  const correction = trimmed(story.correctionNote);
  return {
    uri: url,
    standard: { name: 'ninjs', version: '2.0', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationtype: 'full',
    version: String(context.version),
    firstcreated: formatIsoInZone(context.firstPublishedAt, profile.timeZone),
    versioncreated: formatIsoInZone(context.lastPublishedAt, profile.timeZone),
    pubstatus: story.state === 'unpublished' ? 'canceled' : 'usable',
    urgency: ninjsUrgency(story.urgency),
    language: story.language,
    slugline: trimmed(story.slug),
    headlines: [
      { role: 'main', value: story.headline.trim() },
      ...(subheadline === undefined ? [] : [{ role: 'sub', value: subheadline }]),
    ],
    descriptions: description === '' ? undefined : [{ role: 'summary', value: description }],
    bodies: [
      {
        role: 'main',
        contenttype: 'text/html',
        value: body.text,
        wordcount: bodyWordCount(story.body),
      },
    ],
    by: trimmed(story.byline),
    people: present(bylineNames(story.byline).map((name) => ({ name, rel: 'author' }))),
    located: datelinePlace(story.dateline),
    subjects: present([
      ...(section === undefined
        ? []
        : [
            {
              name: section.name,
              rel: 'section',
              uri: absoluteUrl(profile, sectionIndexPath(section.id)),
              literal: section.id,
            },
          ]),
      ...story.keywords
        .map((keyword) => keyword.trim())
        .filter((keyword) => keyword !== '')
        .map((keyword) => ({ name: keyword, rel: 'keyword' })),
    ]),
    infosources: source === undefined ? undefined : [{ name: source.replace(/^\((.*)\)$/, '$1') }],
    ednote: correction === undefined ? undefined : `Correction: ${correction}`,
    renditions: [{ name: 'web', href: url, contenttype: 'text/html' }],
    associations: present(pictures(story, context, absolute)),
  };
}

/** The NINJS document as the file the publisher writes: JSON without absent properties. */
export function renderNinjs(story: StoryWithBody, context: NinjsContext): string {
  return `${JSON.stringify(buildNinjs(story, context), null, 2)}\n`;
}
