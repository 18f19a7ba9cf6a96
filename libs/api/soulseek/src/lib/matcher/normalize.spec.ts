import { findPhrase, normalise, ratio, tokens } from './normalize';

describe('normalise', () => {
  it('strips diacritics, folds case and maps letters NFKD keeps', () => {
    expect(normalise('Mötley Crüe')).toBe('motley crue');
    expect(normalise('Beyoncé')).toBe('beyonce');
    expect(normalise('MØ')).toBe('mo');
    expect(normalise('Ærøskøbing Straße')).toBe('aeroskobing strasse');
  });

  it('turns & into "and", drops apostrophes and replaces punctuation with spaces', () => {
    expect(normalise("Guns N' Roses")).toBe('guns n roses');
    expect(normalise('Earth, Wind & Fire')).toBe('earth wind and fire');
    expect(normalise('Don’t Stop Me Now')).toBe('dont stop me now');
    expect(normalise('AC/DC')).toBe('ac dc');
    expect(normalise('Where Is My Mind?')).toBe('where is my mind');
    expect(normalise('The_White_Stripes-Seven_Nation_Army')).toBe('the white stripes seven nation army');
  });

  it('keeps dotted acronyms as one word', () => {
    expect(normalise('R.E.M.')).toBe('rem');
    expect(normalise('C.R.E.A.M. (Cash Rules Everything Around Me)')).toBe('cream cash rules everything around me');
    expect(normalise('Still D.R.E.')).toBe('still dre');
    // Not an acronym: a two-letter abbreviation.
    expect(normalise('Mr. Jones')).toBe('mr jones');
  });

  it('keeps non-Latin scripts as words', () => {
    const title = tokens('사랑을 했다 (LOVE SCENARIO)');
    expect(title).toHaveLength(4);
    expect(findPhrase(tokens('iKON - 사랑을 했다.flac'), title.slice(0, 2))).toBe(1);
    expect(tokens('LiSA - 紅蓮華')).toEqual(['lisa', '紅蓮華']);
  });
});

describe('phrase search works on whole words', () => {
  it('does not find "live" inside "alive" or "oliver"', () => {
    expect(findPhrase(tokens("Stayin' Alive"), ['live'])).toBe(-1);
    expect(findPhrase(tokens("Oliver's Army"), ['live'])).toBe(-1);
    expect(findPhrase(tokens('Live Forever (Live)'), ['live'], undefined, true)).toBe(2);
  });
});

describe('ratio', () => {
  it('is 1 for equal strings and drops with edits', () => {
    expect(ratio('believe', 'believe')).toBe(1);
    expect(ratio('believe', 'believe in me')).toBeLessThan(0.8);
    expect(ratio('goin', 'going')).toBeGreaterThan(0.85);
  });
});
