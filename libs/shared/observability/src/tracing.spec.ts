import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { metricReaders } from './tracing';
import { tracingEnv } from './tracing-env';

describe('metricReaders', () => {
  it('pushes no OTLP metrics to the traces endpoint: Jaeger has no metrics pipeline (a 404 every interval)', () => {
    expect(metricReaders(tracingEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }))).toEqual([]);
  });

  it('pushes OTLP metrics only where a metrics endpoint is configured', () => {
    const readers = metricReaders(tracingEnv({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' }));
    expect(readers).toHaveLength(1);
    expect(readers[0]).toBeInstanceOf(PeriodicExportingMetricReader);
  });
});
