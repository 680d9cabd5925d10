import { describe, expect, it } from 'vitest';
import { spellableWords } from './words';

function words(text: string): string[] {
  return spellableWords(text).map((word) => word.word);
}

describe('spellableWords', () => {
  it('finds the Latin-script words of prose, with their places', () => {
    expect(spellableWords("Wuxi's goverment said, “yes”.")).toEqual([
      { word: "Wuxi's", start: 0, end: 6 },
      { word: 'goverment', start: 7, end: 16 },
      { word: 'said', start: 17, end: 21 },
      { word: 'yes', start: 24, end: 27 },
    ]);
  });

  it('takes Chinese, words in capitals, words joined to digits and addresses out of spelling', () => {
    expect(
      words(
        '无锡市 CETC and 5G or COVID-19 at https://www.chinadaily.com.cn/a.html mail news@chinadaily.com.cn or chinadaily.com.cn #Wuxi @wuxi ok',
      ),
    ).toEqual(['and', 'or', 'at', 'mail', 'or', 'ok']);
  });

  it('judges hyphenated words part by part, and reads ’ as an apostrophe', () => {
    expect(words('state-owned city’s')).toEqual(['state', 'owned', "city's"]);
  });
});
