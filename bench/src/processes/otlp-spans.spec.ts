import { addCounts, countSpans, decodeSpans } from './otlp-spans';

const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });

describe('countSpans', () => {
  it('counts spans per service across resources and scopes', () => {
    const request = {
      resourceSpans: [
        { resource: resource('gateway'), scopeSpans: [{ spans: [{ name: 'GET' }, { name: 'GET' }] }, { spans: [{ name: 'catalog call' }] }] },
        { resource: resource('catalog'), scopeSpans: [{ spans: [{ name: 'find' }] }] },
        { resource: resource('gateway'), scopeSpans: [{ spans: [{}] }] },
      ],
    };
    expect(countSpans(request)).toEqual({
      byService: { gateway: 4, catalog: 1 },
      byName: { 'gateway: GET': 2, 'gateway: catalog call': 1, 'gateway: (unnamed)': 1, 'catalog: find': 1 },
    });
  });

  it('accepts an empty export', () => {
    expect(countSpans({})).toEqual({ byService: {}, byName: {} });
    expect(countSpans({ resourceSpans: [{ scopeSpans: [{}] }] })).toEqual({ byService: { unknown: 0 }, byName: {} });
  });

  it('adds counts up across exports', () => {
    const totals = { a: 1 };
    addCounts(totals, { a: 2, b: 3 });
    expect(totals).toEqual({ a: 3, b: 3 });
  });
});

describe('decodeSpans', () => {
  it('keeps ids, service, kind, times in ms and the attributes that classify a span', () => {
    const request = {
      resourceSpans: [
        {
          resource: resource('order'),
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'aa',
                  spanId: 'bb',
                  parentSpanId: 'cc',
                  name: 'save orders',
                  kind: 3,
                  startTimeUnixNano: '1764560000123456789',
                  endTimeUnixNano: '1764560000125000000',
                  attributes: [
                    { key: 'db.system.name', value: { stringValue: 'mongodb' } },
                    { key: 'db.query.text', value: { stringValue: 'a customer document' } },
                    { key: 'messaging.destination.name', value: { stringValue: 'orders' } },
                    { key: 'bazaar.outbox.size', value: { intValue: '3' } },
                  ],
                },
                { traceId: 'aa', spanId: 'dd', parentSpanId: '', startTimeUnixNano: 1000000, endTimeUnixNano: 3000000 },
              ],
            },
          ],
        },
      ],
    };
    expect(decodeSpans(request)).toEqual([
      {
        traceId: 'aa',
        spanId: 'bb',
        parentSpanId: 'cc',
        service: 'order',
        name: 'save orders',
        kind: 3,
        startMs: 1764560000123.4568,
        endMs: 1764560000125,
        attributes: { 'db.system.name': 'mongodb', 'messaging.destination.name': 'orders', 'bazaar.outbox.size': 3 },
      },
      { traceId: 'aa', spanId: 'dd', service: 'order', name: '(unnamed)', kind: 1, startMs: 1, endMs: 3, attributes: {} },
    ]);
  });
});
