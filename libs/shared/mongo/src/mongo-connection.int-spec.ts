import { createServer, connect, Server, Socket } from 'node:net';
import { ConfigModule } from '@nestjs/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { MongoConnectionModule } from './mongo-connection.module';

/** The old connect timeout, which was also the monitor's limit for one check of the server. */
const OLD_CHECK_LIMIT_MS = 3000;

/**
 * A TCP proxy in front of the real server that can hold back every reply for a while: the server
 * (or its host) answering nothing, as when it is starved of CPU. Requests still reach the server.
 */
async function stallingProxy(upstream: string): Promise<{ url: string; stall(): void; resume(): void; close(): Promise<void> }> {
  const [host, port] = upstream.replace(/^mongodb:\/\//, '').split('/')[0].split(':');
  let stalled = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const target = connect(Number(port), host);
    for (const socket of [client, target]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => (client.destroy(), target.destroy()));
    }
    client.on('data', (chunk) => target.write(chunk));
    target.on('data', (chunk) => (stalled ? held.push(() => client.write(chunk)) : client.write(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `mongodb://127.0.0.1:${address.port}`,
    stall: () => void (stalled = true),
    resume: () => {
      stalled = false;
      held.splice(0).forEach((send) => send());
    },
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('MongoConnectionModule (real server behind a proxy that can stall)', () => {
  let proxy: Awaited<ReturnType<typeof stallingProxy>>;
  let moduleRef: TestingModule;
  let connection: Connection;

  beforeAll(async () => {
    proxy = await stallingProxy(await requireServer('mongodb'));
    const env = { MONGO_URL: proxy.url, MONGO_DB: uniqueName('it-connection') };
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule],
    }).compile();
    await moduleRef.init();
    connection = moduleRef.get(getConnectionToken());
  });

  afterAll(async () => {
    proxy?.resume();
    await connection?.dropDatabase().catch(() => undefined);
    await moduleRef?.close();
    await proxy?.close();
  });

  it('a server that answers nothing for a few seconds delays a write in flight, never fails it nor clears the pool', async () => {
    const items = connection.collection<{ _id: string; n: number }>('items');
    await items.insertOne({ _id: 'a', n: 0 });
    const client = connection.getClient();
    const cleared: unknown[] = [];
    client.on('connectionPoolCleared', (event) => cleared.push(event));
    let checkStartedAt = 0;
    client.on('serverHeartbeatStarted', () => (checkStartedAt ||= Date.now()));

    proxy.stall();
    const write = items.updateOne({ _id: 'a' }, { $inc: { n: 1 } });
    // Hold the replies until a check of the server has waited past the old limit.
    checkStartedAt = 0;
    await eventually(() => (checkStartedAt > 0 && Date.now() - checkStartedAt > OLD_CHECK_LIMIT_MS + 500 ? true : undefined), 'a check of the server waiting past 3.5 s', 20000);
    proxy.resume();

    await expect(write).resolves.toMatchObject({ modifiedCount: 1 });
    expect(cleared).toEqual([]);
    expect(await items.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
  }, 30000);
});
