import { blankStoryFields, type Story } from '../../shared/story/story';

/**
 * A draft story for tests, created at 1000 and not updated since, with any property overridden:
 * `buildStory({ id: '…', state: 'submitted', headline: 'Wuxi reaps' })`.
 */
export function buildStory(overrides: Partial<Story> = {}): Story {
  return {
    ...blankStoryFields(),
    id: '0190a000-0000-7000-8000-000000000001',
    state: 'draft',
    stateBeforeSpike: null,
    scheduledAt: null,
    publishedPath: null,
    correctionNote: '',
    createdBy: 'Li Qiang',
    createdAt: 1000,
    updatedAt: 1000,
    firstPublishedAt: null,
    lastPublishedAt: null,
    wordCount: 0,
    ...overrides,
  };
}
