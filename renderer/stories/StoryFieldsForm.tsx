import { useId, useState, memo } from 'react';
import { findSection, type Limit, type PortalProfile } from '../../shared/portal/profile';
import { URGENCIES, URGENCY_LABELS, type StoryFields } from '../../shared/story/story';
import { measureAgainstLimit } from '../../shared/text/count';
import { isValidSlug, slugify } from '../../shared/text/slug';
import { FieldFlags } from '../spelling/FieldFlags';
import { HeadlineFit } from '../style/HeadlineFit';
import { SectionOptions } from './SectionOptions';

/** Splits the Keywords box into keywords (commas, Chinese commas, semicolons). */
export function parseKeywords(text: string): string[] {
  return text
    .split(/[,，、;；]/)
    .map((keyword) => keyword.trim())
    .filter((keyword) => keyword !== '');
}

function LimitCounter({ id, text, limit }: { id: string; text: string; limit: Limit }) {
  const measure = measureAgainstLimit(text, limit);
  const over = measure.count - measure.limit;
  return (
    <span id={id} className={measure.isOver ? 'field-counter is-over' : 'field-counter'}>
      {measure.count} / {measure.limit} {measure.unit}
      {measure.isOver ? ` — ${over} over the limit` : ''}
    </span>
  );
}

/** The languages a story is written in here: the portal's English, and Chinese. */
const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh', name: '中文 (Chinese)' },
];

type TextKey = Exclude<
  keyof StoryFields,
  'keywords' | 'urgency' | 'leadPhoto' | 'section' | 'language'
>;

/** The story's fields (DESIGN.md, Story model) with live counters on the limited ones. */
function StoryFieldsFormView({
  fields,
  profile,
  isReadOnly,
  onChange,
}: {
  fields: StoryFields;
  profile: PortalProfile;
  isReadOnly: boolean;
  onChange(patch: Partial<StoryFields>): void;
}) {
  const baseId = useId();
  const [keywordsText, setKeywordsText] = useState(() => fields.keywords.join(', '));
  const [keywordsSeen, setKeywordsSeen] = useState(fields.keywords);
  if (keywordsSeen !== fields.keywords) {
    // A restore replaced the keywords: show them, unless the box already says the same.
    setKeywordsSeen(fields.keywords);
    if (parseKeywords(keywordsText).join('\n') !== fields.keywords.join('\n')) {
      setKeywordsText(fields.keywords.join(', '));
    }
  }

  function textField(
    key: TextKey,
    label: string,
    options: { limit?: Limit; multiline?: boolean; isChecked?: boolean; showsFit?: boolean } = {},
  ) {
    const id = `${baseId}-${key}`;
    const counterId = `${id}-counter`;
    const flagsId = `${id}-flags`;
    const fitId = `${id}-fit`;
    const describedBy = [
      options.limit === undefined ? null : counterId,
      options.showsFit === true ? fitId : null,
      options.isChecked === true ? flagsId : null,
    ].filter((part) => part !== null);
    const common = {
      id,
      value: fields[key],
      readOnly: isReadOnly,
      'aria-describedby': describedBy.length === 0 ? undefined : describedBy.join(' '),
      onChange: (event: { target: { value: string } }) => onChange({ [key]: event.target.value }),
    };
    return (
      <div className={`story-field story-field-${key}`}>
        <label htmlFor={id}>{label}</label>
        {options.multiline === true ? (
          <textarea rows={3} {...common} />
        ) : (
          <input type="text" {...common} />
        )}
        {options.limit !== undefined ? (
          <LimitCounter id={counterId} text={fields[key]} limit={options.limit} />
        ) : null}
        {options.showsFit === true ? <HeadlineFit id={fitId} headline={fields[key]} /> : null}
        {options.isChecked === true ? (
          <FieldFlags
            id={flagsId}
            label={label}
            text={fields[key]}
            isReadOnly={isReadOnly}
            onReplace={(text) => onChange({ [key]: text })}
          />
        ) : null}
      </div>
    );
  }

  const isSlugFine = fields.slug === '' || isValidSlug(fields.slug);
  const isKnownSection = findSection(profile, fields.section) !== undefined;

  return (
    <div className="story-fields">
      {textField('headline', 'Headline', {
        limit: profile.limits.headline,
        isChecked: true,
        showsFit: true,
      })}
      {textField('subheadline', 'Subheadline', {
        limit: profile.limits.subheadline,
        isChecked: true,
      })}
      <div className="story-field story-field-slug">
        <label htmlFor={`${baseId}-slug`}>Slug</label>
        <input
          id={`${baseId}-slug`}
          type="text"
          value={fields.slug}
          readOnly={isReadOnly}
          aria-describedby={`${baseId}-slug-hint`}
          onChange={(event) => onChange({ slug: event.target.value })}
        />
        <span
          id={`${baseId}-slug-hint`}
          className={isSlugFine ? 'field-counter' : 'field-counter is-over'}
        >
          {isSlugFine
            ? 'Lower-case words joined by hyphens, e.g. wuxi-iot-deal'
            : 'Use only lower-case letters, digits and single hyphens (80 at most), e.g. wuxi-iot-deal'}
        </span>
        {fields.slug === '' && fields.headline.trim() !== '' && !isReadOnly ? (
          <button type="button" onClick={() => onChange({ slug: slugify(fields.headline) })}>
            Slug from headline
          </button>
        ) : null}
      </div>
      {textField('byline', 'Byline')}
      {textField('dateline', 'Dateline')}
      {textField('source', 'Source')}
      <div className="story-field story-field-section">
        <label htmlFor={`${baseId}-section`}>Section</label>
        <select
          id={`${baseId}-section`}
          value={fields.section}
          disabled={isReadOnly}
          onChange={(event) => onChange({ section: event.target.value })}
        >
          {isKnownSection ? null : (
            <option value={fields.section}>{fields.section || 'No section'}</option>
          )}
          <SectionOptions profile={profile} />
        </select>
      </div>
      <div className="story-field story-field-urgency">
        <label htmlFor={`${baseId}-urgency`}>Urgency</label>
        <select
          id={`${baseId}-urgency`}
          value={fields.urgency}
          disabled={isReadOnly}
          onChange={(event) => {
            const urgency = URGENCIES.find((value) => value === event.target.value);
            if (urgency !== undefined) onChange({ urgency });
          }}
        >
          {URGENCIES.map((urgency) => (
            <option key={urgency} value={urgency}>
              {URGENCY_LABELS[urgency]}
            </option>
          ))}
        </select>
      </div>
      <div className="story-field story-field-language">
        <label htmlFor={`${baseId}-language`}>Language</label>
        <select
          id={`${baseId}-language`}
          value={fields.language}
          disabled={isReadOnly}
          onChange={(event) => onChange({ language: event.target.value })}
        >
          {LANGUAGES.some((language) => language.code === fields.language) ? null : (
            <option value={fields.language}>{fields.language}</option>
          )}
          {LANGUAGES.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
      </div>
      {textField('summary', 'Summary', {
        limit: profile.limits.summary,
        multiline: true,
        isChecked: true,
      })}
      <div className="story-field story-field-keywords">
        <label htmlFor={`${baseId}-keywords`}>Keywords</label>
        <input
          id={`${baseId}-keywords`}
          type="text"
          value={keywordsText}
          readOnly={isReadOnly}
          placeholder="Separate keywords with commas"
          onChange={(event) => {
            const keywords = parseKeywords(event.target.value);
            setKeywordsText(event.target.value);
            setKeywordsSeen(keywords);
            onChange({ keywords });
          }}
        />
      </div>
      {textField('editorialNote', 'Editorial note', { multiline: true })}
    </div>
  );
}

/** Memoised: body edits re-render the story view, and these props do not change with them. */
export const StoryFieldsForm = memo(StoryFieldsFormView);
