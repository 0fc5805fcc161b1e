import { bearerToken, sameToken } from './admin-token.guard';

describe('admin token', () => {
  it('compares whole tokens, whatever their lengths', () => {
    expect(sameToken('s3cret-token-of-some-length', 's3cret-token-of-some-length')).toBe(true);
    expect(sameToken('s3cret-token-of-some-length', 's3cret-token-of-some-lengtH')).toBe(false);
    expect(sameToken('short', 's3cret-token-of-some-length')).toBe(false);
    expect(sameToken('', 'x')).toBe(false);
  });

  it('reads only a Bearer authorization', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic YWxhZGRpbjpvcGVu')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
