import { describe, expect, it } from 'vitest';
import { buildStory } from '../../tests/support/buildStory';
import { blankStoryFields, fieldPatchOf, fieldsOf, storyOf, workflowOf } from './story';

const story = buildStory({
  ...blankStoryFields({ headline: 'Wuxi reaps strong partnership', keywords: ['CETC'] }),
  state: 'submitted',
  updatedAt: 2000,
  wordCount: 4,
});

/** A database row: the story and what the database adds (its search terms, its body doc). */
const row = { ...story, searchTerms: ['wuxi'], body: { isDoc: true } };

describe('the story model', () => {
  it('picks the fields a person edits, in reading order, and nothing else', () => {
    const fields = fieldsOf(row);
    expect(fields).toEqual(
      blankStoryFields({
        headline: 'Wuxi reaps strong partnership',
        keywords: ['CETC'],
      }),
    );
    expect(Object.keys(fields)).toEqual([
      'headline',
      'subheadline',
      'slug',
      'byline',
      'dateline',
      'source',
      'section',
      'urgency',
      'language',
      'summary',
      'keywords',
      'editorialNote',
      'leadPhoto',
    ]);
  });

  it('picks a whole story out of a row without its search terms or body', () => {
    expect(storyOf(row)).toEqual(story);
  });

  it('picks the workflow fields a transition writes', () => {
    expect(workflowOf(row)).toEqual({
      state: 'submitted',
      stateBeforeSpike: null,
      scheduledAt: null,
      publishedPath: null,
      correctionNote: '',
      firstPublishedAt: null,
      lastPublishedAt: null,
    });
  });

  it('keeps only field changes of a patch, dropping workflow or unknown properties', () => {
    const patch = { headline: 'Wuxi gains', state: 'published', isAdmin: true };
    expect(fieldPatchOf(patch)).toEqual({ headline: 'Wuxi gains' });
  });
});
