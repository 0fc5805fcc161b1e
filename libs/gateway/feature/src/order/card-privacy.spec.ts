import { Writable } from 'node:stream';
import type { ClientProxy } from '@nestjs/microservices';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { of, throwError } from 'rxjs';
import { CART_SERVICE, CATALOG_SERVICE, ORDER_SERVICE, OrderPatterns, passesLuhn, PAYMENTS_SERVICE, PaymentsPatterns } from '@bazaar/contracts';
import { checkoutBody, startEdgeApp, TEST_CUSTOMER, TOKENIZED } from '../testing/edge-app';

/** A valid number no other test uses, so finding it anywhere means this test leaked it. */
const NUMBER = (() => {
  const body = '4929' + String(Date.now()).slice(-11);
  return body + [...'0123456789'].find((digit) => passesLuhn(body + digit));
})();
const TYPED = NUMBER.replace(/(\d{4})(?=\d)/g, '$1 ');
const CVC = '7319';

/** A client of one service over a fake transport: `answer` per pattern, or an error as the transport reports one. */
const client = (answer: (pattern: string) => unknown) =>
  ({
    send: (pattern: string) => {
      const reply = answer(pattern);
      return reply instanceof Error ? throwError(() => reply) : of(reply);
    },
  }) as unknown as ClientProxy;

describe('the card number and CVC never reach the gateway’s logs or spans', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const sdk = new NodeSDK({ spanProcessors: [processor], instrumentations: [] });
  let logs = '';
  let paymentsUp = true;
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;

  beforeAll(async () => {
    sdk.start();
    const sink = new Writable({ write: (chunk, _encoding, done) => ((logs += String(chunk)), done()) });
    edge = await startEdgeApp(
      {
        [CATALOG_SERVICE]: client(() => ({})),
        [CART_SERVICE]: client(() => ({})),
        [ORDER_SERVICE]: client((pattern) => (pattern === OrderPatterns.checkout ? { orderId: 'o-1', status: 'PENDING' } : new Error('boom'))),
        [PAYMENTS_SERVICE]: client((pattern) => (paymentsUp && pattern === PaymentsPatterns.tokenizeCard ? TOKENIZED : new Error('connect ECONNREFUSED 127.0.0.1:4004'))),
      },
      // Everything pino would write, at every level.
      { LOG_LEVEL: 'trace', SERVICE_CALL_TIMEOUT_MS: 1000 },
      false,
      sink,
    );
  });
  afterAll(async () => {
    await edge?.app.close();
    await sdk.shutdown();
  });

  const checkout = (card: object) =>
    edge.inject({ method: 'POST', url: '/api/checkout', payload: checkoutBody(TEST_CUSTOMER, { expiry: '12/40', cvc: CVC, ...card }), headers: { 'idempotency-key': 'key-12345678' } });

  it('placed, refused as invalid, or with payments down', async () => {
    expect((await checkout({ number: TYPED })).statusCode).toBe(202);
    expect((await checkout({ number: NUMBER, expiry: '13/40' })).statusCode).toBe(400);
    paymentsUp = false;
    expect((await checkout({ number: NUMBER })).statusCode).toBe(503);

    // The scan sees what there is to see: the requests were logged, the payments call traced.
    expect(logs).toContain('"url":"/api/checkout"');
    expect(logs).toContain('payments is unavailable');
    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toContain(`payments ${PaymentsPatterns.tokenizeCard}`);

    const spanText = JSON.stringify(spans.map(({ name, attributes, events, status }) => ({ name, attributes, events, status })));
    for (const [where, text] of [
      ['logs', logs],
      ['spans', spanText],
    ]) {
      expect({ where, number: text.includes(NUMBER) || text.includes(TYPED) || text.includes(NUMBER.slice(0, 12)) }).toEqual({ where, number: false });
      expect({ where, cvc: text.includes(`"${CVC}"`) || /"cvc"/i.test(text) }).toEqual({ where, cvc: false });
    }
  });
});
