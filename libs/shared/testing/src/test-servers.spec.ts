import { createServer, Server } from 'node:net';
import { requireServer, serverAddress, uniqueName } from './test-servers';

describe('requireServer', () => {
  const saved = process.env.REDIS_URL;
  let server: Server | undefined;
  afterEach(() => {
    process.env.REDIS_URL = saved;
    server?.close();
  });

  it('resolves with the address of a server that accepts connections', async () => {
    server = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    const { port } = server.address() as { port: number };
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    await expect(requireServer('redis')).resolves.toBe(`redis://127.0.0.1:${port}`);
  });

  it('names the server and the variable when nothing listens', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    await expect(requireServer('redis')).rejects.toThrow(/redis is not reachable at 127\.0\.0\.1:1 .*REDIS_URL/);
  });

  it('reads the address from its variable', () => {
    const savedBrokers = process.env.KAFKA_BROKERS;
    process.env.KAFKA_BROKERS = 'k1:9092,k2:9092';
    expect(serverAddress('kafka')).toBe('k1:9092,k2:9092');
    process.env.KAFKA_BROKERS = savedBrokers;
  });

  it('makes names that do not collide', () => {
    expect(uniqueName('topic')).not.toBe(uniqueName('topic'));
  });
});
