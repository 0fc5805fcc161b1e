import type { MongoClient, ServerHeartbeatStartedEvent } from 'mongodb';

/** The driver's monitor of one server, as far as the watchdog touches it (internal to the driver). */
interface ServerMonitor {
  close(): void;
  connect(): void;
}

export interface MonitorWatchdogOptions {
  /** Called after a stuck monitor was restarted (or could not be), for the log. */
  onStuck(address: string, stuckForMs: number, restarted: boolean): void;
  /** How often to look; a quarter of the shortest limit by default. */
  intervalMs?: number;
}

/**
 * Restarts the driver's monitor of a server when one of its checks outlives every time limit the
 * driver itself puts on it.
 *
 * mongodb 7.8 can leave a check (a `hello` on the monitor's connection) pending for good when the
 * server closes that connection just as the check is written: seen when FerretDB stops, the
 * monitor stayed "monitoring" with its connection closed. It never checks again, the server stays
 * unknown after it is back, and every operation fails with `MongoServerSelectionError` until the
 * process restarts. A check lasts at most connectTimeoutMS to connect plus connectTimeoutMS for
 * the reply (plus heartbeatFrequencyMS when the server streams its replies); past that, with a
 * margin, nothing but this bug keeps it pending, and restarting the monitor is what a process
 * restart would do for it.
 */
export function watchServerMonitors(client: MongoClient, { onStuck, intervalMs }: MonitorWatchdogOptions): () => void {
  const { connectTimeoutMS, heartbeatFrequencyMS } = client.options;
  const limit = (awaited: boolean) => 2 * connectTimeoutMS + (awaited ? heartbeatFrequencyMS : 0) + 5000;
  const checks = new Map<string, { startedAt: number; awaited: boolean }>();
  const started = (event: ServerHeartbeatStartedEvent) => checks.set(event.connectionId, { startedAt: Date.now(), awaited: event.awaited });
  const ended = (event: { connectionId: string }) => checks.delete(event.connectionId);
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);

  const timer = setInterval(
    () => {
      for (const [address, { startedAt, awaited }] of checks) {
        const pendingMs = Date.now() - startedAt;
        if (pendingMs <= limit(awaited)) continue;
        checks.delete(address);
        const monitor = monitorOf(client, address);
        if (monitor) {
          monitor.close();
          monitor.connect();
        }
        onStuck(address, pendingMs, monitor !== undefined);
      }
    },
    intervalMs ?? limit(false) / 4,
  );
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', started);
    client.off('serverHeartbeatSucceeded', ended);
    client.off('serverHeartbeatFailed', ended);
  };
  client.once('topologyClosed', stop);
  return stop;
}

/** The driver keeps its servers in `topology.s.servers`, each with a `monitor`; undefined if that shape changed. */
function monitorOf(client: MongoClient, address: string): ServerMonitor | undefined {
  const topology = (client as unknown as { topology?: { s?: { servers?: Map<string, { monitor?: Partial<ServerMonitor> }> } } }).topology;
  const monitor = topology?.s?.servers?.get(address)?.monitor;
  return typeof monitor?.close === 'function' && typeof monitor.connect === 'function' ? (monitor as ServerMonitor) : undefined;
}
