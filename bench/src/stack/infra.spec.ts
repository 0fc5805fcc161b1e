import { parseUpReport } from './infra';

describe('parseUpReport', () => {
  it('reads each server’s version and whether it was started', () => {
    const stdout = [
      'redis 7.0.15 ready on redis://127.0.0.1:17379 (pid 1695, started in 0s)',
      'ferretdb 1.24.2 ready on mongodb://127.0.0.1:17017 (pid 1674, already running)',
      'kafka 4.3.1 ready on 127.0.0.1:17092 (pid 1646, started in 14s)',
    ].join('\n');
    expect(parseUpReport(stdout)).toEqual({
      redis: { version: '7.0.15', how: 'started in 0s' },
      ferretdb: { version: '1.24.2', how: 'already running' },
      kafka: { version: '4.3.1', how: 'started in 14s' },
    });
  });

  it('leaves out servers it did not manage', () => {
    expect(parseUpReport('kafka: using KAFKA_BROKERS=broker:9092 (set in the environment; reachable, not started here)')).toEqual({});
  });
});
