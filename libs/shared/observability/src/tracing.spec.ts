const startSdk = jest.fn(() => ({ shutdown: jest.fn(async () => undefined) }));
jest.mock('./tracing-sdk', () => ({ startSdk }));

import { getSourceMapsSupport, setSourceMapsSupport } from 'node:module';
import { shutdownTracing, startTracing } from './tracing';

describe('startTracing', () => {
  const saved = process.env.TRACING_ENABLED;
  afterEach(async () => {
    await shutdownTracing();
    process.env.TRACING_ENABLED = saved;
    startSdk.mockClear();
    setSourceMapsSupport(false);
  });

  it('maps stack traces through the source maps of what it preloads, not of node_modules', () => {
    process.env.TRACING_ENABLED = 'false';
    startTracing({ serviceName: 'catalog' });
    expect(getSourceMapsSupport()).toEqual({ enabled: true, nodeModules: false, generatedCode: false });
  });

  it('loads no part of the SDK while tracing is off', () => {
    process.env.TRACING_ENABLED = 'false';
    jest.isolateModules(() => {
      const isolated = jest.requireActual<typeof import('./tracing')>('./tracing');
      isolated.startTracing({ serviceName: 'catalog' });
    });
    expect(startSdk).not.toHaveBeenCalled();
  });

  it('starts the SDK once when tracing is on', () => {
    process.env.TRACING_ENABLED = 'true';
    startTracing({ serviceName: 'catalog' });
    startTracing({ serviceName: 'catalog' });
    expect(startSdk).toHaveBeenCalledTimes(1);
    expect(startSdk).toHaveBeenCalledWith(expect.objectContaining({ TRACING_ENABLED: true }), 'catalog', '0.1.0');
  });
});
