import type { IncomingMessage } from 'node:http';
import { requestId } from './logger.module';

const withHeader = (header?: string) =>
  requestId({ headers: header === undefined ? {} : { 'x-request-id': header } } as unknown as IncomingMessage);

describe('requestId', () => {
  it('keeps a well-formed id from the caller', () => {
    expect(withHeader('checkout-42')).toBe('checkout-42');
  });

  it('issues a fresh id when none or a malformed one arrives', () => {
    for (const header of [undefined, '', 'has spaces', 'x'.repeat(200)]) {
      expect(withHeader(header)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
