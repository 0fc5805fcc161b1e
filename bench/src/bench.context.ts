import { BenchPorts, BenchSettings } from './bench.settings';
import { RunScope, ServiceName, Stack } from './stack/services';

/** What every benchmark gets: its settings, the run's ports and names, and the running stack. */
export interface BenchContext {
  settings: BenchSettings;
  ports: BenchPorts;
  scope: RunScope;
  env: Record<ServiceName, Record<string, string>>;
  stack: Stack;
}
