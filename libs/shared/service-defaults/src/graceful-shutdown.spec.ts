import { Controller, Get, Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { baseEnvSchema, port } from '@bazaar/shared/config';
import { startService } from './bootstrap-service';
import { ServiceDefaultsModule } from './service-defaults.module';
import { freePorts } from '@bazaar/shared/testing';

const envSchema = baseEnvSchema.extend({ SERVICE_NAME: z.literal('slowpoke'), TCP_HOST: z.string(), TCP_PORT: port });
const WORK_MS = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let finishedWork = 0;

@Controller()
class SlowController {
  @Get('slow')
  async slowHttp() {
    await sleep(WORK_MS);
    finishedWork++;
    return { done: 'http' };
  }

  @MessagePattern('slowpoke.work')
  async slowRpc() {
    await sleep(WORK_MS);
    finishedWork++;
    return { done: 'rpc' };
  }
}

@Module({
  controllers: [SlowController],
  imports: [ServiceDefaultsModule.forRoot({ health: { useFactory: () => [] } })],
})
class SlowModule {}

describe('graceful shutdown', () => {
  const saved = { ...process.env };
  afterEach(() => (process.env = { ...saved }));

  it('turns readiness 503, finishes the HTTP and RPC requests in flight, refuses new RPCs, then closes', async () => {
    const [httpPort, tcpPort] = await freePorts(2);
    process.env = {
      ...saved,
      SERVICE_NAME: 'slowpoke',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      TCP_HOST: '127.0.0.1',
      TCP_PORT: String(tcpPort),
      LOG_LEVEL: 'silent',
      SHUTDOWN_DELAY_MS: '300',
    };
    const { shutdown } = await startService({ module: SlowModule, envSchema, microservice: true, handleSignals: false });
    const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: tcpPort } });
    const url = `http://127.0.0.1:${httpPort}`;
    try {
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      await client.connect();
      finishedWork = 0;

      const inFlightHttp = fetch(`${url}/slow`).then(async (response) => ({ status: response.status, body: await response.json() }));
      const inFlightRpc = firstValueFrom(client.send('slowpoke.work', {}));
      await sleep(50);
      const closed = shutdown.run('SIGTERM');

      // During the delay: not ready, but still serving.
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('process is unavailable: shutting down');

      // Once draining, a new request on the open connection is refused with a clear 503.
      await sleep(350);
      await expect(firstValueFrom(client.send('slowpoke.work', {}))).rejects.toMatchObject({ statusCode: 503, message: 'slowpoke is unavailable' });

      await expect(inFlightHttp).resolves.toEqual({ status: 200, body: { done: 'http' } });
      await expect(inFlightRpc).resolves.toEqual({ done: 'rpc' });
      await closed;
      expect(finishedWork).toBe(2);
      await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    } finally {
      client.close();
      await shutdown.run('test end');
    }
  });
});
