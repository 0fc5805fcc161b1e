import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { requiredEnv, serveUntilStopped } from './process-env';
import { addCounts, countSpans, decodeSpans, DecodedSpan } from './otlp-spans';

/**
 * A minimal OTLP/HTTP trace receiver standing in for Jaeger: accepts POST /v1/traces (JSON, the
 * encoding of @opentelemetry/exporter-trace-otlp-http, gzip or not), counts spans per service,
 * answers 200 like a collector. GET /stats reports the counts (per service and per span name).
 * With KEEP_SPANS=true it also keeps every span (decoded, see decodeSpans) for GET /spans: the
 * checkout benchmark splits each checkout's trace into database, Kafka and platform time.
 */
serveUntilStopped(async () => {
  const spansByService: Record<string, number> = {};
  const spansByName: Record<string, number> = {};
  let exports = 0;
  let bytes = 0;
  const keep = process.env.KEEP_SPANS === 'true';
  const kept: DecodedSpan[] = [];
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ exports, bytes, spansByService, spansByName }));
      return;
    }
    if (request.method === 'GET' && request.url === '/spans') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kept));
      return;
    }
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = Buffer.concat(chunks);
        bytes += body.length;
        const json = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
        const traces = JSON.parse(json.toString('utf8'));
        const counts = countSpans(traces);
        if (keep) kept.push(...decodeSpans(traces));
        addCounts(spansByService, counts.byService);
        addCounts(spansByName, counts.byName);
        exports++;
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(requiredEnv('PORT')), '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});
