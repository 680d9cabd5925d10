import { findSection, type PortalProfile } from '../portal/profile';
import { bodyToPlainText, type Body } from '../story/body';
import type { PhotoRef, StoryFields } from '../story/story';
import { isValidSlug } from '../text/slug';

/** What the gate reads: the story fields and its body. */
export interface GateInput {
  fields: StoryFields;
  body: Body;
}

function photoReasons(
  where: string,
  photo: Pick<PhotoRef, 'caption' | 'credit' | 'altText'>,
): string[] {
  const missing = [
    photo.caption.trim() === '' ? 'caption' : null,
    photo.credit.trim() === '' ? 'credit' : null,
    photo.altText.trim() === '' ? 'alt text' : null,
  ].filter((name) => name !== null);
  return missing.map((name) => `${where}: add the ${name}.`);
}

/**
 * The publish gate, checked before Publish, Schedule and Publish correction: every reason the story
 * cannot go out, all at once, each starting with the field to fix as the story view labels it.
 * An empty list means it may be published.
 */
export function publishGate({ fields, body }: GateInput, profile: PortalProfile): string[] {
  const reasons: string[] = [];
  if (fields.headline.trim() === '') reasons.push('Headline: write a headline.');
  if (fields.section.trim() === '') reasons.push('Section: choose a section.');
  else if (findSection(profile, fields.section) === undefined)
    reasons.push(`Section: "${fields.section}" is not a section of the portal; choose another.`);
  if (fields.byline.trim() === '') reasons.push('Byline: add the byline.');
  if (bodyToPlainText(body).trim() === '') reasons.push('Story body: write the story.');
  if (fields.slug.trim() === '') reasons.push('Slug: add a slug.');
  else if (!isValidSlug(fields.slug))
    reasons.push(
      `Slug: "${fields.slug}" is not valid; use lower-case letters, digits and single hyphens.`,
    );
  if (fields.leadPhoto !== null) reasons.push(...photoReasons('Lead photo', fields.leadPhoto));
  let figureNumber = 0;
  for (const block of body) {
    if (block.type !== 'figure') continue;
    figureNumber += 1;
    reasons.push(...photoReasons(`Figure ${figureNumber}`, block));
  }
  return reasons;
}
