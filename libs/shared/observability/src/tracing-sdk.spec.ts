import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { metricReaders, sampler, tracingInstrumentations } from './tracing-sdk';
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

describe('sampler', () => {
  it('follows the parent, sampling every root span, unless OTEL_TRACES_SAMPLER says otherwise', () => {
    expect(sampler(tracingEnv({}))).toBeInstanceOf(ParentBasedSampler);
    expect(sampler(tracingEnv({ OTEL_TRACES_SAMPLER: 'always_on' }))).toBeInstanceOf(AlwaysOnSampler);
    expect(sampler(tracingEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }))).toBeInstanceOf(TraceIdRatioBasedSampler);
  });

  it('refuses a sampler the specification does not name', () => {
    expect(() => tracingEnv({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow('OTEL_TRACES_SAMPLER');
  });
});

describe('tracingInstrumentations', () => {
  it('traces an HTTP request with the server span only, not a framework span repeating it', () => {
    const names = tracingInstrumentations().map((instrumentation) => instrumentation.instrumentationName);
    expect(names).toContain(new HttpInstrumentation().instrumentationName);
    expect(names.filter((name) => /fastify|nest/i.test(name))).toEqual([]);
  });
});
