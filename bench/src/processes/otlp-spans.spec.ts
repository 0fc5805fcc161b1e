import { addCounts, countSpans } from './otlp-spans';

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
