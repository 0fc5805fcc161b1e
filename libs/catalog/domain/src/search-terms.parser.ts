import { MAX_SEARCH_TERMS } from './catalog.limits';
import { tokenize } from './keywords.tokenizer';

/**
 * Every word must match a keyword exactly, except the last, which matches as a prefix because
 * the shopper may still be typing it ("enamel ket" finds "Enamel kettle").
 */
export interface SearchTerms {
  words: string[];
  prefix: string;
}

export function parseSearchTerms(query: string): SearchTerms | null {
  const tokens = tokenize(query).slice(0, MAX_SEARCH_TERMS);
  const prefix = tokens.pop();
  return prefix === undefined ? null : { words: tokens, prefix };
}
