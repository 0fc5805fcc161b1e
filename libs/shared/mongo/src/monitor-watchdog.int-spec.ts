import { MongoClient } from 'mongodb';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { watchServerMonitors } from './monitor-watchdog';

describe('watchServerMonitors (real server)', () => {
  let client: MongoClient;

  beforeAll(async () => {
    client = await new MongoClient(await requireServer('mongodb'), { connectTimeoutMS: 1000, heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 2000 }).connect();
  });
  afterAll(() => client?.close());

  it("restarts a monitor whose check never settles (the driver's hang when the server closes the connection under it), and the server is checked again", async () => {
    const stuck: { address: string; restarted: boolean }[] = [];
    const stop = watchServerMonitors(client, { onStuck: (address, _ms, restarted) => stuck.push({ address, restarted }), intervalMs: 250 });
    try {
      // The hang, as seen with FerretDB stopping: the monitor's next hello neither answers nor fails.
      const [server] = (client as unknown as { topology: { s: { servers: Map<string, { monitor: { connection: { command: () => Promise<never> } | null } }> } } }).topology.s.servers.values();
      const connection = await eventually(() => server.monitor.connection ?? undefined, 'the monitor connected');
      connection.command = () => new Promise<never>(() => undefined);
      let checkedSince = 0;
      client.on('serverHeartbeatSucceeded', () => (checkedSince += 1));

      await eventually(() => (stuck.length > 0 ? true : undefined), 'the stuck check noticed', 15000);
      checkedSince = 0;
      await eventually(() => (checkedSince > 0 ? true : undefined), 'the server checked again', 10000);
      expect(stuck).toEqual([{ address: expect.stringMatching(/:\d+$/), restarted: true }]);
      await expect(client.db(uniqueName('it-watchdog')).command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    } finally {
      stop();
    }
  }, 30000);
});
