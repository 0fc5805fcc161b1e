import type { AddressInfo } from 'node:net';
import { Agent, request as httpRequest } from 'node:http';
import { DRAINED_BODY_LIMIT_BYTES, drainsInsteadOfClosing, httpAdapter } from './bootstrap-service';

/** One POST on a kept-alive connection, as browsers and HAProxy send them: the status, the Connection header, and the body of the answer. */
function post(agent: Agent, port: number, bytes: number): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ text: 'x'.repeat(bytes) });
    const req = httpRequest({ port, method: 'POST', path: '/echo', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the HTTP server refusing a body it did not read', () => {
  const adapter = httpAdapter(1024, false);
  const fastify = adapter.getInstance();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let port: number;

  beforeAll(async () => {
    fastify.post('/echo', async (request) => request.body);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    port = (fastify.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await fastify.close();
  });

  it('answers 413 on a kept-alive connection and reads the rest, so no reset can destroy the answer', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await post(agent, port, 200_000);
      expect(answer).toMatchObject({ status: 413, connection: 'keep-alive' });
      expect(answer.body).toContain('Request body is too large');
    }
    expect((await post(agent, port, 10)).status).toBe(200);
  });

  it('still closes when the body is longer than it would read, or of no stated length', () => {
    expect(drainsInsteadOfClosing({ complete: false, headers: { 'content-length': String(DRAINED_BODY_LIMIT_BYTES + 1) } }, 'close')).toBe(false);
    expect(drainsInsteadOfClosing({ complete: false, headers: {} }, 'close')).toBe(false);
    expect(drainsInsteadOfClosing({ complete: true, headers: { 'content-length': '10' } }, 'close')).toBe(false);
    expect(drainsInsteadOfClosing({ complete: false, headers: { 'content-length': '200000' } }, 'close')).toBe(true);
  });
});
