import { Controller, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { PING_PATTERN } from '@bazaar/contracts';
import { baseEnvSchema, port } from '@bazaar/shared/config';
import { ServiceError } from '@bazaar/shared/rpc';
import { bootstrapService, startService } from './bootstrap-service';
import { ServiceDefaultsModule } from './service-defaults.module';
import { freePorts } from '@bazaar/shared/testing';

const envSchema = baseEnvSchema.extend({ SERVICE_NAME: z.literal('probe'), TCP_HOST: z.string(), TCP_PORT: port });

@Controller()
class FailingController {
  @MessagePattern('probe.missing')
  missing() {
    throw ServiceError.notFound('THING_NOT_FOUND', 'No thing 7');
  }
}

@Injectable()
class HookCounter implements OnModuleInit, OnApplicationBootstrap {
  static calls = 0;
  onModuleInit() {
    HookCounter.calls++;
  }
  onApplicationBootstrap() {
    HookCounter.calls++;
  }
}

@Module({
  controllers: [FailingController],
  providers: [HookCounter],
  imports: [ServiceDefaultsModule.forRoot({ health: { useFactory: () => [{ name: 'stub', ping: async () => 1 }] } })],
})
class ProbeModule {}

describe('bootstrapService with ServiceDefaultsModule', () => {
  const saved = { ...process.env };
  afterEach(() => (process.env = { ...saved }));

  it('refuses to start and names the missing variable', async () => {
    process.env = { ...saved, SERVICE_NAME: 'probe', TCP_HOST: '127.0.0.1', TCP_PORT: '0', LOG_LEVEL: 'silent' };
    delete process.env.HTTP_PORT;
    await expect(bootstrapService({ module: ProbeModule, envSchema })).rejects.toThrow('HTTP_PORT is required but not set');
  });

  it('serves health over HTTP and answers ping over TCP', async () => {
    const [tcpPort, httpPort] = await freePorts(2);
    process.env = { ...saved, SERVICE_NAME: 'probe', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(httpPort), TCP_HOST: '127.0.0.1', TCP_PORT: String(tcpPort), LOG_LEVEL: 'silent' };
    const { app } = await startService({ module: ProbeModule, envSchema, microservice: true, handleSignals: false });
    const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: tcpPort } });
    try {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('x-request-id')).toBeTruthy();
      await expect(firstValueFrom(client.send(PING_PATTERN, {}))).resolves.toEqual({ service: 'probe', ok: true });
      expect(HookCounter.calls).toBe(2); // onModuleInit and onApplicationBootstrap, once each
      await expect(firstValueFrom(client.send('probe.missing', {}))).rejects.toEqual({ statusCode: 404, code: 'THING_NOT_FOUND', message: 'No thing 7' });
    } finally {
      client.close();
      await app.close();
    }
  });
});
