import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_LOG_PATHS, requestId } from './logger.module';

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

describe('REDACTED_LOG_PATHS', () => {
  it('keeps a card out of a log line at any depth a request body puts it, and credentials out of headers', () => {
    const lines: string[] = [];
    const logger = pino({ redact: REDACTED_LOG_PATHS }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const card = { number: '4242424242424242', expiry: '12/40', cvc: '123' };
    logger.info({ card }, 'top');
    logger.info({ body: { payment: { card } } }, 'in a body');
    logger.info({ req: { body: { payment: { card } }, headers: { cookie: 'bazaar_cart=secret', authorization: 'Bearer secret' } } }, 'in a request');
    const logged = lines.join('');
    expect(logged).not.toMatch(/4242424242424242|"cvc"|secret/);
    expect(lines).toHaveLength(3);
  });
});
