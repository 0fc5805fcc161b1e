import { countSpans } from './otlp-spans';

const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });

describe('countSpans', () => {
  it('counts spans per service across resources and scopes', () => {
    const request = {
      resourceSpans: [
        { resource: resource('gateway'), scopeSpans: [{ spans: [{}, {}] }, { spans: [{}] }] },
        { resource: resource('catalog'), scopeSpans: [{ spans: [{}] }] },
        { resource: resource('gateway'), scopeSpans: [{ spans: [{}] }] },
      ],
    };
    expect(countSpans(request)).toEqual({ gateway: 4, catalog: 1 });
  });

  it('accepts an empty export', () => {
    expect(countSpans({})).toEqual({});
    expect(countSpans({ resourceSpans: [{ scopeSpans: [{}] }] })).toEqual({ unknown: 0 });
  });
});
