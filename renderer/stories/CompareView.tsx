import type { ReactNode } from 'react';
import { bodyToPlainText, type Body } from '../../shared/story/body';
import {
  STORY_FIELD_KEYS,
  URGENCY_LABELS,
  type StoryFieldKey,
  type StoryFields,
} from '../../shared/story/story';
import { diffWords, type DiffPart } from '../../shared/text/diff';

/** One side of a comparison: a version or the story as it is now. */
export interface CompareSide {
  title: string;
  fields: StoryFields;
  body: Body;
}

/** How each field is named and read in a comparison: one entry per field of the schema. */
const FIELD_ROWS: Record<StoryFieldKey, { label: string; text(fields: StoryFields): string }> = {
  headline: { label: 'Headline', text: (fields) => fields.headline },
  subheadline: { label: 'Subheadline', text: (fields) => fields.subheadline },
  slug: { label: 'Slug', text: (fields) => fields.slug },
  byline: { label: 'Byline', text: (fields) => fields.byline },
  dateline: { label: 'Dateline', text: (fields) => fields.dateline },
  source: { label: 'Source', text: (fields) => fields.source },
  section: { label: 'Section', text: (fields) => fields.section },
  urgency: { label: 'Urgency', text: (fields) => URGENCY_LABELS[fields.urgency] },
  language: { label: 'Language', text: (fields) => fields.language },
  summary: { label: 'Summary', text: (fields) => fields.summary },
  keywords: { label: 'Keywords', text: (fields) => fields.keywords.join(', ') },
  editorialNote: { label: 'Editorial note', text: (fields) => fields.editorialNote },
  leadPhoto: {
    label: 'Lead photo',
    text: (fields) =>
      fields.leadPhoto === null
        ? ''
        : [fields.leadPhoto.caption, fields.leadPhoto.credit, fields.leadPhoto.altText]
            .filter((part) => part !== '')
            .join(' · '),
  },
};

/** Diff parts as text with insertions in <ins> and deletions in <del>. */
export function DiffText({ parts }: { parts: DiffPart[] }): ReactNode {
  return parts.map((part, index) => {
    switch (part.kind) {
      case 'insert':
        return <ins key={index}>{part.text}</ins>;
      case 'delete':
        return <del key={index}>{part.text}</del>;
      default:
        return <span key={index}>{part.text}</span>;
    }
  });
}

/** What changed from an older side to a newer one, in every field and in the body. */
export function CompareView({
  before,
  after,
  onClose,
}: {
  before: CompareSide;
  after: CompareSide;
  onClose(): void;
}) {
  const bodyParts = diffWords(bodyToPlainText(before.body), bodyToPlainText(after.body));
  const hasBodyChanges = bodyParts.some((part) => part.kind !== 'equal');
  return (
    <section className="compare" aria-label="Comparison">
      <header className="compare-header">
        <h3>
          Changes from {before.title} to {after.title}
        </h3>
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </header>
      <table className="compare-fields">
        <caption>Fields</caption>
        <tbody>
          {STORY_FIELD_KEYS.map((key) => {
            const row = FIELD_ROWS[key];
            const parts = diffWords(row.text(before.fields), row.text(after.fields));
            const isChanged = parts.some((part) => part.kind !== 'equal');
            return (
              <tr key={row.label} className={isChanged ? 'is-changed' : undefined}>
                <th scope="row">{row.label}</th>
                <td>
                  {isChanged ? (
                    <DiffText parts={parts} />
                  ) : (
                    <span className="unchanged">No change</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>Body</h4>
      <div className="compare-body" aria-label="Body changes">
        {hasBodyChanges ? (
          <DiffText parts={bodyParts} />
        ) : (
          <span className="unchanged">No change</span>
        )}
      </div>
    </section>
  );
}
