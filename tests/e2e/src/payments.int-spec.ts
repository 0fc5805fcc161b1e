import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { PaymentsPatterns, PING_PATTERN } from '@bazaar/contracts';
import { freePorts, requireServer, serverAddress, uniqueName } from '@bazaar/shared/testing';
import { getJson, RunningService, startService, waitFor } from './support/services';

describe('payments as built, against the real servers', () => {
  let running: RunningService | undefined;
  let tcpPort: number;

  beforeAll(async () => {
    await requireServer('mongodb');
    await requireServer('kafka');
    const [httpPort, rpcPort] = await freePorts(2);
    tcpPort = rpcPort;
    running = await startService('payments', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TRACING_ENABLED: 'false',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      TCP_HOST: '127.0.0.1',
      TCP_PORT: String(tcpPort),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: uniqueName('e2e-payments'),
      KAFKA_BROKERS: serverAddress('kafka'),
      KAFKA_TOPIC_PREFIX: `${uniqueName('e2e')}.`,
    });
  }, 90000);

  afterAll(() => running?.stop());

  it('is ready once its own dependencies answer, its consumer group among them', async () => {
    const expected = ['kafka', 'kafka-consumer:payments', 'mongodb', 'process'];
    await waitFor(`readiness 200 with ${expected.join(', ')}`, 30000, async () => {
      const { status, body } = await getJson(`${running?.url}/health/ready`);
      return status === 200 && Object.keys(body.info).sort().join() === expected.join();
    });
  });

  it('answers its contract over TCP: ping, and a 404 with the error shape for an unknown record', async () => {
    const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: tcpPort } });
    try {
      await expect(firstValueFrom(client.send(PING_PATTERN, {}))).resolves.toEqual({ service: 'payments', ok: true });
      await expect(firstValueFrom(client.send(PaymentsPatterns.get, { id: 'no-such-record' }))).rejects.toMatchObject({ statusCode: 404, code: 'PAYMENTS_NOT_FOUND' });
    } finally {
      client.close();
    }
  });
});
