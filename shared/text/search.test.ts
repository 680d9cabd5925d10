import { describe, expect, it } from 'vitest';
import { queryTerms, segmentWords, storySearchTerms } from './search';

describe('segmentWords', () => {
  it('splits Chinese into dictionary words rather than one run', () => {
    expect(segmentWords('无锡产业发展')).toEqual(['无锡', '产业', '发展']);
  });

  it('lower-cases, folds full-width letters and drops punctuation and repeats', () => {
    expect(segmentWords('Wuxi, ＷＵＸＩ and IoT!')).toEqual(['wuxi', 'and', 'iot']);
  });
});

describe('storySearchTerms', () => {
  it('indexes headline, slug and keyword words and every Han character', () => {
    expect(
      storySearchTerms({
        headline: 'Wuxi reaps 无锡产业',
        slug: 'wuxi-iot-deal',
        keywords: ['CETC'],
      }),
    ).toEqual(['wuxi', 'reaps', '无锡', '产业', 'iot', 'deal', 'cetc', '无', '锡', '产', '业']);
  });
});

describe('queryTerms', () => {
  it('keeps English words and splits Chinese words into characters', () => {
    expect(queryTerms('IoT 无锡')).toEqual(['iot', '无', '锡']);
  });

  it('gives no terms for a query of only punctuation', () => {
    expect(queryTerms(' ,. ')).toEqual([]);
  });
});
