import { z } from 'zod';
import { isOneOf } from '../oneOf';
import { assertNever } from '../result';
import {
  type Photo,
  type PhotoFields,
  photoFieldsSchema,
  photoSchema,
  renditionSchema,
} from './photo';

/** The five fields the photo desk edits, in the order the forms show them. */
export const PHOTO_FIELD_NAMES = [
  'caption',
  'credit',
  'photographer',
  'copyright',
  'altText',
] as const;
export type PhotoFieldName = (typeof PHOTO_FIELD_NAMES)[number];

/** The fields the photo desk edits, of a photo (the rest of its record left out). */
export function photoFieldsOf(photo: PhotoFields): PhotoFields {
  return {
    caption: photo.caption,
    credit: photo.credit,
    photographer: photo.photographer,
    copyright: photo.copyright,
    altText: photo.altText,
  };
}

/** Whether two records hold the same value in each of the named fields. */
function sameIn<T>(first: T, second: T, names: readonly (keyof T)[]): boolean {
  return names.every((name) => first[name] === second[name]);
}

/** Whether two sets of photo fields say the same. */
export function samePhotoFields(first: PhotoFields, second: PhotoFields): boolean {
  return sameIn(first, second, PHOTO_FIELD_NAMES);
}

const PHOTO_VALUE_NAMES = photoSchema.keyof().options.filter((name) => name !== 'renditions');
const RENDITION_NAMES = renditionSchema.keyof().options;

/** Whether two photo records say the same: every field, and every rendition in the same order. */
export function samePhoto(first: Photo, second: Photo): boolean {
  return (
    sameIn(first, second, PHOTO_VALUE_NAMES) &&
    first.renditions.length === second.renditions.length &&
    first.renditions.every((rendition, index) => {
      const other = second.renditions[index];
      return other !== undefined && sameIn(rendition, other, RENDITION_NAMES);
    })
  );
}

/** How each field is named to people (UI.md: the accessible names of the textboxes). */
export const PHOTO_FIELD_LABELS: Record<PhotoFieldName, string> = {
  caption: 'Caption',
  credit: 'Credit',
  photographer: 'Photographer',
  copyright: 'Copyright',
  altText: 'Alt text',
};

/** Which photos a library listing shows. */
export const PHOTO_FILTERS = ['all', 'uncaptioned', 'incomplete', 'complete'] as const;
export type PhotoFilter = (typeof PHOTO_FILTERS)[number];

/** How each filter is named to people. */
export const PHOTO_FILTER_LABELS: Record<PhotoFilter, string> = {
  all: 'All photos',
  uncaptioned: 'Without caption',
  incomplete: 'Missing caption, credit or alt text',
  complete: 'Ready to publish',
};

/** Whether a string (e.g. a select's value) is one of the filters. */
export function isPhotoFilter(value: string): value is PhotoFilter {
  return isOneOf(PHOTO_FILTERS, value);
}

/** How a library listing is ordered. */
export const PHOTO_SORTS = ['uncaptionedFirst', 'newest', 'oldest', 'takenNewest'] as const;
export type PhotoSort = (typeof PHOTO_SORTS)[number];

/** How each order is named to people. */
export const PHOTO_SORT_LABELS: Record<PhotoSort, string> = {
  uncaptionedFirst: 'Uncaptioned first',
  newest: 'Newest imported first',
  oldest: 'Oldest imported first',
  takenNewest: 'Newest taken first',
};

/** Whether a string (e.g. a select's value) is one of the orders. */
export function isPhotoSort(value: string): value is PhotoSort {
  return isOneOf(PHOTO_SORTS, value);
}

/** A library listing request: free-text search plus a filter and an order. */
export const photoQuerySchema = z.object({
  text: z.string().max(500).default(''),
  filter: z.enum(PHOTO_FILTERS).default('all'),
  sort: z.enum(PHOTO_SORTS).default('uncaptionedFirst'),
});
export type PhotoQuery = z.infer<typeof photoQuerySchema>;

/** A page of a listing: the query plus how many photos to return at most (the first ones). */
export const photoListRequestSchema = photoQuerySchema.extend({
  limit: z.number().int().min(1).max(100_000).default(200),
});
export type PhotoListRequest = z.infer<typeof photoListRequestSchema>;

/** One field of a batch caption: applied or not, appended to or replacing what is there. */
export const batchFieldSchema = z.object({
  enabled: z.boolean(),
  mode: z.enum(['append', 'replace']),
  value: z.string().max(5000),
});
export type BatchField = z.infer<typeof batchFieldSchema>;

/** What `Caption selected` applies: each of the five fields ticked on or off. */
export const batchCaptionSchema = z.object({
  caption: batchFieldSchema,
  credit: batchFieldSchema,
  photographer: batchFieldSchema,
  copyright: batchFieldSchema,
  altText: batchFieldSchema,
});
export type BatchCaption = z.infer<typeof batchCaptionSchema>;

/** A batch caption that changes nothing: every field off, ready for the form to tick. */
export function emptyBatchCaption(): BatchCaption {
  const off = (): BatchField => ({ enabled: false, mode: 'replace', value: '' });
  return { caption: off(), credit: off(), photographer: off(), copyright: off(), altText: off() };
}

/** Appends with one space between, unless either side is empty or already ends in whitespace. */
function appendText(existing: string, addition: string): string {
  if (existing === '') return addition;
  if (addition === '') return existing;
  return /\s$/.test(existing) ? `${existing}${addition}` : `${existing} ${addition}`;
}

/** The fields of one photo after a batch caption (pure: the photo is not changed). */
export function applyBatchCaption(fields: PhotoFields, batch: BatchCaption): PhotoFields {
  const next = { ...fields };
  for (const name of PHOTO_FIELD_NAMES) {
    const field = batch[name];
    if (!field.enabled) continue;
    next[name] = field.mode === 'append' ? appendText(fields[name], field.value) : field.value;
  }
  return photoFieldsSchema.parse(next);
}

/** The fields a photo still needs before a story with it may be published. */
export function missingPublishFields(photo: PhotoFields): PhotoFieldName[] {
  return (['caption', 'credit', 'altText'] as const).filter((name) => photo[name].trim() === '');
}

function matchesFilter(photo: Photo, filter: PhotoFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'uncaptioned':
      return photo.caption.trim() === '';
    case 'incomplete':
      return missingPublishFields(photo).length > 0;
    case 'complete':
      return missingPublishFields(photo).length === 0;
    default:
      return assertNever(filter);
  }
}

function searchableText(photo: Photo): string {
  return [
    photo.fileName,
    photo.caption,
    photo.credit,
    photo.photographer,
    photo.copyright,
    photo.altText,
    photo.objectName,
    photo.city,
    photo.country,
  ]
    .join('\n')
    .toLowerCase();
}

function compareBy(sort: PhotoSort): (a: Photo, b: Photo) => number {
  const newestFirst = (a: Photo, b: Photo) =>
    b.importedAt - a.importedAt || a.id.localeCompare(b.id);
  switch (sort) {
    case 'uncaptionedFirst':
      return (a, b) =>
        Number(a.caption.trim() !== '') - Number(b.caption.trim() !== '') || newestFirst(a, b);
    case 'newest':
      return newestFirst;
    case 'oldest':
      return (a, b) => a.importedAt - b.importedAt || a.id.localeCompare(b.id);
    case 'takenNewest':
      return (a, b) => (b.takenAt ?? -Infinity) - (a.takenAt ?? -Infinity) || newestFirst(a, b);
    default:
      return assertNever(sort);
  }
}

/**
 * The photos a query selects, in its order. Every word of the search text must occur somewhere in
 * the photo's text (case-insensitive); Chinese text matches as a substring, no segmentation needed.
 */
export function queryPhotos(photos: readonly Photo[], query: PhotoQuery): Photo[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  return photos
    .filter((photo) => matchesFilter(photo, query.filter))
    .filter((photo) => {
      if (words.length === 0) return true;
      const text = searchableText(photo);
      return words.every((word) => text.includes(word));
    })
    .sort(compareBy(query.sort));
}
