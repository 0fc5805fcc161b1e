import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { BACKEND_SERVICES, checkoutBody, requireServer, uniqueCardNumber } from '@bazaar/shared/testing';
import { getJson, RunningService, shopperOf, startAllServices, stopAllServices, waitFor } from './support/services';

/** An OTLP/HTTP endpoint that keeps every export's raw bytes (protobuf keeps strings as UTF-8). */
async function otlpReceiver() {
  const exports: { path: string; body: Buffer }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      exports.push({ path: request.url ?? '', body: request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw });
      response.writeHead(200, { 'content-type': String(request.headers['content-type'] ?? 'application/x-protobuf') }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, close: () => new Promise((resolve) => server.close(resolve)) };
}

const probe = randomBytes(6).toString('hex');
const customer = { name: `Probe Shopper ${probe}`, email: `probe-${probe}@example.com`, address: { line1: `${probe} Hidden Lane`, city: 'Lyon', postalCode: '69002', country: 'FR' } };
/** A card number of this run's only, typed in groups of four as shoppers do; the simulator approves it. */
const cardNumber = uniqueCardNumber();
const typedCardNumber = cardNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
const cvc = '7391';
const SERVICES = ['gateway', ...BACKEND_SERVICES];

// Anyone who can read Jaeger or the logs must learn nothing that opens a shopper's cart or names them:
// a checkout with tracing on and debug logs leaves the cart id, email, address and card in no span and no log line.
describe('telemetry holds no cart id, no customer data and no card', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let running: Record<string, RunningService>;
  let cartId: string;
  let orderId: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    receiver = await otlpReceiver();
    running = await startAllServices({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: 'debug' });
    const api = `${running.gateway.url}/api`;
    const as = shopperOf(api);
    const categories = (await getJson(`${api}/categories`)).body as { id: string }[];
    const product = ((await getJson(`${api}/products?category=${categories[0].id}&limit=50`)).body.items as { id: string; stock: number }[]).find((p) => p.stock > 0);
    const added = await as('POST', '/cart/items', { productId: product?.id, quantity: 1 });
    expect(added.status).toBe(201);
    // The cookie's value is the cart id, followed by its signature once the cookie is signed.
    cartId = decodeURIComponent(added.headers.get('set-cookie')?.match(/bazaar_cart=([^;]+)/)?.[1] ?? '').split('.')[0];
    expect(cartId).toMatch(/^[0-9a-f-]{36}$/);
    const placed = await as('POST', '/checkout', checkoutBody(customer, typedCardNumber, cvc), { 'idempotency-key': randomUUID() });
    expect(placed.status).toBe(202);
    orderId = placed.body.orderId;
    await waitFor(`order ${orderId} to be final`, 60000, async () => ['CONFIRMED', 'CANCELLED'].includes((await as('GET', `/orders/${orderId}`)).body?.status));
    await waitFor('cart to take the ordered items out', 15000, async () => (await as('GET', '/cart')).body.lines.length === 0);
    // Stopping flushes every span still buffered and ends every log.
    await stopAllServices(running);
  }, 120000);
  afterAll(async () => {
    await stopAllServices(running ?? {});
    await receiver?.close();
  });

  /**
   * A CVC is too short to look for on its own (four digits turn up in any log): it is looked for as
   * a JSON string, and in spans also as an attribute's whole string value (protobuf's AnyValue
   * string_value: field 1, length-delimited, then its length).
   */
  const secrets = () => ({
    cartId,
    email: customer.email,
    name: customer.name,
    address: customer.address.line1,
    cardNumber,
    typedCardNumber,
    cvc: `"${cvc}"`,
  });
  const cvcAsSpanValue = Buffer.concat([Buffer.from([0x0a, cvc.length]), Buffer.from(cvc)]);
  const spanBytes = () => Buffer.concat(receiver.exports.filter((e) => e.path.endsWith('/v1/traces')).map((e) => e.body));

  it('exported the checkout’s spans from every service (the scan below sees them)', () => {
    const spans = spanBytes();
    for (const service of SERVICES) expect({ service, exported: spans.includes(service) }).toEqual({ service, exported: true });
    expect(spans.includes(orderId)).toBe(true);
  });

  it('has the cart id, the email, the name, the address, the card number and the CVC in no exported span or metric', () => {
    const everything = Buffer.concat(receiver.exports.map((e) => e.body));
    const hits = Object.entries({ ...secrets(), cvcAsSpanValue }).filter(([, value]) => everything.includes(value));
    expect(hits.map(([what]) => what)).toEqual([]);
  });

  it('has them in no log line of any service, at debug level', () => {
    const hits: string[] = [];
    for (const service of SERVICES) {
      const lines = readFileSync(running[service].logFile, 'utf8').split('\n');
      expect(lines.length).toBeGreaterThan(5);
      for (const [what, value] of Object.entries(secrets())) {
        for (const line of lines.filter((l) => l.includes(value))) hits.push(`${service} ${what}: ${line.slice(0, 300)}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
