import { parseIfMatch, revisionEtag } from './etag';

describe('revision entity tags', () => {
  it('round-trips a revision through ETag and If-Match', () => {
    expect(revisionEtag(7)).toBe('"7"');
    expect(parseIfMatch(revisionEtag(7))).toEqual({ revision: 7 });
    expect(parseIfMatch(' "12" ')).toEqual({ revision: 12 });
  });

  it('tells a missing If-Match from a malformed one', () => {
    expect(parseIfMatch(undefined)).toEqual({ missing: true });
    expect(parseIfMatch('  ')).toEqual({ missing: true });
    for (const value of ['*', 'W/"3"', '3', '"0"', '"3", "4"', '"abc"', '"12345678901"']) expect(parseIfMatch(value)).toEqual({ invalid: value });
  });
});
