import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldStartRow, parseColdStart, recordedColdStartRow } from './cold-start';

const t0 = 1796106993;
const at = (seconds: number, text: string) => `${(t0 + seconds).toFixed(6)} ${text}`;

// Lines as tools/scripts/cold-stack.sh writes them (the progress line keeps its \r rewrites).
const log = [
  at(0, 'cold-stack: start 6.18.44, 2 cores, load 8.42 2.68 1.75'),
  at(0.6, '> bash tools/scripts/stack.sh'),
  at(0.8, 'fetching Node.js 24.21.0 (this machine has v20.20.2; engines asks >=24)'),
  at(30, 'cold-stack: load 9.19 3.24 1.95'),
  at(66.5, 'added 1142 packages in 55s'),
  at(66.8, 'Node.js v24.21.0 (/tmp/cache/node-24.21.0/node_modules/node/bin/node)'),
  at(66.8, 'building in the background (log: tmp/stack/build.log)'),
  at(66.9, 'jaeger: building in the background, starts when built; not waited for (log: run/logs/jaeger-install.log)'),
  at(110.9, 'kafka: jars resolved in 44s'),
  at(200, 'ferretdb: built in 133s'),
  at(240, 'cold-stack: load 14.78 7.03 3.45'),
  at(247.9, 'redis 7.0.15 ready on redis://127.0.0.1:16379 (pid 11930, started in 4s)'),
  at(248.1, 'ferretdb 1.24.2 ready on mongodb://127.0.0.1:37017 (pid 11883, started in 4s)'),
  at(248.4, 'kafka 4.3.1 ready on 127.0.0.1:19092 (pid 11851, started in 10s)'),
  at(300, '  services and storefront... 1s\r  services and storefront... 2s\r  services and storefront... done in 233s'),
  at(300.1, 'waiting for services...'),
  at(312.3, '  gateway-2 ready on :13005 after 1s'),
  at(313, ''),
  at(313.1, 'Bazaar is running.'),
  at(313.2, 'cold-stack: services build took 47.1s'),
  at(700, 'cold-stack: jaeger ready (jaeger: built in 600s)'),
  at(702, 'cold-stack: trace 5b8efff798038103d269b633813fc60c of a request after Jaeger joined found in Jaeger'),
].join('\n');

describe('cold first npm run stack', () => {
  const record = parseColdStart(log);

  it('times each phase from its lines, counted from the command', () => {
    expect(record.date).toBe(new Date(t0 * 1000).toISOString());
    expect(record.storeReadySeconds).toBe(313);
    expect(record.jaegerReadySeconds).toBe(700);
    expect(record.tracedAfterJaegerJoined).toBe(true);
    expect(record.loadAverage).toEqual({ min: 8.42, max: 14.78 });
    expect(record.machine).toBe('6.18.44, 2 cores, load 8.42 2.68 1.75');
    expect(record.phases).toEqual([
      { phase: 'Node.js fetched', seconds: 10.7, endSeconds: 11.5 },
      { phase: 'npm ci', seconds: 55, endSeconds: 66.5 },
      { phase: 'Kafka jars (Maven)', seconds: 44, endSeconds: 111 },
      { phase: 'FerretDB build (Go)', seconds: 133, endSeconds: 200 },
      { phase: 'servers ready', seconds: 248, endSeconds: 248 },
      { phase: 'services build (Nx)', seconds: 47.1, endSeconds: 114 },
      { phase: 'services up', seconds: 13, endSeconds: 313 },
      { phase: 'Jaeger build (Go)', seconds: 600, endSeconds: 700 },
    ]);
  });

  it('reads npm in minutes, and a run whose Jaeger never came up', () => {
    const other = parseColdStart(log.replace('in 55s', 'in 1m').split('\n').slice(0, -2).join('\n'));
    expect(other.phases.find((phase) => phase.phase === 'npm ci')?.seconds).toBe(60);
    expect(other.jaegerReadySeconds).toBeUndefined();
    expect(other.tracedAfterJaegerJoined).toBe(false);
    expect(coldStartRow(other).figure).toContain('Jaeger not seen ready');
  });

  it('refuses a log that never reached the store', () => {
    expect(() => parseColdStart(log.split('\n').slice(0, 10).join('\n'))).toThrow(/Bazaar is running/);
  });

  it('is a start-up row with its date, how it was measured and the 10-minute goal', () => {
    const row = coldStartRow(record);
    expect(row).toMatchObject({ benchmark: 'start-up', bazaar: 313, goal: '≤ 600, Jaeger may join later', met: true });
    expect(row.figure).toMatch(/^cold first npm run stack to store ready s \(recorded 2026-12-01 06:36 UTC by tools\/scripts\/cold-stack\.sh, not this run; load average 8\.42–14\.78: /);
    expect(row.figure).toContain('npm ci 55 (done at 66.5)');
    expect(row.figure).toContain('Jaeger joined at 700 s, a request after it traced in it');
    expect(coldStartRow({ ...record, storeReadySeconds: 601 }).met).toBe(false);
  });

  it('is read back from the recorded file, and absent when none was recorded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
    try {
      const file = join(dir, 'cold-start.json');
      expect(recordedColdStartRow(file)).toBeUndefined();
      writeFileSync(file, JSON.stringify(record));
      expect(recordedColdStartRow(file)).toEqual(coldStartRow(record));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
