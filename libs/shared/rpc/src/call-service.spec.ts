import { Controller, INestMicroservice, NotFoundException } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { callService } from './call-service';
import { parseRequest } from './parse-request';
import { RpcErrorFilter } from './rpc-error.filter';
import { ServiceError } from './service-error';
import { freePort } from '@bazaar/shared/testing';

@Controller()
class ProbeController {
  @MessagePattern('echo')
  echo(data: unknown) {
    return parseRequest(z.object({ n: z.number().int().min(0) }), data);
  }

  @MessagePattern('missing')
  missing() {
    throw ServiceError.notFound('PRODUCT_NOT_FOUND', 'No product p1');
  }

  @MessagePattern('changed')
  changed() {
    throw ServiceError.conflict('PRICE_CHANGED', 'Prices changed', { changedLines: [{ productId: 'p1' }] });
  }

  @MessagePattern('nest-http')
  nestHttp() {
    throw new NotFoundException('gone');
  }

  @MessagePattern('crash')
  crash() {
    throw new Error('secret internals');
  }

  @MessagePattern('slow')
  slow() {
    return new Promise((resolve) => setTimeout(() => resolve('late'), 2000));
  }
}

describe('callService over the TCP transport', () => {
  let server: INestMicroservice;
  let client: ClientProxy;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    server = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
    server.useGlobalFilters(new RpcErrorFilter());
    await server.listen();
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  const call = (pattern: string, data: unknown = {}, timeoutMs?: number) => callService(client, 'probe', pattern, data, timeoutMs);

  it('returns the reply', async () => {
    await expect(call('echo', { n: 3 })).resolves.toEqual({ n: 3 });
  });

  it('keeps the status and code of a service error across the hop', async () => {
    await expect(call('missing')).rejects.toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_FOUND', message: 'No product p1' });
    await expect(call('nest-http')).rejects.toMatchObject({ statusCode: 404, message: 'gone' });
  });

  it('carries an error’s details across the hop', async () => {
    const error = await call('changed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).toBody()).toEqual({ statusCode: 409, code: 'PRICE_CHANGED', message: 'Prices changed', details: { changedLines: [{ productId: 'p1' }] } });
  });

  it('turns invalid input into a 400 that names the field', async () => {
    await expect(call('echo', { n: -1 })).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('n:') });
  });

  it('hides unexpected errors behind a 500', async () => {
    await expect(call('crash')).rejects.toMatchObject({ statusCode: 500, message: 'Internal error' });
  });

  it('gives 504 when the service does not answer in time', async () => {
    await expect(call('slow', {}, 200)).rejects.toMatchObject({ statusCode: 504, message: 'probe did not answer within 200 ms' });
  });

  it('gives 503 when the service cannot be reached', async () => {
    const unreachable = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: 1 } });
    await expect(callService(unreachable, 'catalog', 'echo', {})).rejects.toMatchObject({ statusCode: 503, message: expect.stringMatching(/^catalog is unavailable/) });
    unreachable.close();
  });
});
