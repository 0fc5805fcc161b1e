import { MAX_SEARCH_TERMS } from './catalog.limits';
import { parseSearchTerms } from './search-terms.parser';

describe('parseSearchTerms', () => {
  it('matches every word exactly except the last, which is a prefix', () => {
    expect(parseSearchTerms('Enamel  KET')).toEqual({ words: ['enamel'], prefix: 'ket' });
    expect(parseSearchTerms('kettle')).toEqual({ words: [], prefix: 'kettle' });
  });

  it('has nothing to search for in punctuation or one-letter words', () => {
    expect(parseSearchTerms('!! - a')).toBeNull();
  });

  it('caps the number of words', () => {
    const terms = parseSearchTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '));
    expect(terms && terms.words.length + 1).toBe(MAX_SEARCH_TERMS);
  });
});
